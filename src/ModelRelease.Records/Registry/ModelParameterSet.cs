namespace ModelRelease;

/// <summary>
/// A tracked parameter set (<c>Register-ModelParameter</c>, <c>Get-ModelParameter</c>): the values that shape output
/// quality (<c>base_noise_lambda</c>, <c>residual_noise_lambda</c>), when they take effect, who approved them, what was
/// measured with them and in which scenarios.
/// </summary>
public sealed record ModelParameterSet
{
    /// <summary>The family of parameters (<c>noise</c>): the file is <c>config/parameters/{kind}_parameters.json</c>.</summary>
    public required string Kind { get; init; }

    public required string ParameterId { get; init; }

    public required IReadOnlyDictionary<string, double> Values { get; init; }

    /// <summary>The day the values take effect.</summary>
    public required DateTime EffectiveDate { get; init; }

    public required string ApprovedBy { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<string> Scenarios { get; init; } = [];

    public string? Notes { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }

    public override string ToString() => $"{Kind} {ParameterId} from {EffectiveDate:yyyy-MM-dd}";
}
