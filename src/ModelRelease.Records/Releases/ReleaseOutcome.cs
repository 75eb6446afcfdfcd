namespace ModelRelease;

/// <summary>How a release ended.</summary>
public enum ReleaseOutcome
{
    /// <summary>A what-if: every check ran, the plan is in the report, nothing was written.</summary>
    Planned,

    /// <summary>A check failed before the first write: nothing was written to the Hub (see the error findings).</summary>
    Refused,

    /// <summary>A confirmation was declined before the first write: nothing was written.</summary>
    Declined,

    /// <summary>Published, tagged, downloaded back and found identical.</summary>
    Released,

    /// <summary>Published and tagged, but the files downloaded back differ from the local ones.</summary>
    VerificationFailed,

    /// <summary>A family release stopped part way: some variants were released, then a write failed (the report says which were).</summary>
    Incomplete,
}
