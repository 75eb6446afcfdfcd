namespace ModelRelease;

/// <summary>
/// A version, version range or tag format that cannot be read: the stable <see cref="ErrorId"/>
/// (<see cref="VersionInvalid"/>, <see cref="VersionRangeInvalid"/>, <see cref="TagFormatInvalid"/>), the rule's
/// <see cref="Code"/> (<c>VER_SYNTAX</c>, <c>RANGE_OPERATOR</c>, <c>TAG_TEMPLATE</c>, …), the input and what was expected.
/// </summary>
public sealed class VersionException(string errorId, string code, string input, string detail, Exception? innerException = null)
    : ModelReleaseException($"'{Shown(input)}': {detail} [{code}]", innerException)
{
    public const string VersionInvalid = "VersionInvalid";
    public const string VersionRangeInvalid = "VersionRangeInvalid";
    public const string TagFormatInvalid = "TagFormatInvalid";

    public override string ErrorId { get; } = errorId;
    public override ErrorKind Kind => ErrorKind.InvalidArgument;
    public override object? Target => Input;

    /// <summary>Stable code of the rule that failed.</summary>
    public string Code { get; } = code;

    /// <summary>The text as given.</summary>
    public string Input { get; } = input;

    /// <summary>The message without the input and code.</summary>
    public string Detail { get; } = detail;

    /// <summary>The input as it can be shown: control characters escaped, at most 200 characters.</summary>
    internal static string Shown(string text) =>
        string.Concat(text.Take(200).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (text.Length > 200 ? "…" : "");
}
