namespace ModelRelease.Infrastructure;

/// <summary>Parameter-set names, the same in every cmdlet.</summary>
public static class ParameterSets
{
    public const string Path = "Path";
    public const string LiteralPath = "LiteralPath";
    public const string Checkpoint = "Checkpoint";
}
