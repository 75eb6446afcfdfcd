namespace ModelRelease;

/// <summary>
/// A change to a weights registry file, computed before anything is written (what <c>-WhatIf</c> shows): the
/// operations as JSON Patch (RFC 6902) lines, and the complete new text that will replace the file in one atomic
/// step. <see cref="BaseSha256"/> is the hash of the text the patch was computed from: applying it to a file that
/// changed since is refused.
/// </summary>
public sealed record WeightsRegistryPatch
{
    /// <summary>The registry file.</summary>
    public required string Path { get; init; }

    public required IReadOnlyList<RegistryPatchOperation> Operations { get; init; }

    /// <summary>The file's new text.</summary>
    public required string NewText { get; init; }

    /// <summary>SHA-256 of the file's text the patch was computed from (null when the file does not exist yet).</summary>
    public string? BaseSha256 { get; init; }

    /// <summary>True when there is nothing to change.</summary>
    public bool IsEmpty => Operations.Count == 0;

    public override string ToString() => $"{Path}: {Operations.Count} change(s)";
}

/// <summary>One JSON Patch operation: <c>add</c> or <c>replace</c> at a JSON Pointer, with the value as JSON text.</summary>
public sealed record RegistryPatchOperation(string Op, string Pointer, string Value)
{
    /// <summary>The value being replaced (JSON text), for <c>replace</c>.</summary>
    public string? Previous { get; init; }

    public override string ToString() => Previous is null ? $"{Op} {Pointer} = {Value}" : $"{Op} {Pointer}: {Previous} → {Value}";
}
