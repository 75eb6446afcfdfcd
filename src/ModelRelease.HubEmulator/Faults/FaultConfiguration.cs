namespace ModelRelease.HubEmulator.Faults;

/// <summary>
/// Faults to inject, for reliability tests. JSON shape (file given with --faults, or the
/// MODELRELEASE_HUB_FAULTS environment variable, or POST /_emulator/faults):
/// <code>
/// { "seed": 42,
///   "rules": [
///     { "endpoint": "part", "errorRate": 0.3, "status": 500 },
///     { "endpoint": "batch", "errorRate": 0.5, "status": 429, "retryAfterSeconds": 1 },
///     { "endpoint": "upload", "dropRate": 0.2 },
///     { "endpoint": "*", "latencyMs": 20 },
///     { "endpoint": "commit", "loseResponseRate": 1.0, "maxTimes": 1 },
///     { "endpoint": "upload", "corruptRate": 1.0, "maxTimes": 1 },
///     { "endpoint": "preupload", "errorRate": 1, "status": 400, "echoToken": true } ] }
/// </code>
/// Endpoints: whoami, create, info, preupload, batch, upload, part, complete, abort, commit, tree, paths-info,
/// resolve, download, refs, tag, branch, commits, validate-yaml, or * for all.
/// </summary>
public sealed record FaultConfiguration
{
    public int Seed { get; init; } = 1;
    public IReadOnlyList<FaultRule> Rules { get; init; } = [];
}

public sealed record FaultRule
{
    public string Endpoint { get; init; } = "*";

    /// <summary>Share of requests answered with <see cref="Status"/> before any work is done.</summary>
    public double ErrorRate { get; init; }
    public int Status { get; init; } = 500;

    /// <summary>
    /// With an error: the answer repeats the request's Authorization header and its token in the message (the JSON
    /// body and X-Error-Message), as a careless server might; the client must redact it everywhere.
    /// </summary>
    public bool EchoToken { get; init; }

    /// <summary>With status 429 (or 503): the Retry-After value sent.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Share of requests whose connection is dropped half way through the request body (or the response when there is none).</summary>
    public double DropRate { get; init; }

    /// <summary>Added to every matching request.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Commit: share of commits applied but whose response is lost (the connection is aborted).</summary>
    public double LoseResponseRate { get; init; }

    /// <summary>Uploads: share of uploads whose stored bytes get corrupted, so verification rejects them.</summary>
    public double CorruptRate { get; init; }

    /// <summary>Stop applying this rule after it fired this many times (0 = no limit).</summary>
    public int MaxTimes { get; init; }
}
