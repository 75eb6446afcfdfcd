namespace ModelRelease.Core.Operations;

/// <summary>
/// An operation that stopped on purpose before writing (a refused gate, a plan that went stale): a stable
/// <see cref="ErrorId"/> from <see cref="OperationErrors"/>, and the verdict that made it stop when there is one.
/// </summary>
public sealed class OperationException(string errorId, ErrorKind kind, string message, object? target = null, Exception? innerException = null)
    : ModelReleaseException(message, innerException)
{
    public override string ErrorId { get; } = errorId;

    public override ErrorKind Kind { get; } = kind;

    public override object? Target { get; } = target;

    /// <summary>The checkpoint gate's verdict, when the gate refused.</summary>
    public CheckpointGateResult? Gate { get; init; }
}
