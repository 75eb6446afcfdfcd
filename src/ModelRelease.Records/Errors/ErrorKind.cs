namespace ModelRelease;

/// <summary>What kind of failure an error is; the PowerShell face maps it to an <c>ErrorCategory</c>.</summary>
public enum ErrorKind
{
    InvalidData,
    InvalidArgument,
    NotFound,
    NotSupported,
    Security,
    Authentication,
    PermissionDenied,
    AlreadyExists,
    Conflict,
    ConnectionFailed,
    Cancelled,
    InvalidOperation,
}
