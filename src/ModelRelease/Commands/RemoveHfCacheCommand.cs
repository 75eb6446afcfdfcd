using System.Management.Automation;
using ModelRelease.Core.Operations.Cache;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Removes revisions from the shared Hugging Face cache: the snapshot, its refs, and the blobs no other revision uses.</para>
/// </summary>
/// <remarks>
/// The twin of hf cache rm. Takes CachedRevision objects from Get-HfCache, or picks revisions itself by -RepoId
/// (wildcards), -Revision and -OlderThan (-All for every revision). The revisions piped in are removed together at
/// the end of the pipeline, so a blob two of them share is freed once and a blob a kept revision uses is kept; a
/// repository left without revisions goes whole. Run it with -WhatIf first: each revision and the bytes it would
/// free are shown, nothing is removed. Its ConfirmImpact is High: each revision is asked about under the default
/// $ConfirmPreference (-Confirm:$false skips the questions; a host that cannot prompt ends with ConfirmationRequired).
/// Writes a CacheRemoval for each revision removed.
/// </remarks>
/// <example>
/// <code>Get-HfCache -OlderThan (New-TimeSpan -Days 30) | Remove-HfCache -WhatIf</code>
/// <para>Shows which revisions unused for a month would go and what that would free.</para>
/// </example>
/// <example>
/// <code>Remove-HfCache -RepoId org/model -Revision v1.0 -Confirm:$false</code>
/// <para>Removes the cached v1.0 of org/model.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "HfCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = FilterSet)]
[OutputType(typeof(CacheRemoval))]
public sealed class RemoveHfCacheCommand : ModelReleaseCmdlet
{
    private const string FilterSet = "Filter";
    private const string CachedRevisionSet = "CachedRevision";
    private readonly List<CachedRevision> _piped = [];

    /// <summary>Revisions listed by Get-HfCache.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CachedRevisionSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    [Alias("InputObject")]
    public CachedRevision? CachedRevision { get; set; }

    /// <summary>Repositories (namespace/name) to prune; * and ? match any characters.</summary>
    [Parameter(Position = 0, ParameterSetName = FilterSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? RepoId { get; set; }

    /// <summary>Only the revision a ref names (main, v1.0) or a commit (seven or more hex digits).</summary>
    [Parameter(ParameterSetName = FilterSet)]
    [ValidateNotNullOrEmpty]
    public string? Revision { get; set; }

    /// <summary>Only revisions not used for at least this long.</summary>
    [Parameter(ParameterSetName = FilterSet)]
    public TimeSpan? OlderThan { get; set; }

    /// <summary>model, dataset or space.</summary>
    [Parameter(ParameterSetName = FilterSet)]
    [ValidateSet("model", "dataset", "space")]
    public string? RepoType { get; set; }

    /// <summary>Every revision of every repository.</summary>
    [Parameter(ParameterSetName = FilterSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessInput()
    {
        if (ParameterSetName == CachedRevisionSet)
        {
            _piped.Add(CachedRevision!);
            return;
        }
        if (!All && RepoId is null && Revision is null && OlderThan is null)
        {
            ThrowTerminatingError(ErrorRecords.From(new InputException(InputException.CacheFilterMissing, "Name what to remove: -RepoId, -Revision or -OlderThan, or -All for every revision", null)
            {
                RecommendedAction = "Pipe revisions from Get-HfCache, or give a filter (run it with -WhatIf first).",
            }));
        }
        Remove(new CacheFilter { RepoIds = RepoId is null ? [] : [RepoId], Revision = Revision, OlderThan = OlderThan, RepoType = RepoType }, null);
    }

    protected override void EndProcessing()
    {
        if (_piped.Count > 0) Remove(null, _piped);
    }

    private void Remove(CacheFilter? filter, IReadOnlyList<CachedRevision>? chosen)
    {
        try
        {
            using var session = OpenLocalSession();
            var whatIf = WhatIfInEffect;
            var removals = session.Cache.RemoveAsync(filter, chosen, (q, _) => ValueTask.FromResult(Decide(q)), whatIf, CancellationToken).GetAwaiter().GetResult();
            foreach (var removal in removals.Where(r => r.Removed)) WriteObject(removal);
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
    }
}
