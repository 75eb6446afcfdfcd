namespace ModelRelease;

/// <summary>The tag families of a release.</summary>
public enum TagFormat
{
    /// <summary><c>v1.2.0</c></summary>
    Version,

    /// <summary><c>model-v1.2.0</c></summary>
    Model,

    /// <summary><c>export-v1.2.0</c></summary>
    Export,

    /// <summary><c>weights-v1.1</c> (major.minor only)</summary>
    Weights,

    /// <summary>A template of your own with <c>{version}</c>, <c>{major}</c>, <c>{minor}</c>, <c>{patch}</c>.</summary>
    Custom,
}
