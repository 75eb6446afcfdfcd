using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations.Branches;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Creates a branch of a Hub repository for an experiment, at main or another branch, tag or commit.</para>
/// </summary>
/// <remarks>
/// The name keeps the rules tags and branches share (no spaces, '..', '~^:?*[\', no HEAD, no refs/ names, not a
/// commit id) and may not be a tag's (BranchNameInvalid): one name is one revision. A branch that already points at
/// the commit asked for is left as it is (Created is false); one that points elsewhere is BranchAlreadyExists.
/// Publish-HfModel -Revision NAME -CreateBranch creates the branch with the publish.
/// </remarks>
/// <example>
/// <code>New-HfBranch -RepoId org/ruvltra -Name exp-fp16 -StartingPoint v1.0.0</code>
/// <para>Creates the branch exp-fp16 at the commit tagged v1.0.0.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "HfBranch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HubBranch))]
public sealed class NewHfBranchCommand : HubCmdlet
{
    /// <summary>The branch's name.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Where the branch starts: a branch, tag or commit (main by default).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string StartingPoint { get; set; } = "main";

    protected override void ProcessInput()
    {
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var plan = await session.Branches.PlanCreateAsync(RepoRef.Parse(RepoId, RepoType), Name, StartingPoint, ct).ConfigureAwait(false);
                if (!plan.IsNoOp && !await Decider(sink)(BranchOperation.CreateQuestion(plan), ct).ConfigureAwait(false)) return;
                var branch = await session.Branches.CreateAsync(plan, ct).ConfigureAwait(false);
                sink.Post(() => WriteObject(branch));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId);
        }
    }
}
