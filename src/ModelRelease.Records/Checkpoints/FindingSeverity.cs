namespace ModelRelease;

/// <summary>How serious a finding is. Only <see cref="Error"/> makes a checkpoint invalid.</summary>
public enum FindingSeverity
{
    Info,
    Warning,
    Error,
}
