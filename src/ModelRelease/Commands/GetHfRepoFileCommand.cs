using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Lists the files of a Hub repository at a revision, with sizes, git blob ids and LFS SHA-256s.</para>
/// </summary>
/// <remarks>
/// Lists one folder (-PathInRepo) or, with -Recurse, everything under it. Public repositories need no token.
/// </remarks>
/// <example>
/// <code>Get-HfRepoFile -RepoId org/model -Revision v1.2.0 -Recurse | Where-Object IsLfs</code>
/// <para>The LFS files of the v1.2.0 release.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "HfRepoFile")]
[OutputType(typeof(HubRepoFile))]
public sealed class GetHfRepoFileCommand : HubCmdlet
{

    /// <summary>The branch, tag or commit.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Revision { get; set; } = "main";

    /// <summary>The folder in the repository to list.</summary>
    [Parameter(Position = 1)]
    public string? PathInRepo { get; set; }

    /// <summary>List everything below the folder.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    protected override void ProcessInput()
    {
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                await foreach (var file in session.Hub.ListTreeAsync(RepoRef.Parse(RepoId, RepoType), Revision, PathInRepo, Recurse, ct).ConfigureAwait(false))
                {
                    sink.Post(() => WriteObject(file));
                }
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId);
        }
    }
}
