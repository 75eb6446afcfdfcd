using System.Globalization;
using ModelRelease.Core.Registry;
using ModelRelease.Core.Registry.Audit;
using ModelRelease.Core.Registry.Documents;

namespace ModelRelease.Core.Operations.Registry;

/// <summary>What Register-ModelParameter records.</summary>
public sealed record RegisterParameterOptions : ModelRegistryRequest
{
    /// <summary>The family (<c>noise</c>): the file is config/parameters/{kind}_parameters.json.</summary>
    public required string Kind { get; init; }

    public required string ParameterId { get; init; }

    public required IReadOnlyDictionary<string, double> Values { get; init; }

    public required DateTime EffectiveDate { get; init; }

    public required string ApprovedBy { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<string> Scenarios { get; init; } = [];

    public string? Notes { get; init; }
}

/// <summary>What Get-ModelParameter reads.</summary>
public sealed record GetParameterOptions : ModelRegistryRequest
{
    public string? Kind { get; init; }

    /// <summary>The set in force on this day (per kind); null: the whole history.</summary>
    public DateTime? AsOf { get; init; }
}

/// <summary>
/// Tracked parameters: a set is recorded in the registry (with its audit entry) and appended to
/// <c>config/parameters/{kind}_parameters.json</c>; the file's history is never rewritten.
/// </summary>
public sealed class ModelParameterOperation
{
    private readonly ModelRegistryOperations _registry;

    internal ModelParameterOperation(ModelRegistryOperations registry) => _registry = registry;

    public async Task<ModelParameterSet?> RegisterAsync(RegisterParameterOptions options, OperationDecider? decide = null, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        var kind = RegistryInput.Kind(options.Kind);
        var id = RegistryInput.Id(options.ParameterId, "parameter id");
        var approvedBy = RegistryInput.Text(options.ApprovedBy, "the approver (-ApprovedBy / --approved-by)", 100);
        var actor = ModelRegistryOperations.ActorOf(options.Actor);
        if (options.Values.Count == 0) throw RegistryInput.Invalid(ModelRegistryCodes.ParameterValues, id, "a parameter set needs at least one value (-Value @{ base_noise_lambda = 0.1 } / --value base_noise_lambda=0.1)");
        foreach (var (name, value) in options.Values.Concat(options.Metrics))
        {
            RegistryInput.Id(name, "parameter or metric name");
            if (!double.IsFinite(value)) throw RegistryInput.Invalid(ModelRegistryCodes.ParameterValues, name, $"{name} = {value} is not a finite number");
        }
        var set = new ModelParameterSet
        {
            Kind = kind,
            ParameterId = id,
            Values = options.Values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
            EffectiveDate = options.EffectiveDate.Date,
            ApprovedBy = approvedBy,
            Metrics = options.Metrics.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
            Scenarios = options.Scenarios.Select(s => RegistryInput.Text(s, "a scenario", 500)).ToList(),
            Notes = options.Notes is { Length: > 0 } n ? RegistryInput.Text(n, "the notes", 4000) : null,
            RecordedAt = store.Now,
            RecordedBy = actor,
        };
        // The file must be readable before anything is written (a file broken by hand stops the change).
        var path = options.Location.ParameterFile(kind);
        _ = await ParameterFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);

        await using var database = await store.OpenAsync(create: true, cancellationToken).ConfigureAwait(false);
        var existing = await store.ParameterSetsAsync(database, null, kind, cancellationToken).ConfigureAwait(false);
        if (existing.Any(e => e.Set.ParameterId == id)) throw Exists(kind, id);
        if (!await ModelRegistryOperations.AskAsync(decide, $"{kind} {id}", $"Record the parameter set in {options.Location.Display} and {path}", cancellationToken).ConfigureAwait(false)) return null;

        var canonical = ParameterFile.Canonical(set);
        await store.ChangeAsync(database, async (transaction, context) =>
        {
            var again = await store.ParameterSetsAsync(database, transaction, kind, cancellationToken).ConfigureAwait(false);
            if (again.Any(e => e.Set.ParameterId == id)) throw Exists(kind, id);
            var entry = await context.AppendAsync(transaction, set.RecordedAt, actor, "parameter", null, null, set.Notes ?? $"{kind} parameters {id}", new Dictionary<string, string>
            {
                ["kind"] = kind,
                ["parameterId"] = id,
                ["values"] = Pairs(set.Values),
                ["effectiveDate"] = set.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["approvedBy"] = approvedBy,
                ["metrics"] = Pairs(set.Metrics),
                ["scenarios"] = string.Join(",", set.Scenarios),
            }, cancellationToken).ConfigureAwait(false);
            await database.ExecuteAsync(transaction, "INSERT INTO parameter_sets (kind, parameter_id, entry, effective_date, recorded_at, sequence) VALUES (@k, @id, @e, @d, @at, @s)", cancellationToken,
                ("k", kind), ("id", id), ("e", canonical), ("d", set.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("at", AuditChain.Time(set.RecordedAt)), ("s", entry.Sequence)).ConfigureAwait(false);
            return entry;
        }, cancellationToken).ConfigureAwait(false);
        return set;
    }

    /// <summary>The history (of a kind), or with <see cref="GetParameterOptions.AsOf"/> the set in force that day for each kind.</summary>
    public async Task<IReadOnlyList<ModelParameterSet>> GetAsync(GetParameterOptions options, CancellationToken cancellationToken = default)
    {
        var store = _registry.Store(options.Location);
        var kind = options.Kind is null ? null : RegistryInput.Kind(options.Kind);
        await using var database = await store.OpenAsync(create: false, cancellationToken).ConfigureAwait(false);
        var sets = (await store.ParameterSetsAsync(database, null, kind, cancellationToken).ConfigureAwait(false)).Select(s => s.Set).ToList();
        if (kind is not null && sets.Count == 0)
        {
            throw new ModelRegistryException(ModelRegistryErrors.ComponentUnknown, ModelRegistryCodes.NotFound, kind, $"the registry {options.Location.Display} has no {kind} parameters", ErrorKind.NotFound);
        }
        if (options.AsOf is not { } asOf) return sets.OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.EffectiveDate).ThenBy(s => s.RecordedAt).ToList();
        var inForce = sets.Where(s => s.EffectiveDate <= asOf.Date).GroupBy(s => s.Kind, StringComparer.Ordinal)
            .Select(g => g.OrderBy(s => s.EffectiveDate).ThenBy(s => s.RecordedAt).Last()).OrderBy(s => s.Kind, StringComparer.Ordinal).ToList();
        if (inForce.Count == 0)
        {
            throw new ModelRegistryException(ModelRegistryErrors.ComponentUnknown, ModelRegistryCodes.NotFound, asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"no {(kind is null ? "" : kind + " ")}parameter set was in force on {asOf:yyyy-MM-dd}; " + (sets.Count == 0 ? "none is recorded" : $"the first takes effect on {sets.Min(s => s.EffectiveDate):yyyy-MM-dd}"), ErrorKind.NotFound);
        }
        return inForce;
    }

    private static string Pairs(IReadOnlyDictionary<string, double> values) =>
        string.Join(",", values.Select(v => $"{v.Key}={v.Value.ToString("R", CultureInfo.InvariantCulture)}"));

    private static ModelRegistryException Exists(string kind, string id) =>
        new(ModelRegistryErrors.VersionExists, ModelRegistryCodes.ParameterExists, $"{kind} {id}", $"the {kind} parameter set {id} is recorded already; a set is recorded once (give the new one its own id)", ErrorKind.AlreadyExists);
}
