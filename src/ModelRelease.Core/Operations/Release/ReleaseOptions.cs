using ModelRelease.Core.Cards;
using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations.Release;

/// <summary>A release: what to release, where, as which version, with which card, and how careful to be.</summary>
public sealed record ReleaseOptions
{
    /// <summary>Files and folders to release (full paths; folders recursively, <c>.git/</c> and <c>.cache/</c> left out).</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public required RepoRef Repo { get; init; }

    /// <summary>The branch the release commits to.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>The release version; tagged v&lt;version&gt;.</summary>
    public required SemanticVersion Version { get; init; }

    /// <summary>The commit's title (default: Release v&lt;version&gt;).</summary>
    public string? CommitMessage { get; init; }

    /// <summary>The parameter count every checkpoint must have, and the allowed deviation (0.01 = 1%).</summary>
    public long? ExpectedParameterCount { get; init; }

    public double Tolerance { get; init; }

    /// <summary>The card to publish as README.md (it must pass the card gate); null writes one (or takes a README.md from a released folder).</summary>
    public string? CardPath { get; init; }

    /// <summary>Neither write nor check a card (a README.md among the files is published as it is).</summary>
    public bool NoCard { get; init; }

    /// <summary>The card gate's policy (null: the default policy).</summary>
    public CardPolicy? CardPolicy { get; init; }

    /// <summary>Publish a card the release wrote even when it is unfinished (a warning instead of a refusal).</summary>
    public bool AllowUnfinishedCard { get; init; }

    /// <summary>Where the written card is kept (default: the session's release folder for this repository and version).</summary>
    public string? CardFolder { get; init; }

    /// <summary>What the written card says besides the facts read from the checkpoints.</summary>
    public string? License { get; init; }

    public IReadOnlyList<string> Language { get; init; } = [];

    /// <summary>The training config (YAML or JSON), rendered as a table.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The metrics (already read, or a file the card builder reads).</summary>
    public IReadOnlyList<MetricResult> Metrics { get; init; } = [];

    public string? MetricsPath { get; init; }

    /// <summary>Prose by placeholder name (model_description, direct_use, …).</summary>
    public IReadOnlyDictionary<string, string> Sections { get; init; } = new Dictionary<string, string>();

    /// <summary>Create the repository as private when it does not exist.</summary>
    public bool Private { get; init; }

    /// <summary>Move an existing tag to the release's commit (a high-impact change: asked first). It never lets a checkpoint through the gate.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Publish even when a file fails the checkpoint gate (a pickle that runs code, a truncated file, a name that lies): the
    /// gate's findings stay in the report as warnings (GATE_FORCED). Separate from <see cref="Force"/>, so moving a tag can
    /// never let a hostile file through by the same switch.
    /// </summary>
    public bool AllowRefusedCheckpoint { get; init; }

    /// <summary>A local git repository to tag too (it must exist and be clean).</summary>
    public string? LocalRepository { get; init; }

    /// <summary>Run every check, plan, and write nothing.</summary>
    public bool WhatIf { get; init; }

    /// <summary>What changed in this release: the card's changelog entry, and CHANGELOG.md's in the local repository.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Files the release must contain, by their path in the repository (LICENSE, config.json, requirements.txt, CITATION.cff…).</summary>
    public IReadOnlyList<string> RequiredFiles { get; init; } = [];

    /// <summary>A Markdown card template with {{ placeholders }} for the card the release writes (the default template when null).</summary>
    public string? CardTemplate { get; init; }

    /// <summary>Words the checkpoint names may use for their size, and the count each stands for (the gate checks them).</summary>
    public IReadOnlyDictionary<string, long> SizeLabels { get; init; } = new Dictionary<string, long>();

    /// <summary>Metric directions by metric type or name (higher, lower), for the regression check against the previous release.</summary>
    public IReadOnlyDictionary<string, string> MetricDirections { get; init; } = new Dictionary<string, string>();

    /// <summary>Refuse the release when a metric got worse than in the previous release (otherwise a warning).</summary>
    public bool MetricRegressionIsError { get; init; }

    /// <summary>With <see cref="LocalRepository"/>: push the branch and the tag to the branch's remote (origin by default).</summary>
    public bool Push { get; init; }
}
