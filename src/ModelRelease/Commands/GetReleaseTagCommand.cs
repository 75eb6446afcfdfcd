using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations.Tags;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Lists a Hub repository's release tags, newest version first, each with the commit it names and that commit's date.</para>
/// </summary>
/// <remarks>
/// Each tag's version is read by the tag formats in a fixed priority — v1.2.3, then model-v1.2.3, export-v1.2.3 and
/// weights-v1.1, then the format of -Template (vllm-v{version}), then component tags (hub-v2.15.0, churn@v3.1.1) —
/// and failing those the whole name is read as a version (1.10.1). For equal versions v comes first, then model-v,
/// export-v and the others. Tags that name no version (latest-stable) come last, with an empty Version and a Reason
/// saying why. -Family keeps one family's tags: v, model-v, export-v, weights-v (or Version, Model, Export, Weights),
/// a template of your own, or a component prefix. Public repositories need no token.
/// </remarks>
/// <example>
/// <code>Get-ReleaseTag -RepoId org/model | Select-Object -First 1</code>
/// <para>The newest release.</para>
/// </example>
/// <example>
/// <code>Get-ReleaseTag -RepoId org/phi3-exports -Family export-v | Select-Object Name, Version, Date</code>
/// <para>The export-v tags only, newest version first, with the date of each tagged commit.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "ReleaseTag")]
[OutputType(typeof(ReleaseTag))]
public sealed class GetReleaseTagCommand : HubCmdlet
{
    /// <summary>Only this family's tags: v, model-v, export-v, weights-v (or Version, Model, Export, Weights), a template (vllm-v{version}) or a component prefix (hub-v).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Family { get; set; }

    /// <summary>A tag format of your own, read after the built-in ones (vllm-v{version}).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Template { get; set; }

    protected override void ProcessInput()
    {
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var tags = await session.Tag.ListAsync(new TagListOptions { Repo = RepoRef.Parse(RepoId, RepoType), Family = Family, Templates = Template is null ? [] : [Template] }, ct).ConfigureAwait(false);
                foreach (var tag in tags)
                {
                    sink.Post(() => WriteObject(tag));
                }
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId);
        }
    }
}
