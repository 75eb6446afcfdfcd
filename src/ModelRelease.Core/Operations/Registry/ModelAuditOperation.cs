using ModelRelease.Core.Registry;
using ModelRelease.Core.Registry.Audit;
using ModelRelease.Core.Registry.Documents;
using ModelRelease.Core.Registry.Reports;

namespace ModelRelease.Core.Operations.Registry;

/// <summary>What Test-ModelAudit checks.</summary>
public sealed record VerifyAuditOptions : ModelRegistryRequest;

/// <summary>What Get-ModelAuditEntry reads.</summary>
public sealed record AuditEntriesOptions : ModelRegistryRequest
{
    public string? Component { get; init; }

    public string? Version { get; init; }

    /// <summary>Entries at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Entries before this time.</summary>
    public DateTimeOffset? To { get; init; }
}

/// <summary>What Export-ModelAudit writes.</summary>
public sealed record ExportAuditOptions : ModelRegistryRequest
{
    /// <summary>2023Q2.</summary>
    public required string Quarter { get; init; }

    /// <summary>The folder to write; null: docs/audits/{quarter} under the store's root.</summary>
    public string? Folder { get; init; }
}

/// <summary>What Compare-ModelPerformance compares.</summary>
public sealed record ComparePerformanceOptions : ModelRegistryRequest
{
    public required string Component { get; init; }

    public required string Version { get; init; }

    /// <summary>The version to compare with; null: the highest registered version below <see cref="Version"/>.</summary>
    public string? Previous { get; init; }
}

/// <summary>The auditor's questions: is the log whole, what happened, what was in production when, what changed by hand.</summary>
public sealed class ModelAuditOperation
{
    private readonly ModelRegistryOperations _registry;

    internal ModelAuditOperation(ModelRegistryOperations registry) => _registry = registry;

    /// <summary>
    /// Checks the database's chain (each hash, each link, the recorded head) and the mirror against it; completes a mirror
    /// that only lacks its last entries (a crash) and says how many it added.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(VerifyAuditOptions options, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        return await VerifyAsync(store, database, repair: true, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<AuditVerification> VerifyAsync(RegistryStore store, ModelRelease.Core.Registry.Database.RegistryDatabase database, bool repair, CancellationToken cancellationToken)
    {
        var log = new AuditLog(database);
        var entries = await log.ReadAsync(null, cancellationToken).ConfigureAwait(false);
        var head = await log.HeadAsync(null, cancellationToken).ConfigureAwait(false);
        var findings = AuditChain.Verify(entries, "database", (head.Sequence, head.Hash));
        var repaired = findings.Count == 0 && repair ? await AuditMirror.RepairAsync(store.Location.AuditMirror, entries, cancellationToken).ConfigureAwait(false) : 0;
        var mirror = await AuditMirror.CompareAsync(store.Location.AuditMirror, entries, cancellationToken).ConfigureAwait(false);
        findings.AddRange(mirror.Findings);
        return new AuditVerification
        {
            IsValid = findings.Count == 0,
            EntryCount = entries.Count,
            HeadHash = head.Hash,
            MirrorPath = store.Location.AuditMirror,
            MirrorRepaired = repaired,
            Findings = findings,
        };
    }

    public async Task<IReadOnlyList<AuditEntry>> EntriesAsync(AuditEntriesOptions options, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        var component = options.Component is null ? null : RegistryInput.Component(options.Component);
        var version = options.Version is null ? null : RegistryInput.Version(options.Version);
        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var entries = await new AuditLog(database).ReadAsync(null, cancellationToken).ConfigureAwait(false);
        return entries.Where(e => (component is null || e.Component == component) && (version is null || e.Version == version)
            && (options.From is not { } from || e.At >= from) && (options.To is not { } to || e.At < to)).ToList();
    }

