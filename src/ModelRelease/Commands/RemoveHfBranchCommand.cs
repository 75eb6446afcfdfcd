using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations.Branches;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Deletes a branch of a Hub repository (an experiment that is over); main cannot be deleted.</para>
/// </summary>
/// <remarks>
/// Deleting a branch is high-impact (ConfirmImpact High): it asks for confirmation under the default
/// $ConfirmPreference; -Confirm:$false or $ConfirmPreference = 'None' skips the question, -WhatIf shows it and deletes
/// nothing, and on a host that cannot prompt the branch stays with the error ConfirmationRequired. main is the
/// repository's latest stable and is refused (BranchProtected); a branch that is not there is BranchNotFound. Binds
/// RepoId and Name by property name, from Get-HfBranch.
/// </remarks>
/// <example>
/// <code>Get-HfBranch -RepoId org/ruvltra -Name 'exp-*' | Remove-HfBranch -Confirm:$false</code>
/// <para>Deletes every experiment branch without asking.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "HfBranch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HubBranch))]
public sealed class RemoveHfBranchCommand : HubCmdlet
{
    /// <summary>The branch to delete.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Write the deleted branch (its last commit) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessInput()
    {
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var plan = await session.Branches.PlanDeleteAsync(RepoRef.Parse(RepoId, RepoType), Name, ct).ConfigureAwait(false);
                var question = BranchOperation.DeleteQuestion(plan);
                // ConfirmImpact is High: ShouldProcess itself asks under the default preference.
                if (!await sink.AskAsync(() => Confirm(question)).ConfigureAwait(false)) return;
                var deleted = await session.Branches.DeleteAsync(plan, ct).ConfigureAwait(false);
                if (PassThru) sink.Post(() => WriteObject(deleted));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Name);
        }
    }

    /// <summary>ShouldProcess (which prompts: the cmdlet is High); a host that cannot prompt is the error ConfirmationRequired.</summary>
    private bool Confirm(Core.Operations.OperationQuestion question)
    {
        try
        {
            return ShouldProcess(question.Target, question.Action);
        }
        catch (Exception ex) when (ex is System.Management.Automation.Host.HostException or PSInvalidOperationException or NotImplementedException)
        {
            ThrowTerminatingError(ConfirmationRequired(question.Target, question.Action, question.HowToSkip ?? "Pass -Confirm:$false.", ex));
            return false;
        }
    }
}
