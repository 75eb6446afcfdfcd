namespace ModelRelease.Core.Checkpoints.Gguf;

/// <summary>Whether a ggml tensor type may appear in a GGUF file.</summary>
public enum GgufTypeStatus
{
    /// <summary>A storage type of current ggml.</summary>
    Current,

    /// <summary>Valid, but meant for intermediate results (Q8_1, Q8_K); not expected in files.</summary>
    Intermediate,

    /// <summary>An id ggml removed (block size 0 today): a file using it is refused.</summary>
    Removed,
}
