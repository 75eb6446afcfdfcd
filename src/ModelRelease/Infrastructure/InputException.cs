namespace ModelRelease.Infrastructure;

/// <summary>
/// An input the face refuses before the core sees it, with a stable id: a path on a provider other than the
/// file system (PathNotFileSystem), or an object a parameter cannot take (CheckpointInputUnsupported).
/// </summary>
public sealed class InputException(string errorId, string message, object? target, ErrorKind kind = ErrorKind.InvalidArgument)
    : ModelReleaseException(message)
{
    /// <summary>The id of a path that is not on the FileSystem provider (Env:, Variable:, HKLM:).</summary>
    public const string PathNotFileSystem = "PathNotFileSystem";

    /// <summary>The id of an object a checkpoint parameter cannot take.</summary>
    public const string CheckpointInputUnsupported = "CheckpointInputUnsupported";

    /// <summary>The id of a SecretManagement vault that could not store the token (Connect-HfHub -Vault).</summary>
    public const string VaultNotWritable = "VaultNotWritable";

    /// <summary>The id of Remove-HfCache called without a filter or -All (it would not know what to remove).</summary>
    public const string CacheFilterMissing = "CacheFilterMissing";

    /// <summary>The id of a token that was neither given nor could be asked for (Connect-HfHub on a host that cannot prompt).</summary>
    public const string TokenRequired = "TokenRequired";

    public override string ErrorId { get; } = errorId;

    public override ErrorKind Kind { get; } = kind;

    public override object? Target { get; } = target;
}
