namespace ModelRelease.Core.Hub;

/// <summary>How the client talks to the Hub.</summary>
public sealed record HubClientOptions
{
    /// <summary>Attempts after the first for a transient failure (408, 429, 5xx, dropped connection).</summary>
    public int MaxRetries { get; init; } = 6;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait honoured from a Retry-After header.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A single request taking longer than this counts as failed (and is retried when that is safe).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Files handled at once by a publish (hashing one while uploading another).</summary>
    public int MaxParallelFiles { get; init; } = 4;

    /// <summary>Part uploads in flight at once, over all files.</summary>
    public int MaxParallelParts { get; init; } = 8;

    /// <summary>Receives one line per request and retry; never headers, tokens or query strings.</summary>
    public Action<string>? Log { get; init; }
}
