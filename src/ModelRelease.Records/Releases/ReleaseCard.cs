namespace ModelRelease;

/// <summary>The model card of a release: where it is, where it came from, and the card gate's verdict.</summary>
public sealed record ReleaseCard
{
    public required CardOrigin Origin { get; init; }

    /// <summary>The card file: the given card, or where the release wrote (or, under a what-if, would write) its card — a folder you can open.</summary>
    public string? Path { get; init; }

    /// <summary>True when the file at <see cref="Path"/> was written by this run.</summary>
    public bool Written { get; init; }

    /// <summary>The card gate's verdict (null for <see cref="CardOrigin.None"/>).</summary>
    public ModelCardValidation? Validation { get; init; }

    /// <summary>Lines that still say [More Information Needed] (written cards).</summary>
    public int OpenLines { get; init; }

    public override string ToString() => Origin == CardOrigin.None ? "no card" : $"{Origin} card {Path}: {(Validation?.IsValid == true ? "passes" : "does NOT pass")} the card gate";
}
