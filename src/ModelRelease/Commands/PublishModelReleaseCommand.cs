using System.Collections;
using System.Management.Automation;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Release;
using ModelRelease.Core.Releases.Versions;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Releases a model end to end: validates every checkpoint, counts its parameters, writes or checks the model card, publishes, tags v{Version}, downloads the release back and compares every byte. Every check is made before the first write.</para>
/// </summary>
/// <remarks>
/// The twin of 'modelrelease release', over the same release job of the core. The files and folders given are the
/// release (folders with everything below them but .git/ and .cache/; -Include and -Exclude filter). Before anything is
/// written it checks: every checkpoint passes the checkpoint gate (read by its content, deep-scanned, hashed, and
/// counted against -ExpectedParameterCount; training state such as training_args.bin is scanned for globals that run
/// code; no checkpoint at all is a failure); the card passes the card gate (-CardPath, or a README.md in a released
/// folder; otherwise a card is written from the checkpoints, -Config, -Metrics and -Section and kept in a folder you
/// can open — an unfinished written card is refused unless -AllowUnfinishedCard); the token's user may write to the
/// repository's namespace; the tag v{Version} is free, or already names exactly this release, or -Force moves it; and
/// -LocalRepository is a clean git repository. A release that fails a check writes nothing to the Hub: the report
/// (Outcome Refused, the error findings) is written and so is the error ReleaseRefused. When the target is
/// huggingface.co it says so first (a warning). Creating a public repository and moving a tag are high-impact
/// actions that ask for confirmation even under the default $ConfirmPreference (-Confirm:$false or -Private skip
/// it); the commit and a new tag are Medium. -WhatIf runs every check and returns the report with the whole plan
/// (files, card verdict, commit message, tag) and writes nothing. Tokens come from -Token, -Credential, HF_TOKEN and
/// the places the Hub's clients look; the endpoint from -Endpoint or HF_ENDPOINT. -Version is read by the one reader
/// of versions: v1.2, 1.2 and 2.0.0rc1 are released as 1.2.0 and 2.0.0-rc.1, and a warning says how it was read.
///
/// The card the release writes keeps a changelog: this release's entry (-Change, or "released with ModelRelease")
/// above the entries of the previous release's card, read from the Hub at the newest older v-tag. The new card's
/// model-index is compared with the previous release's, metric by metric, by its direction (accuracy higher is
/// better, perplexity lower, …): a metric that got worse is the warning RELEASE_METRIC_REGRESSION. With
/// -LocalRepository the repository must be clean and git must know who commits: after the Hub release its
/// CHANGELOG.md gets the entry (committed as "Changelog for v1.2.0"), the annotated tag goes on that commit and
/// records the Hub commit, and -Push pushes the branch and the tag.
///
/// -Manifest releases a model family from its manifest (release.yaml; its schema is schemas/release-manifest.schema.json
/// in the module folder): one repository per variant (org/model-{variant}), each with its checkpoint, config,
/// expected parameter count and tolerance, card template and the files every release must contain (LICENSE,
/// requirements, citations…). Every variant is checked first — the checkpoint gate (the variant's name as a size
/// label), the count, the card gate, the required files, a free tag — and when any variant fails a check nothing of
/// the family is written: the FamilyReleaseReport (Outcome Refused, each variant's report) is written and so is the
/// error FamilyReleaseRefused. A manifest that is not valid (an unknown variant field, a count that is not one) is
/// the error ReleaseManifestInvalid, whose Exception.Findings name each problem with its path and line.
/// </remarks>
/// <example>
/// <code>Publish-ModelRelease -Path ./release -RepoId org/model-base -Version 1.2.0 -License apache-2.0 -Language en -Config ./configs/base.yaml -Metrics ./eval/metrics.json -Section (Get-Content ./card-sections.json -Raw | ConvertFrom-Json -AsHashtable) -Confirm:$false</code>
/// <para>Releases the folder as v1.2.0 with a card written from the checkpoint, config, metrics and prose: a new public repository is created without asking (-Confirm:$false), and the report says Released once the downloaded release is byte-identical.</para>
/// </example>
/// <example>
/// <code>Publish-ModelRelease -Path ./release -RepoId org/model-base -Version 1.2.0 -NoCard -WhatIf</code>
/// <para>Runs every check and returns the plan (every file, the commit, the tag) without writing anything; its Outcome is Planned.</para>
/// </example>
/// <example>
/// <code>$report = Publish-ModelRelease -Path ./release -RepoId org/model-base -Version 1.2.0 -NoCard -Confirm:$false -ErrorAction SilentlyContinue; $report.Findings | Where-Object Severity -EQ Error</code>
/// <para>Tries to release v1.2.0 again with other weights: the tag already names the first release, so the release is refused before its first write, and the error findings say why.</para>
/// </example>
/// <example>
/// <code>Publish-ModelRelease -Manifest ./examples/release.yaml -Version 1.0.0 -Change 'First release of the family' -Confirm:$false</code>
/// <para>Checks the small, base and large variants of the manifest, then releases each to its own repository with its card, LICENSE, citation and requirements, and tags every one v1.0.0.</para>
/// </example>
[Cmdlet(VerbsData.Publish, "ModelRelease", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSets.Path)]
[OutputType(typeof(ReleaseReport), typeof(FamilyReleaseReport))]
public sealed class PublishModelReleaseCommand : HubAccessCmdlet
{
    private const string ManifestSet = "Manifest";
    private readonly List<string> _paths = [];
    private bool _unresolved;

