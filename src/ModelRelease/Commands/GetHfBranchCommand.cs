using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Lists a Hub repository's branches: main (the latest stable) first, then the others by name, each with the commit it points at and that commit's date.</para>
/// </summary>
/// <remarks>
/// -Name keeps the branches whose name matches (wildcards). Each HubBranch carries RepoId, Name and Revision, so
/// Remove-HfBranch, Get-HfRepoFile and Save-HfModel bind to it by property name. Public repositories need no token.
/// </remarks>
/// <example>
/// <code>Get-HfBranch -RepoId org/ruvltra -Name 'exp-*'</code>
/// <para>The experiment branches of org/ruvltra.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "HfBranch")]
[OutputType(typeof(HubBranch))]
public sealed class GetHfBranchCommand : HubCmdlet
{
    /// <summary>Only the branches whose name matches (wildcards).</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void ProcessInput()
    {
        var pattern = Name is null ? null : new WildcardPattern(Name, WildcardOptions.CultureInvariant);
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                foreach (var branch in await session.Branches.ListAsync(RepoRef.Parse(RepoId, RepoType), ct).ConfigureAwait(false))
                {
                    if (pattern is null || pattern.IsMatch(branch.Name)) sink.Post(() => WriteObject(branch));
                }
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId);
        }
    }
}
