using System.Management.Automation;
using ModelRelease.Core.Operations.Cache;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Lists the revisions in the shared Hugging Face cache that huggingface_hub, @huggingface/hub and Save-HfModel share.</para>
/// </summary>
/// <remarks>
/// The twin of hf cache ls. The cache is HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub. Each
/// CachedRevision is a snapshot folder: its repository, the refs that name it (main, v1.0), the commit, the files,
/// the size of its blobs (Size) and what removing it alone would free (ExclusiveSize), and when it was last used.
/// -RepoId takes wildcards; -Revision a ref or a commit prefix; -OlderThan a time since last use. What another tool
/// left broken (a link to a missing blob, a partial download, a ref to a missing snapshot) is a warning; nothing
/// is changed. Pipe the revisions to Remove-HfCache to prune them.
/// </remarks>
/// <example>
/// <code>Get-HfCache | Sort-Object Size -Descending | Select-Object -First 5</code>
/// <para>The five largest cached revisions.</para>
/// </example>
/// <example>
/// <code>Get-HfCache -RepoId 'org/*' -OlderThan (New-TimeSpan -Days 30)</code>
/// <para>Revisions of org's repositories not used for a month.</para>
/// </example>
/// <seealso cref="SaveHfModelCommand"/>
[Cmdlet(VerbsCommon.Get, "HfCache")]
[OutputType(typeof(CachedRevision))]
public sealed class GetHfCacheCommand : ModelReleaseCmdlet
{
    /// <summary>Repositories (namespace/name) to list; * and ? match any characters.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? RepoId { get; set; }

    /// <summary>Only the revision a ref names (main, v1.0) or a commit (seven or more hex digits).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Revision { get; set; }

    /// <summary>Only revisions not used for at least this long.</summary>
    [Parameter]
    public TimeSpan? OlderThan { get; set; }

    /// <summary>model, dataset or space.</summary>
    [Parameter]
    [ValidateSet("model", "dataset", "space")]
    public string? RepoType { get; set; }

    protected override void ProcessInput()
    {
        try
        {
            using var session = OpenLocalSession();
            var scan = session.Cache.Scan();
            var revisions = session.Cache.List(new CacheFilter { RepoIds = RepoId is null ? [] : [RepoId], Revision = Revision, OlderThan = OlderThan, RepoType = RepoType }, scan);
            foreach (var problem in scan.Problems) WriteWarningLine(problem);
            foreach (var revision in revisions)
            {
                foreach (var problem in revision.Problems) WriteWarningLine($"{revision.RepoId}@{revision.Revision}: {problem}");
                WriteObject(revision);
            }
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
    }
}
