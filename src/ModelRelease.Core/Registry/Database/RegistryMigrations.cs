namespace ModelRelease.Core.Registry.Database;

/// <summary>
/// The registry's one schema, as versioned migrations: migration N takes a database from schema version N-1 to N, in
/// one transaction with the version it reaches. A database at a version above <see cref="CurrentVersion"/> was made
/// by a newer ModelRelease and is refused (MREG_SCHEMA_TOO_NEW) before anything is read or written.
/// </summary>
internal static class RegistryMigrations
{
    public const int CurrentVersion = 1;

    /// <summary>The statements of migration <paramref name="version"/> for <paramref name="provider"/>.</summary>
    public static IReadOnlyList<string> Statements(int version, RegistryProvider provider) => version switch
    {
        1 => [.. Version1Tables, .. provider == RegistryProvider.Sqlite ? Version1SqliteTriggers : Version1PostgresTriggers],
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    private static readonly string[] Version1Tables =
    [
        """
        CREATE TABLE registry_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            audit_sequence BIGINT NOT NULL,
            audit_hash TEXT NOT NULL)
        """,
        "INSERT INTO registry_head (id, audit_sequence, audit_hash) VALUES (1, 0, '" + Audit.AuditChain.GenesisHash + "')",
        """
        CREATE TABLE model_versions (
            component TEXT NOT NULL,
            version TEXT NOT NULL,
            model_id TEXT NOT NULL UNIQUE,
            architecture TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('development', 'testing', 'staging', 'production', 'deprecated', 'archived', 'critical-issue')),
            path TEXT NOT NULL,
            parameter_count BIGINT NOT NULL,
            registered_at TEXT NOT NULL,
            registered_by TEXT NOT NULL,
            status_changed_at TEXT NOT NULL,
            emergency INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (component, version))
        """,
        // At most one production version per component: the database's rule, whatever a client does.
        "CREATE UNIQUE INDEX model_versions_one_production ON model_versions (component) WHERE status = 'production'",
        """
        CREATE TABLE status_changes (
            sequence BIGINT PRIMARY KEY,
            component TEXT NOT NULL,
            version TEXT NOT NULL,
            from_status TEXT NOT NULL,
            to_status TEXT NOT NULL,
            reason TEXT NOT NULL,
            actor TEXT NOT NULL,
            approvers TEXT NOT NULL,
            emergency INTEGER NOT NULL,
            automatic INTEGER NOT NULL,
            gate TEXT NOT NULL,
            at TEXT NOT NULL)
        """,
        """
        CREATE TABLE parameter_sets (
            kind TEXT NOT NULL,
            parameter_id TEXT NOT NULL,
            entry TEXT NOT NULL,
            effective_date TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            sequence BIGINT NOT NULL,
            PRIMARY KEY (kind, parameter_id))
        """,
        """
        CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            component TEXT NOT NULL,
            at TEXT NOT NULL,
            reported_by TEXT NOT NULL,
            what TEXT NOT NULL,
            reason TEXT NOT NULL,
            from_version TEXT NOT NULL,
            to_version TEXT NOT NULL,
            sequence BIGINT NOT NULL)
        """,
        """
        CREATE TABLE traffic_plans (
            component TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            steps TEXT NOT NULL,
            step INTEGER NOT NULL,
            updated_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE audit_log (
            sequence BIGINT PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            component TEXT,
            version TEXT,
            reason TEXT,
            details TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL)
        """,
    ];

    // The audit log is append-only in the database too: an UPDATE or DELETE is refused. (Whoever can drop the trigger can
    // still edit it; the hash chain is what detects that.)
    private static readonly string[] Version1SqliteTriggers =
    [
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ];

    private static readonly string[] Version1PostgresTriggers =
    [
        """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only';
        END
        $$
        """,
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    ];
}
