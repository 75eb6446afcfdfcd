using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Deletes a tag from a Hugging Face Hub repository; the commit it named stays.</para>
/// </summary>
/// <remarks>
/// The twin of hf repo tag delete. Tags piped from Get-ReleaseTag bind by property name (RepoId and Name). A tag
/// that is not there is HubRevisionNotFound. Its ConfirmImpact is High: it asks under the default $ConfirmPreference
/// (-Confirm:$false skips the question; a host that cannot prompt ends with ConfirmationRequired). -WhatIf names the
/// tag and the commit it names, and deletes nothing; -PassThru writes the deleted tag's record.
/// </remarks>
/// <example>
/// <code>Remove-ReleaseTag -RepoId org/model -Name v1.2.0-rc1 -Confirm:$false -PassThru</code>
/// <para>Deletes the release candidate's tag without asking and shows the tag that was deleted (the commit it named stays).</para>
/// </example>
/// <example>
/// <code>Get-ReleaseTag -RepoId org/model | Where-Object Name -Like '*-rc*' | Remove-ReleaseTag -WhatIf</code>
/// <para>Shows which release-candidate tags would be deleted.</para>
/// </example>
/// <seealso cref="NewReleaseTagCommand"/>
[Cmdlet(VerbsCommon.Remove, "ReleaseTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ReleaseTag))]
public sealed class RemoveReleaseTagCommand : HubCmdlet
{
    /// <summary>The tag to delete.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Write the deleted tag's record.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessInput()
    {
        try
        {
            var repo = RepoRef.Parse(RepoId, RepoType);
            var (name, whatIf) = (Name, WhatIfInEffect);
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var deleted = await session.Repositories.DeleteTagAsync(repo, name, Decider(sink), whatIf, ct).ConfigureAwait(false);
                if (deleted is not null && PassThru) sink.Post(() => WriteObject(deleted));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Name);
        }
    }
}
