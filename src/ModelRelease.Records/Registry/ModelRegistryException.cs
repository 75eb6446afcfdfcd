namespace ModelRelease;

/// <summary>
/// An error of the model registry (the governed lifecycle): a stable <see cref="ModelReleaseException.ErrorId"/> from
/// the registry's catalogue (ModelMoveNotAllowed, ModelGateNotMet, ModelComponentUnknown, …) and the rule's
/// <see cref="Code"/>. Nothing was written when it is raised; a connection's password never appears in it.
/// </summary>
public sealed class ModelRegistryException(string errorId, string code, object? target, string detail, ErrorKind kind = ErrorKind.InvalidOperation, Exception? innerException = null)
    : ModelReleaseException($"{detail} [{code}]", innerException)
{
    public override string ErrorId { get; } = errorId;

    public override ErrorKind Kind { get; } = kind;

    public override object? Target { get; } = target;

    public string Code { get; } = code;

    public string Detail { get; } = detail;

    /// <summary>Every problem found in a file that failed its schema, each with its JSON path.</summary>
    public IReadOnlyList<RegistryFinding> Findings { get; init; } = [];
}