    /// <summary>Files and folders to release; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParameterSets.Path, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Files and folders taken exactly as written; binds to the PSPath of Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The repository, namespace/name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.Path, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string RepoId { get; set; } = "";

    /// <summary>model (default), dataset or space.</summary>
    [Parameter(ParameterSetName = ParameterSets.Path, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [ValidateSet("model", "dataset", "space")]
    public string RepoType { get; set; } = "model";

    /// <summary>A family's release manifest (release.yaml): every variant is checked, then each is released to its own repository.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ManifestSet)]
    [ValidateNotNullOrEmpty]
    public string Manifest { get; set; } = "";

    /// <summary>The release version (1.2.0, 1.2.0-rc.1; v1.2, 1.2 and 2.0.0rc1 are read as 1.2.0, 1.2.0 and 2.0.0-rc.1, with a warning saying so); the tag is v followed by it. With -Manifest, the manifest's version when not given.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.Path, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ManifestSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>What changed in this release: the card's changelog entry (carried forward by later releases) and CHANGELOG.md's with -LocalRepository.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Change { get; set; }

    /// <summary>With -LocalRepository: push the branch and the tag to the branch's remote (origin by default).</summary>
    [Parameter]
    public SwitchParameter Push { get; set; }

    /// <summary>Globs of files to take from folders (relative paths; * within a folder, ** across folders).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    public string[]? Include { get; set; }

    /// <summary>Globs of files to leave out of folders.</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    public string[]? Exclude { get; set; }

    /// <summary>The parameter count every checkpoint must have (15.8M, 1.2B, or a number).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ParameterCountTransformation]
    public long? ExpectedParameterCount { get; set; }

    /// <summary>Allowed deviation from -ExpectedParameterCount: 1% or 0.01.</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [PercentTransformation]
    [ValidateRange(0.0, 1.0)]
    public double Tolerance { get; set; }

    /// <summary>Your model card, published as README.md; it must pass the card gate (Test-ModelCard with the checkpoint's parameter count).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ValidateNotNullOrEmpty]
    public string? CardPath { get; set; }

    /// <summary>Neither write nor check a card (a README.md in a released folder is published as it is).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    public SwitchParameter NoCard { get; set; }

    /// <summary>The card gate's policy: a YAML file (required_metadata, required_sections, unfinished_phrases).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ValidateNotNullOrEmpty]
    public string? Policy { get; set; }

    /// <summary>Publish the card the release writes even when it is unfinished (a warning finding instead of a refusal).</summary>
    [Parameter]
    public SwitchParameter AllowUnfinishedCard { get; set; }

    /// <summary>Where the written card is kept (default: the modelrelease cache folder, releases/&lt;repo&gt;/v&lt;version&gt;/).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ValidateNotNullOrEmpty]
    public string? CardFolder { get; set; }

    /// <summary>The written card's license (a Hub license id).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LicenseCompleter))]
    public string? License { get; set; }

    /// <summary>The written card's languages (ISO 639-1 codes).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LanguageCompleter))]
    public string[]? Language { get; set; }

    /// <summary>The training config (any YAML or JSON), rendered as a hyperparameter table in the written card.</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ValidateNotNullOrEmpty]
    public string? Config { get; set; }

    /// <summary>Evaluation metrics for the written card: a JSON file, or a hashtable of the same shape.</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ValidateNotNull]
    public object? Metrics { get; set; }

    /// <summary>Prose for the written card's sections by placeholder name (model_description, direct_use, …).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ValidateNotNull]
    public Hashtable? Section { get; set; }

    /// <summary>The commit's title (default: Release v{Version}).</summary>
    [Parameter(ParameterSetName = ParameterSets.Path)]
    [Parameter(ParameterSetName = ParameterSets.LiteralPath)]
    [ValidateNotNullOrEmpty]
    public string? CommitMessage { get; set; }

    /// <summary>Create the repository as private when it does not exist (no confirmation is asked, unlike creating a public one).</summary>
    [Parameter]
    public SwitchParameter Private { get; set; }

    /// <summary>Move an existing tag to the release's commit (asks first). It never lets a file through the checkpoint gate: that is -AllowRefusedCheckpoint.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Publish even when a file fails the checkpoint gate (a pickle that runs code, a truncated file, a name that lies); the gate's findings stay in the report as warnings.</summary>
    [Parameter]
    public SwitchParameter AllowRefusedCheckpoint { get; set; }

    /// <summary>A local git repository that gets the same annotated tag at its HEAD; it must be a clean git repository.</summary>
    [Parameter]
    public string? LocalRepository { get; set; }

    protected override void ProcessInput()
    {
        if (ParameterSetName == ManifestSet) return;
        var literal = ParameterSetName == ParameterSets.LiteralPath;
        _paths.AddRange(PathResolution.Resolve(this, literal ? LiteralPath : Path, literal, () => _unresolved = true));
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == ManifestSet)
        {
            ReleaseFamily();
            return;
        }
        if (_unresolved) return; // each path that resolved to nothing was written as an error: release nothing rather than part of it
        ReleaseOptions options;
        try
        {
            options = new ReleaseOptions
            {
                Paths = _paths.Distinct(StringComparer.Ordinal).ToList(),
                Include = Include ?? [],
                Exclude = Exclude ?? [],
                Repo = RepoRef.Parse(RepoId, RepoType),
                Version = ParseVersion(),
                CommitMessage = CommitMessage,
                ExpectedParameterCount = ExpectedParameterCount,
                Tolerance = Tolerance,
                CardPath = CardPath is null ? null : PathResolution.ResolveOutput(this, CardPath),
                NoCard = NoCard,
                CardPolicy = Policy is null ? null : CardPolicy.Load(PathResolution.ResolveOutput(this, Policy)),
                AllowUnfinishedCard = AllowUnfinishedCard,
                CardFolder = CardFolder is null ? null : PathResolution.ResolveOutput(this, CardFolder),
                License = License,
                Language = Language ?? [],
                ConfigPath = Config is null ? null : PathResolution.ResolveOutput(this, Config),
                Metrics = (Metrics is PSObject p ? p.BaseObject : Metrics) is { } value and not (string or FileInfo) ? CardMetrics.FromValue(PlainValues.From(value), "-Metrics") : [],
                MetricsPath = (Metrics is PSObject q ? q.BaseObject : Metrics) switch { string file => PathResolution.ResolveOutput(this, file), FileInfo file => file.FullName, _ => null },
                Sections = PlainValues.Entries(Section).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "", StringComparer.Ordinal),
                Private = Private,
                Force = Force,
                AllowRefusedCheckpoint = AllowRefusedCheckpoint,
                LocalRepository = LocalRepository is null ? null : PathResolution.ResolveOutput(this, LocalRepository),
                WhatIf = WhatIfInEffect,
                Changes = Change ?? [],
                Push = Push,
            };
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, RepoId));
            return;
        }

        ReleaseReport? report = null;
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                // The release is the parent activity (its step); each part that moves bytes (deep scan and sha256 of each
                // checkpoint, hashing, uploading, downloading back) is a child with its own rate and time left.
                var bar = new ProgressWriter(sink, this, 1, $"Publish-ModelRelease {RepoId} v{options.Version}");
                var children = new Dictionary<string, ProgressWriter>(StringComparer.Ordinal);
                var enabled = !session.Options.ProgressBarsDisabled;
                var stage = -1;
                try
                {
                    report = await session.Release.RunAsync(options, Decider(sink), new Core.SyncProgress<ReleaseProgress>(p =>
                    {
                        var first = Interlocked.Exchange(ref stage, (int)p.Stage) != (int)p.Stage;
                        if (p.Stage == ReleaseStage.Notice) sink.Post(() => WriteWarningLine(p.Message));
                        else if (enabled && p.BytesTotal > 0 && p.Activity is { } activity)
                        {
                            lock (children)
                            {
                                if (!children.TryGetValue(activity, out var child))
                                {
                                    foreach (var done in children.Values) done.Complete();
                                    children.Clear();
                                    children[activity] = child = new ProgressWriter(sink, this, 2 + (activity.GetHashCode() & 0x7fff), activity, parentActivityId: 1);
                                }
                                child.Report(p.Message, p.BytesDone, p.BytesTotal);
                            }
                        }
                        else if (enabled) bar.ReportStatus($"{p.Stage}: {p.Message}", (int)p.Stage * 100 / (int)ReleaseStage.Verifying);
                        if (first && p.Stage != ReleaseStage.Notice) sink.Post(() => WriteVerboseLine($"{p.Stage}: {p.Message}"));
                    }), ct).ConfigureAwait(false);
                }
                finally
                {
                    lock (children) foreach (var child in children.Values) child.Complete();
                    bar.Complete();
                }
            });
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, RepoId));
            return;
        }

        WriteObject(report);
        if (report!.Outcome is ReleaseOutcome.Refused or ReleaseOutcome.VerificationFailed)
        {
            var errors = report.Findings.Where(f => f.Severity == FindingSeverity.Error).ToList();
            var id = report.Outcome == ReleaseOutcome.Refused ? OperationErrors.ReleaseRefused : OperationErrors.ReleaseVerificationFailed;
            var message = report.Outcome == ReleaseOutcome.Refused
                ? $"The release of {report.RepoId} {report.TagName} was refused before its first write; nothing was written. {string.Join(" ", errors.Select(f => $"{f.Code}: {f.Message}."))}"
                : $"{report.RepoId} {report.TagName} was published, but the release downloaded back differs from the local files: {string.Join(", ", report.Verification?.Mismatched ?? [])}.";
            WriteError(new ErrorRecord(new OperationException(id, report.Outcome == ReleaseOutcome.Refused ? ErrorKind.InvalidData : ErrorKind.InvalidOperation, message, report.RepoId), id,
                report.Outcome == ReleaseOutcome.Refused ? ErrorCategory.InvalidData : ErrorCategory.InvalidResult, report.RepoId)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "The report's Findings name each failed check (Code, Path, Message); fix them and release again." },
            });
        }
    }

    /// <summary>-Version read by the one reader of versions; a loose form is read and said (a warning), never silently.</summary>
    private SemanticVersion ParseVersion()
    {
        var parsed = VersionParser.Parse(Version);
        if (parsed.Note is { } note) WriteWarningLine($"-Version {note}.");
        return parsed.Version;
    }

    /// <summary>-Manifest: every variant checked first, then each released; the family's report, and ReleaseRefused when a variant failed a check.</summary>
    private void ReleaseFamily()
    {
        FamilyReleaseOptions options;
        try
        {
            options = new FamilyReleaseOptions
            {
                ManifestPath = PathResolution.ResolveOutput(this, Manifest),
                Version = Version is null ? null : ParseVersion(),
                Changes = Change ?? [],
                Private = Private,
                Force = Force,
                AllowRefusedCheckpoint = AllowRefusedCheckpoint,
                AllowUnfinishedCard = AllowUnfinishedCard,
                LocalRepository = LocalRepository is null ? null : PathResolution.ResolveOutput(this, LocalRepository),
                Push = Push,
                WhatIf = WhatIfInEffect,
            };
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, Manifest));
            return;
        }
        FamilyReleaseReport? report = null;
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var bar = new ProgressWriter(sink, this, 1, $"Publish-ModelRelease {System.IO.Path.GetFileName(options.ManifestPath)}");
                var stage = "";
                try
                {
                    report = await session.FamilyRelease.RunAsync(options, Decider(sink), new Core.SyncProgress<ReleaseProgress>(p =>
                    {
                        var first = !string.Equals(Interlocked.Exchange(ref stage, p.Stage + p.Message)!, p.Stage + p.Message, StringComparison.Ordinal);
                        if (p.Stage == ReleaseStage.Notice) sink.Post(() => WriteWarningLine(p.Message));
                        else bar.Report($"{p.Stage}: {p.Message}", p.BytesDone, p.BytesTotal, first);
                        if (first && p.Stage is ReleaseStage.Checking or ReleaseStage.Tagging) sink.Post(() => WriteVerboseLine($"{p.Stage}: {p.Message}"));
                    }), ct).ConfigureAwait(false);
                }
                finally
                {
                    bar.Complete();
                }
            });
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, Manifest));
            return;
        }
        WriteObject(report);
        if (report!.Outcome is ReleaseOutcome.Refused or ReleaseOutcome.VerificationFailed or ReleaseOutcome.Incomplete)
        {
            var refused = report.Outcome == ReleaseOutcome.Refused;
            var id = refused ? OperationErrors.FamilyReleaseRefused : OperationErrors.ReleaseVerificationFailed;
            var errors = report.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => $"{f.Code}: {f.Message}.");
            var message = refused
                ? $"The release of {report.Family ?? report.Manifest} {report.TagName} was refused before its first write; nothing was written. {string.Join(" ", errors)}"
                : $"The release of {report.Family ?? report.Manifest} {report.TagName} did not end well ({report.Outcome}). {string.Join(" ", errors)}";
            WriteError(new ErrorRecord(new OperationException(id, refused ? ErrorKind.InvalidData : ErrorKind.InvalidOperation, message, report.Manifest), id,
                refused ? ErrorCategory.InvalidData : ErrorCategory.InvalidResult, report.Manifest)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Each variant's report (Variants) names its failed checks (Findings: Code, Path, Message); fix them and release again." },
            });
        }
    }
}
