namespace ModelRelease;

/// <summary>What a name names, which decides the rules it is checked against.</summary>
public enum NameKind
{
    /// <summary>A Hub repository (<c>org/model-base</c>, a descriptive name): the Hub's repository-name rules.</summary>
    Repository,

    /// <summary>A file (<c>.gguf</c>, <c>.tar.gz</c>): file-name rules.</summary>
    File,

    /// <summary>A release tag (<c>model-v2.1.0</c>): git's ref-name rules.</summary>
    Tag,
}
