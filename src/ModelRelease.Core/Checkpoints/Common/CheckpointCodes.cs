namespace ModelRelease.Core.Checkpoints.Common;

/// <summary>Stable codes of findings and errors that are not one format's (format codes live in each reader's catalogue).</summary>
public static class CheckpointCodes
{
    public const string Truncated = "CKPT_TRUNCATED";

    /// <summary>The tensors' element counts add up past 2^63−1: the parameter count is shown as 2^63−1 (a warning on
    /// the checkpoint; a typed error where a count must be exact, such as a parameter report).</summary>
    public const string ParameterOverflow = "CKPT_PARAMETER_OVERFLOW";

    /// <summary>A reader failed in a way it did not foresee (a bug, or a resource the file exhausted): the file named is
    /// not read, the process goes on.</summary>
    public const string ReaderFailed = "CKPT_READER_FAILED";

    /// <summary>The operating system could not read the file (an I/O error while reading it).</summary>
    public const string ReadFailed = "CKPT_READ_FAILED";
}