    /// <summary>
    /// Writes docs/audits/{quarter}/ (model_audit_report.md, parameter_changes.json, compliance_checklist.md). Refuses
    /// (ModelAuditBroken, nothing written) when the audit chain is broken: a report is only as good as its log.
    /// </summary>
    public async Task<ModelAuditReport?> ExportAsync(ExportAuditOptions options, OperationDecider? decide = null, CancellationToken cancellationToken = default)
    {
        var quarter = Quarter.Parse(options.Quarter);
        var store = _registry.Store(options.Location);
        var folder = options.Folder ?? Path.Combine(options.Location.Root, "docs", "audits", quarter.ToString());
        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var verification = await VerifyAsync(store, database, repair: true, cancellationToken).ConfigureAwait(false);
        if (!verification.IsValid)
        {
            throw new ModelRegistryException(ModelRegistryErrors.AuditBroken, ModelRegistryCodes.ChainBroken, options.Location.Display,
                $"the audit log of {options.Location.Display} is broken ({string.Join("; ", verification.Findings.Take(3))}{(verification.Findings.Count > 3 ? "; …" : "")}); no report was written", ErrorKind.InvalidData)
            {
                RecommendedAction = "Run Test-ModelAudit (modelrelease registry verify) for every finding; restore the database and audit.jsonl from a backup.",
            };
        }
        var facts = await AuditFacts.GatherAsync(store, database, options.Location, quarter, verification, cancellationToken).ConfigureAwait(false);
        if (!await ModelRegistryOperations.AskAsync(decide, folder, $"Write the {quarter} audit report", cancellationToken).ConfigureAwait(false)) return null;
        var files = new List<string>
        {
            Path.Combine(folder, "model_audit_report.md"),
            Path.Combine(folder, "parameter_changes.json"),
            Path.Combine(folder, "compliance_checklist.md"),
        };
        await StoreFiles.WriteAtomicAsync(files[0], AuditReportWriter.Report(facts), cancellationToken).ConfigureAwait(false);
        await StoreFiles.WriteAtomicAsync(files[1], AuditReportWriter.ParameterChanges(facts), cancellationToken).ConfigureAwait(false);
        await StoreFiles.WriteAtomicAsync(files[2], AuditReportWriter.Checklist(facts), cancellationToken).ConfigureAwait(false);
        return new ModelAuditReport
        {
            Quarter = quarter.ToString(),
            From = quarter.From,
            To = quarter.To,
            Folder = Path.GetFullPath(folder),
            Files = files,
            Deployments = facts.Deployments.Count,
            ParameterChanges = facts.ParameterChanges.Count,
            AuditChainValid = verification.IsValid,
            Flags = facts.Flags,
        };
    }

    public async Task<PerformanceComparison> CompareAsync(ComparePerformanceOptions options, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        var component = RegistryInput.Component(options.Component);
        var version = RegistryInput.Version(options.Version);
        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var current = await store.VersionAsync(database, null, component, version, cancellationToken).ConfigureAwait(false);
        ModelVersionStatus? previous;
        if (options.Previous is { } p)
        {
            previous = await store.VersionAsync(database, null, component, RegistryInput.Version(p), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var all = await store.VersionsAsync(database, null, component, cancellationToken).ConfigureAwait(false);
            previous = all.Where(v => SemanticVersion.Parse(v.Version) < SemanticVersion.Parse(version)).LastOrDefault();
        }
        return await Compare(current, previous, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<PerformanceComparison> Compare(ModelVersionStatus current, ModelVersionStatus? previous, CancellationToken cancellationToken)
    {
        var now = await ModelPerformance.ReadAsync(Path.Combine(current.Path, "performance.json"), cancellationToken).ConfigureAwait(false);
        var before = previous is null ? null : await ModelPerformance.ReadAsync(Path.Combine(previous.Path, "performance.json"), cancellationToken).ConfigureAwait(false);
        var metrics = new List<MetricComparison>();
        foreach (var m in now.Metrics)
        {
            var old = before?.Find(m.Name);
            var verdict = old is null ? MetricVerdict.New
                : m.Value == old.Value ? MetricVerdict.Same
                : (m.Direction == MetricDirection.Higher) == (m.Value > old.Value) ? MetricVerdict.Better : MetricVerdict.Worse;
            metrics.Add(new MetricComparison { Name = m.Name, Direction = m.Direction, Value = m.Value, Previous = old?.Value, Verdict = verdict });
        }
        foreach (var old in before?.Metrics.Where(o => now.Find(o.Name) is null) ?? [])
        {
            metrics.Add(new MetricComparison { Name = old.Name, Direction = old.Direction, Value = null, Previous = old.Value, Verdict = MetricVerdict.Missing });
        }
        return new PerformanceComparison { Component = current.Component, Version = current.Version, PreviousVersion = previous?.Version, Metrics = metrics };
    }
}
