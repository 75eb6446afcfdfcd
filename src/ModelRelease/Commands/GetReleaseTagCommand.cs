using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Lists a Hub repository's release tags, newest version first.</para>
/// </summary>
/// <remarks>
/// Reads the versions of the v1.2.3, model-v1.2.3, export-v1.2.3 and weights-v1.1 families (and other
/// prefix-v1.2.3 tags); for equal versions v comes first, then model-v, export-v and weights-v. Tags that name no
/// version come last. Public repositories need no token.
/// </remarks>
/// <example>
/// <code>Get-ReleaseTag -RepoId org/model | Select-Object -First 1</code>
/// <para>The newest release.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "ReleaseTag")]
[OutputType(typeof(ReleaseTag))]
public sealed class GetReleaseTagCommand : HubCmdlet
{

    protected override void ProcessInput()
    {
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                foreach (var tag in await session.Tags.ListAsync(RepoRef.Parse(RepoId, RepoType), ct).ConfigureAwait(false))
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
