namespace ModelRelease.HubEmulator.Faults;

/// <summary>Decides, deterministically from the seed, which requests get which fault. Thread-safe.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private FaultConfiguration _configuration;
    private Random _random;
    private int[] _fired;

    public FaultInjector(FaultConfiguration configuration)
    {
        _configuration = configuration;
        _random = new Random(configuration.Seed);
        _fired = new int[configuration.Rules.Count];
    }

    public FaultConfiguration Configuration
    {
        get { lock (_gate) return _configuration; }
        set
        {
            lock (_gate)
            {
                _configuration = value;
                _random = new Random(value.Seed);
                _fired = new int[value.Rules.Count];
            }
        }
    }

    public enum Kind { Error, Drop, LoseResponse, Corrupt }

    /// <summary>The rule that fires for <paramref name="endpoint"/> and <paramref name="kind"/>, if any.</summary>
    public FaultRule? Roll(string endpoint, Kind kind)
    {
        lock (_gate)
        {
            for (var i = 0; i < _configuration.Rules.Count; i++)
            {
                var rule = _configuration.Rules[i];
                if (rule.Endpoint != "*" && !string.Equals(rule.Endpoint, endpoint, StringComparison.OrdinalIgnoreCase)) continue;
                var rate = kind switch
                {
                    Kind.Error => rule.ErrorRate,
                    Kind.Drop => rule.DropRate,
                    Kind.LoseResponse => rule.LoseResponseRate,
                    _ => rule.CorruptRate,
                };
                if (rate <= 0) continue;
                if (rule.MaxTimes > 0 && _fired[i] >= rule.MaxTimes) continue;
                if (_random.NextDouble() >= rate) continue;
                _fired[i]++;
                return rule;
            }
            return null;
        }
    }

    public int Latency(string endpoint)
    {
        lock (_gate)
        {
            return _configuration.Rules.Where(r => r.Endpoint == "*" || string.Equals(r.Endpoint, endpoint, StringComparison.OrdinalIgnoreCase)).Sum(r => r.LatencyMs);
        }
    }
}
