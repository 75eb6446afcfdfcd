using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations.Repositories;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Deletes files from a Hugging Face Hub repository in one commit: paths, folders or globs, or files piped from Get-HfRepoFile.</para>
/// </summary>
/// <remarks>
/// The twin of hf repo-files delete. -File takes paths in the repository, folders (everything under them) and globs
/// (* within a folder, ** across folders, ?); each must match a file or nothing is deleted (HubEntryNotFound).
/// Files piped from Get-HfRepoFile are gathered and deleted together, per repository, in one commit at the end of
/// the pipeline. -CreatePullRequest opens a pull request instead (the record's PullRequestNumber and
/// PullRequestUrl say which). Its ConfirmImpact is High: each file is asked about under the default
/// $ConfirmPreference (answer Yes to All for the rest; -Confirm:$false skips the questions; a host that cannot prompt
/// ends with ConfirmationRequired), and the files accepted go in one commit. -WhatIf names each file and the commit
/// and deletes nothing.
/// </remarks>
/// <example>
/// <code>Remove-HfRepoFile -RepoId org/model -File 'checkpoints/**', '*.tmp' -CommitMessage 'Remove training leftovers' -Confirm:$false</code>
/// <para>Deletes the checkpoints folder and every .tmp file in one commit, without asking.</para>
/// </example>
/// <example>
/// <code>Get-HfRepoFile -RepoId org/model -Recurse | Where-Object Path -Like '*.bin' | Remove-HfRepoFile -CreatePullRequest -Confirm:$false</code>
/// <para>Opens one pull request that deletes every .bin file.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "HfRepoFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = FileSet)]
[OutputType(typeof(RepoFileRemoval))]
public sealed class RemoveHfRepoFileCommand : HubCmdlet
{
    private const string FileSet = "File";
    private const string RepoFileSet = "RepoFile";

    /// <summary>Paths, folders or globs in the repository.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = FileSet)]
    [ValidateNotNullOrEmpty]
    public string[] File { get; set; } = [];

    /// <summary>Files listed by Get-HfRepoFile; their RepoId and Revision bind too.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RepoFileSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    [Alias("InputObject")]
    public HubRepoFile? RepoFile { get; set; }

    /// <summary>The branch to commit to.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Revision { get; set; } = "main";

    /// <summary>The commit's title (default: Delete FILE, or Delete N files).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CommitMessage { get; set; }

    /// <summary>The commit's description.</summary>
    [Parameter]
    public string? CommitDescription { get; set; }

    /// <summary>Open a pull request instead of committing to the branch.</summary>
    [Parameter]
    public SwitchParameter CreatePullRequest { get; set; }

    private readonly List<(string RepoId, string RepoType, string Revision, List<string> Paths)> _piped = [];

    protected override void ProcessInput()
    {
        if (ParameterSetName == RepoFileSet)
        {
            var group = _piped.FirstOrDefault(g => g.RepoId == RepoId && g.RepoType == RepoType && g.Revision == Revision);
            if (group.Paths is null) _piped.Add(group = (RepoId, RepoType, Revision, []));
            if (!group.Paths.Contains(RepoFile!.Path, StringComparer.Ordinal)) group.Paths.Add(RepoFile.Path);
            return;
        }
        Remove(RepoId, RepoType, Revision, File);
    }

    protected override void EndProcessing()
    {
        foreach (var (repoId, repoType, revision, paths) in _piped) Remove(repoId, repoType, revision, [.. paths]);
    }

    private void Remove(string repoId, string repoType, string revision, IReadOnlyList<string> patterns)
    {
        try
        {
            var options = new RemoveFilesOptions
            {
                Repo = RepoRef.Parse(repoId, repoType),
                Revision = revision,
                Patterns = patterns,
                CommitMessage = CommitMessage,
                CommitDescription = CommitDescription,
                CreatePullRequest = CreatePullRequest,
            };
            var whatIf = WhatIfInEffect;
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                // Each file is a question (High: asked by default); the commit of the files accepted is not asked again,
                // only shown under -WhatIf.
                var decide = Decider(sink);
                var removal = await session.Repositories.RemoveFilesAsync(options, (q, c) => q.Kind == Core.Operations.QuestionKind.Commit && !whatIf ? ValueTask.FromResult(true) : decide(q, c), whatIf, ct).ConfigureAwait(false);
                if (removal is not null) sink.Post(() => WriteObject(removal));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, repoId);
        }
    }
}
