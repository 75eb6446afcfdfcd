using System.Globalization;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry.Audit;
using ModelRelease.Core.Registry.Database;
using ModelRelease.Core.Registry.Documents;

namespace ModelRelease.Core.Registry.Reports;

/// <summary>A deployment of the period: the move to production and the version's metrics against the previous version's.</summary>
internal sealed record Deployment(ModelStatusChange Change, ModelVersionStatus Version, PerformanceComparison? Comparison, string? ComparisonProblem);

/// <summary>Everything a quarterly audit states, gathered once from the registry (and the parameter files it compares).</summary>
internal sealed record AuditFacts
{
    public required Quarter Quarter { get; init; }
    public required ModelRegistryLocation Location { get; init; }
    public required AuditVerification Verification { get; init; }
    public required IReadOnlyList<ModelStatusChange> Changes { get; init; }
    public required IReadOnlyList<Deployment> Deployments { get; init; }
    public required IReadOnlyDictionary<string, (string? AtStart, string? AtEnd)> Production { get; init; }
    public required IReadOnlyList<ModelIncident> Incidents { get; init; }
    public required IReadOnlyList<(ModelParameterSet Set, long Sequence)> ParameterChanges { get; init; }
    public required IReadOnlyList<ComplianceFlag> Flags { get; init; }
    public required int ParameterFiles { get; init; }

