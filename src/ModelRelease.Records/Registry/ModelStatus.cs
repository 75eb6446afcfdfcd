namespace ModelRelease;

/// <summary>
/// Where a component model version is in the governed lifecycle. The allowed moves: Development → Testing (a test-results
/// file without failures), Testing → Staging (performance thresholds met), Staging → Production (the policy's approvals),
/// Production → Deprecated (automatic when another version reaches production), Deprecated → Archived (after the grace
/// period); back: Testing → Development, Staging → Testing; a rollback marks Production as CriticalIssue and brings the
/// previous production version (Deprecated) back; CriticalIssue → Archived.
/// </summary>
public enum ModelStatus
{
    Development,
    Testing,
    Staging,
    Production,
    Deprecated,
    Archived,
    CriticalIssue,
}
