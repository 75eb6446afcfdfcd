using System.Management.Automation;

namespace ModelRelease.Infrastructure;

/// <summary>The one place where core errors become ErrorRecords: stable id, category, target, next step.</summary>
public static class ErrorRecords
{
    public static ErrorCategory CategoryOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.NotSupported => ErrorCategory.NotImplemented,
        ErrorKind.Security => ErrorCategory.SecurityError,
        ErrorKind.Authentication => ErrorCategory.AuthenticationError,
        ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        ErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        ErrorKind.Conflict => ErrorCategory.ResourceBusy,
        ErrorKind.ConnectionFailed => ErrorCategory.ConnectionError,
        ErrorKind.Cancelled => ErrorCategory.OperationStopped,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        _ => ErrorCategory.NotSpecified,
    };

    public static ErrorRecord From(Exception exception, object? fallbackTarget = null)
    {
        if (exception is ModelReleaseException mr)
        {
            var record = new ErrorRecord(mr, mr.ErrorId, CategoryOf(mr.Kind), mr.Target ?? fallbackTarget);
            if (mr.RecommendedAction is { } next) record.ErrorDetails = new ErrorDetails(mr.Message) { RecommendedAction = next };
            return record;
        }
        return exception switch
        {
            UnauthorizedAccessException => new ErrorRecord(exception, "AccessDenied", ErrorCategory.PermissionDenied, fallbackTarget),
            FileNotFoundException or DirectoryNotFoundException => new ErrorRecord(exception, "PathNotFound", ErrorCategory.ObjectNotFound, fallbackTarget),
            IOException => new ErrorRecord(exception, "IOError", ErrorCategory.ReadError, fallbackTarget),
            ArgumentException => new ErrorRecord(exception, "InvalidArgument", ErrorCategory.InvalidArgument, fallbackTarget),
            _ => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, fallbackTarget),
        };
    }
}