    public static async Task<AuditFacts> GatherAsync(RegistryStore store, RegistryDatabase database, ModelRegistryLocation location, Quarter quarter, AuditVerification verification, CancellationToken cancellationToken)
    {
        bool InPeriod(DateTimeOffset at) => at >= quarter.From && at < quarter.To;
        var all = await store.StatusChangesAsync(database, null, cancellationToken).ConfigureAwait(false);
        var versions = await store.VersionsAsync(database, null, null, cancellationToken).ConfigureAwait(false);
        var changes = all.Where(c => InPeriod(c.At)).ToList();

        var deployments = new List<Deployment>();
        foreach (var change in changes.Where(c => c.To == ModelStatus.Production))
        {
            var version = versions.First(v => v.Component == change.Component && v.Version == change.Version);
            var previous = versions.Where(v => v.Component == change.Component && SemanticVersion.Parse(v.Version) < SemanticVersion.Parse(change.Version)).LastOrDefault();
            try
            {
                deployments.Add(new Deployment(change, version, await ModelAuditOperation.Compare(version, previous, cancellationToken).ConfigureAwait(false), null));
            }
            catch (ModelRegistryException ex)
            {
                deployments.Add(new Deployment(change, version, null, ex.Detail));
            }
        }

        var production = new SortedDictionary<string, (string?, string?)>(StringComparer.Ordinal);
        foreach (var component in versions.Select(v => v.Component).Distinct())
        {
            production[component] = (InProduction(all, component, quarter.From), InProduction(all, component, quarter.To));
        }

        var incidents = await database.ListAsync(null, "SELECT id, component, at, reported_by, what, reason, from_version, to_version FROM incidents ORDER BY sequence", r => new ModelIncident
        {
            Id = r.GetString(0),
            Component = r.GetString(1),
            At = AuditChain.ParseTime(r.GetString(2)),
            ReportedBy = r.GetString(3),
            What = r.GetString(4),
            Reason = r.GetString(5),
            FromVersion = r.GetString(6),
            ToVersion = r.GetString(7),
        }, cancellationToken).ConfigureAwait(false);

        var sets = await store.ParameterSetsAsync(database, null, null, cancellationToken).ConfigureAwait(false);
        var flags = new List<ComplianceFlag>();
        foreach (var change in changes.Where(c => c.Emergency))
        {
            flags.Add(new ComplianceFlag(ModelRegistryCodes.GateSkipped,
                $"{change.Component} {change.Version} moved {ModelStatusText.Format(change.From)} -> {ModelStatusText.Format(change.To)} on {change.At:yyyy-MM-dd HH:mm}Z without its gate (emergency, approved by {string.Join(", ", change.Approvers)}): {change.Reason}")
            { Component = change.Component, Version = change.Version, Sequence = change.Sequence });
        }
        var kinds = sets.GroupBy(s => s.Set.Kind, StringComparer.Ordinal).ToList();
        foreach (var kind in kinds)
        {
            var path = location.ParameterFile(kind.Key);
            List<(string ParameterId, string Canonical)> inFile;
            try
            {
                if (!File.Exists(path))
                {
                    flags.Add(new ComplianceFlag(ModelRegistryCodes.ParameterFileChanged, $"{path} is missing; the registry records {kind.Count()} {kind.Key} parameter set(s)") { Path = path });
                    continue;
                }
                inFile = await ParameterFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelRegistryException ex)
            {
                flags.Add(new ComplianceFlag(ModelRegistryCodes.ParameterFileChanged, $"{path} no longer follows its schema (changed by hand): {ex.Detail}") { Path = path });
                continue;
            }
            var recorded = kind.ToDictionary(s => s.Set.ParameterId, s => s.Canonical, StringComparer.Ordinal);
            foreach (var (id, canonical) in inFile)
            {
                if (!recorded.TryGetValue(id, out var expected))
                {
                    flags.Add(new ComplianceFlag(ModelRegistryCodes.ParameterFileChanged, $"{path} holds the set {id}, which the registry never recorded (added by hand)") { Path = path });
                }
                else if (!string.Equals(expected, canonical, StringComparison.Ordinal))
                {
                    flags.Add(new ComplianceFlag(ModelRegistryCodes.ParameterFileChanged, $"{path}: the set {id} differs from what the registry recorded (changed by hand): {Difference(expected, canonical)}") { Path = path });
                }
            }
            foreach (var id in recorded.Keys.Where(id => !inFile.Any(e => e.ParameterId == id)))
            {
                flags.Add(new ComplianceFlag(ModelRegistryCodes.ParameterFileChanged, $"{path} lacks the set {id} that the registry recorded (removed by hand)") { Path = path });
            }
        }

        return new AuditFacts
        {
            Quarter = quarter,
            Location = location,
            Verification = verification,
            Changes = changes,
            Deployments = deployments,
            Production = production,
            Incidents = incidents.Where(i => InPeriod(i.At)).ToList(),
            ParameterChanges = sets.Where(s => InPeriod(s.Set.RecordedAt)).Select(s => (s.Set, s.Sequence)).ToList(),
            Flags = flags,
            ParameterFiles = kinds.Count,
        };
    }

    /// <summary>The component's production version at <paramref name="at"/>, replaying the status changes before it.</summary>
    private static string? InProduction(IReadOnlyList<ModelStatusChange> changes, string component, DateTimeOffset at)
    {
        string? production = null;
        foreach (var change in changes.Where(c => c.Component == component && c.At < at))
        {
            if (change.To == ModelStatus.Production) production = change.Version;
            else if (change.From == ModelStatus.Production && production == change.Version) production = null;
        }
        return production;
    }

    private static string Difference(string expected, string actual)
    {
        using var a = System.Text.Json.JsonDocument.Parse(expected);
        using var b = System.Text.Json.JsonDocument.Parse(actual);
        var differing = a.RootElement.EnumerateObject().Select(p => p.Name).Concat(b.RootElement.EnumerateObject().Select(p => p.Name)).Distinct()
            .Where(name => !(a.RootElement.TryGetProperty(name, out var x) && b.RootElement.TryGetProperty(name, out var y) && x.GetRawText() == y.GetRawText()))
            .Select(name => $"{name} {(a.RootElement.TryGetProperty(name, out var x) ? x.GetRawText() : "(none)")} in the registry, {(b.RootElement.TryGetProperty(name, out var y) ? y.GetRawText() : "(none)")} in the file");
        return string.Join("; ", differing);
    }

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
