namespace ModelRelease;

public enum CheckpointErrorKind
{
    /// <summary>The bytes break the format's rules.</summary>
    Invalid,

    /// <summary>The file ends before the format says it should.</summary>
    Truncated,

    /// <summary>A real format or version this reader does not read (GGUF v1, TorchScript archives).</summary>
    Unsupported,

    /// <summary>The file asks for code to run (a pickle global outside the allow-list). Nothing was run.</summary>
    Unsafe,

    /// <summary>The file or a file it names does not exist.</summary>
    NotFound,

    /// <summary>No reader recognises the file.</summary>
    Unrecognized,
}
