namespace ModelRelease;

/// <summary>What a publish does with one file.</summary>
public enum PublishAction
{
    /// <summary>Not in the repository at that revision yet.</summary>
    New,

    /// <summary>In the repository with other content.</summary>
    Updated,

    /// <summary>In the repository with the same content: neither uploaded nor committed.</summary>
    Unchanged,
}
