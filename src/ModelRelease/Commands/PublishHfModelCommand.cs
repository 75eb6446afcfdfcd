using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Operations.Publish;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Publishes checkpoints, files or folders to a Hugging Face Hub repository in one atomic commit, uploading only what the Hub does not already have.</para>
/// </summary>
/// <remarks>
/// Takes Checkpoint and CheckpointValidation objects (with their shards), a ModelCard (as README.md, under
/// -PathInRepo), files and folders from the pipeline or -Path. Inputs that bind different RepoIds by property name
/// (model cards of several variants) are published to their own repositories, one commit each, one PublishResult
/// each. Creates the repository when it is missing (-Private), asks the Hub which files go through LFS and
/// which it already has, hashes with a persistent cache (an unchanged file is never hashed twice), uploads LFS
/// objects in parallel parts streamed from disk, retries rate limits and dropped connections honouring
/// Retry-After, and makes one commit guarded by the parent commit: a publish either commits completely or not at
/// all, and running an interrupted publish again uploads only what is missing. Every checkpoint among the files,
/// however it was given (a path, a folder, a piped Checkpoint or CheckpointValidation), passes the checkpoint gate
/// first: a file is read by its content, so a pickle named pytorch_model.bin or model.ckpt that calls os.system is
/// refused like one named model.pt; training state (training_args.bin, optimizer.pt) is scanned for globals that
/// run code; a piped CheckpointValidation whose IsValid is false is refused too. A refusal (PublishRefused) writes
/// nothing unless -Force. -WhatIf shows every file (LFS or regular, new, updated or
/// unchanged, bytes) and the commit, and writes nothing. Creating a public repository is a high-impact action: it
/// asks for confirmation even under the default $ConfirmPreference (as if its ConfirmImpact were High; the
/// cmdlet's own is Medium, so uploads and the commit do not ask); -Confirm:$false or $ConfirmPreference = 'None'
/// skips the question, -Private creates a private repository without it, and on a host that cannot prompt the
/// publish stops with the error ConfirmationRequired before anything is written. -Revision names the branch; a branch
/// that does not exist is BranchNotFound unless -CreateBranch creates it (at main) just before the commit, so main —
/// the latest stable — stays as it was while an experiment goes to its own branch.
/// </remarks>
/// <example>
/// <code>Get-Checkpoint ./checkpoints/*.safetensors | Test-Checkpoint -Deep | Publish-HfModel -RepoId org/model-base -CommitMessage 'Release v1.2.0'</code>
/// <para>Validates and publishes the checkpoints; a failed validation stops the publish.</para>
/// </example>
/// <example>
/// <code>Publish-HfModel -Path ./release -RepoId org/model-base -Exclude '*.tmp' -WhatIf</code>
/// <para>Shows what would be uploaded and committed without writing anything.</para>
/// </example>
/// <example>
/// <code>Publish-HfModel -Path ./gguf -RepoId org/model-gguf -PathInRepo quantized -Include '*.gguf' | New-ReleaseTag -Version 1.2.0</code>
/// <para>Publishes the GGUF files under quantized/ and tags the commit v1.2.0.</para>
/// </example>
/// <example>
/// <code>Publish-HfModel -Path ./experiments/ruvltra-513k-f16.gguf -RepoId org/ruvltra -Revision exp-fp16 -CreateBranch -CommitMessage 'Experiment: F16 export'</code>
/// <para>Publishes an experiment to a new branch exp-fp16 (made at main); main, the latest stable, is unchanged.</para>
/// </example>
/// <example>
/// <code>Publish-HfModel -Path ./release -RepoId org/new-model -Confirm:$false</code>
/// <para>Creates the public repository org/new-model without asking (a build agent cannot answer) and publishes the folder.</para>
/// </example>
/// <seealso cref="RemoveHfRepoFileCommand"/>
/// <seealso cref="NewHfRepositoryCommand"/>
/// <seealso cref="NewReleaseTagCommand"/>
[Cmdlet(VerbsData.Publish, "HfModel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "InputObject")]
[OutputType(typeof(PublishResult))]
public sealed class PublishHfModelCommand : HubCmdlet
{
    // Inputs per target repository, in the order the repositories were first named.
    private readonly List<PublishTarget> _targets = [];
    private readonly List<string> _staging = [];

    /// <summary>What to publish: Checkpoint or CheckpointValidation objects, ModelCard objects (published as README.md), files or folders (FileInfo, DirectoryInfo or paths).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "InputObject", ValueFromPipeline = true)]
    [AllowNull]
    public object? InputObject { get; set; }

    /// <summary>Files or folders to publish; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParameterSets.Path)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Files or folders taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The branch to commit to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Revision { get; set; } = "main";

    /// <summary>Create -Revision as a new branch (at main) when the repository has no such branch; without it, publishing to a missing branch is BranchNotFound.</summary>
    [Parameter]
    public SwitchParameter CreateBranch { get; set; }

    /// <summary>The folder in the repository the files go under.</summary>
    [Parameter]
    public string? PathInRepo { get; set; }

    /// <summary>Globs of files to take from folders (relative paths; * within a folder, ** across folders).</summary>
    [Parameter]
    public string[]? Include { get; set; }

    /// <summary>Globs of files to leave out of folders.</summary>
    [Parameter]
    public string[]? Exclude { get; set; }

    /// <summary>The commit's title.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string CommitMessage { get; set; } = "Upload model files with ModelRelease";

    /// <summary>The commit's description.</summary>
    [Parameter]
    public string? CommitDescription { get; set; }

    /// <summary>Open a pull request instead of committing to the branch (the result's PullRequestNumber and PullRequestUrl name it).</summary>
    [Parameter]
    public SwitchParameter CreatePullRequest { get; set; }

    /// <summary>Globs of files already in the repository (under -PathInRepo) to delete in the same commit, as hf upload --delete; the files published are kept.</summary>
    [Parameter]
    public string[]? Delete { get; set; }

    /// <summary>Create the repository as private when it does not exist (no confirmation is asked, unlike creating a public one).</summary>
    [Parameter]
    public SwitchParameter Private { get; set; }

    /// <summary>Publish even when a file fails the checkpoint gate (an invalid checkpoint, a failed piped validation, a pickle that runs code).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>What goes to one repository: paths, checkpoints and validations, each gated by the core's one gate.</summary>
    private sealed record PublishTarget(string RepoId, string RepoType, List<string> Paths, List<Checkpoint> Checkpoints, List<CheckpointValidation> Validations);

    /// <summary>Where this pipeline object's files go: the RepoId bound now (by name or by property name).</summary>
    private PublishTarget Target()
    {
        var target = _targets.FirstOrDefault(t => t.RepoId == RepoId && t.RepoType == RepoType);
        if (target is null) _targets.Add(target = new PublishTarget(RepoId, RepoType, [], [], []));
        return target;
    }

    protected override void ProcessInput()
    {
        switch (ParameterSetName)
        {
            case ParameterSets.Path:
                Target().Paths.AddRange(PathResolution.Resolve(this, Path, literal: false));
                return;
            case ParameterSets.LiteralPath:
                Target().Paths.AddRange(PathResolution.Resolve(this, LiteralPath, literal: true));
                return;
        }
        var value = InputObject is PSObject pso ? pso.BaseObject : InputObject;
        switch (value)
        {
            case null:
                return;
            case Checkpoint checkpoint:
                Target().Checkpoints.Add(checkpoint);
                return;
            case CheckpointValidation validation:
                Target().Validations.Add(validation); // a failed one is refused by the gate (unless -Force)
                return;
            case FileSystemInfo info:
                Target().Paths.Add(info.FullName);
                return;
            case ModelCard card:
                try
                {
                    // The card goes in as README.md: its own file when that holds exactly the card, else a staged copy.
                    var (file, staging) = Core.Cards.CardFile.ForPublishAsync(card, CancellationToken).GetAwaiter().GetResult();
                    if (staging is not null) _staging.Add(staging);
                    Target().Paths.Add(file);
                }
                catch (IOException ex)
                {
                    WriteModelReleaseError(ex, card.Path);
                }
                return;
            case string s:
                Target().Paths.AddRange(PathResolution.Resolve(this, [s], literal: false));
                return;
            default:
                WriteError(new ErrorRecord(new ArgumentException($"Publish-HfModel takes checkpoints, validations, model cards, files, folders or paths; not {value.GetType().Name}."), "PublishInputUnsupported", ErrorCategory.InvalidArgument, InputObject));
                return;
        }
    }

    protected override void EndProcessing()
    {
        try
        {
            foreach (var target in _targets.Where(t => t.Paths.Count + t.Checkpoints.Count + t.Validations.Count > 0))
            {
                Publish(target);
            }
        }
        finally
        {
            DeleteStaging();
        }
    }

    /// <summary>A stopped pipeline (Ctrl+C while input still arrives) never reaches EndProcessing: staged cards go here too.</summary>
    protected override void Dispose(bool disposing)
    {
        DeleteStaging();
        base.Dispose(disposing);
    }

    private void DeleteStaging()
    {
        foreach (var folder in _staging)
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        _staging.Clear();
    }

    private void Publish(PublishTarget target)
    {
        var whatIf = WhatIfInEffect; // a what-if goes on to show every upload and the commit
        try
        {
            var options = new PublishOptions
            {
                Repo = RepoRef.Parse(target.RepoId, target.RepoType),
                Revision = Revision,
                CreateBranch = CreateBranch,
                Paths = target.Paths.Distinct(StringComparer.Ordinal).ToList(),
                Checkpoints = target.Checkpoints,
                Validations = target.Validations,
                PathInRepo = PathInRepo,
                Include = Include ?? [],
                Exclude = Exclude ?? [],
                CommitMessage = CommitMessage,
                CommitDescription = CommitDescription,
                CreatePullRequest = CreatePullRequest,
                Private = Private,
                Force = Force,
                Delete = Delete ?? [],
            };
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                // Gate and plan once (read only: allowed under -WhatIf); its progress ends before the questions are asked.
                PublishOperationPlan plan;
                var enabled = !session.Options.ProgressBarsDisabled;
                var (planning, planWriter) = Progress(sink, target.RepoId, enabled);
                try
                {
                    plan = await session.Publish.PlanAsync(options, planning, ct).ConfigureAwait(false);
                }
                finally
                {
                    planWriter.Complete();
                }
                // Then one question per write, then exactly that plan.
                var (progress, writer) = Progress(sink, target.RepoId, enabled);
                try
                {
                    if (plan.Gate.Forced) sink.Post(() => WriteWarningLine($"{target.RepoId}: {plan.Gate.RefusedCount} file(s) failed the checkpoint gate and are published anyway (-Force)."));
                    var at = $"{target.RepoId}@{Revision}";
                    foreach (var unchanged in plan.Plan.Files.Where(f => f.Action == PublishAction.Unchanged))
                    {
                        sink.Post(() => WriteVerboseLine($"{at}: {unchanged.PathInRepo} is unchanged ({ByteSizeText.Format(unchanged.Size)}), skipped"));
                    }
                    foreach (var deleted in plan.Plan.Deleted) sink.Post(() => WriteVerboseLine($"{at}: {deleted} matches -Delete, deleted in the same commit"));
                    var result = await session.Publish.ExecuteAsync(plan, Decider(sink), whatIf, progress, ct).ConfigureAwait(false);
                    if (result?.PullRequestUrl is { } pr) sink.Post(() => WriteVerboseLine($"{target.RepoId}: opened pull request #{result.PullRequestNumber}: {pr}"));
                    if (result is not null) sink.Post(() => WriteObject(result));
                }
                finally
                {
                    writer.Complete();
                }
            });
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, target.RepoId));
        }
    }

    /// <summary>
    /// Progress as a parent activity (the publish: its stage and files) with a child activity per stage that moves
    /// bytes — hashing, then uploading — each with its own rate and time left. The returned writer completes them all.
    /// </summary>
    private (IProgress<PublishProgress> Progress, PublishProgressWriters Writer) Progress(CmdletSink sink, string repoId, bool enabled)
    {
        var writers = new PublishProgressWriters(
            new ProgressWriter(sink, this, 1, $"Publish-HfModel {repoId}"),
            new ProgressWriter(sink, this, 2, "Hashing", parentActivityId: 1),
            new ProgressWriter(sink, this, 3, "Uploading", parentActivityId: 1),
            enabled);
        var stage = -1;
        return (new Core.SyncProgress<PublishProgress>(p =>
        {
            if (!enabled) return;
            // The first update of a stage always shows (the throttle would otherwise hide a short one).
            var first = Interlocked.Exchange(ref stage, (int)p.Stage) != (int)p.Stage;
            switch (p.Stage)
            {
                case PublishStage.Hashing:
                    if (first) writers.Overall.ReportStatus($"Hashing {p.FilesTotal} file(s)");
                    writers.Hashing.Report($"Hashing {p.Path}", p.HashedBytes, p.BytesToHash, first);
                    break;
                case PublishStage.Uploading:
                    if (first)
                    {
                        writers.Hashing.Complete();
                        writers.Overall.ReportStatus($"Uploading the files the Hub does not have");
                    }
                    writers.Uploading.Report($"{p.FilesDone} of {p.FilesTotal} files done, {p.Path}", p.UploadedBytes, p.BytesToUpload, first);
                    break;
                case PublishStage.Committing:
                    writers.Hashing.Complete();
                    writers.Uploading.Complete();
                    writers.Overall.ReportStatus("Committing", 100);
                    break;
            }
        }), writers);
    }

    /// <summary>The publish's parent activity and its two children.</summary>
    private sealed record PublishProgressWriters(ProgressWriter Overall, ProgressWriter Hashing, ProgressWriter Uploading, bool Enabled)
    {
        public void Complete()
        {
            if (!Enabled) return;
            Hashing.Complete();
            Uploading.Complete();
            Overall.Complete();
        }
    }
}
