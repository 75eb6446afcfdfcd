using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Deletes a repository from the Hugging Face Hub with all its files, branches and tags.</para>
/// </summary>
/// <remarks>
/// The twin of hf repo delete. Its ConfirmImpact is High: it asks for confirmation under the default
/// $ConfirmPreference (-Confirm:$false skips the question; a host that cannot prompt ends with
/// ConfirmationRequired). A repository that is not there (or that the token cannot see) is HubRepoNotFound,
/// unless -MissingOk. Repository ids piped in by property name (RepoId) are deleted one by one, each asked.
/// </remarks>
/// <example>
/// <code>Remove-HfRepository -RepoId org/scratch-model -Confirm:$false</code>
/// <para>Deletes org/scratch-model without asking (a build agent cannot answer).</para>
/// </example>
/// <example>
/// <code>Remove-HfRepository -RepoId org/old-experiment -MissingOk -WhatIf</code>
/// <para>Shows what would be deleted and deletes nothing.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "HfRepository", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHfRepositoryCommand : HubCmdlet
{
    /// <summary>A repository that is not there is not an error.</summary>
    [Parameter]
    public SwitchParameter MissingOk { get; set; }

    protected override void ProcessInput()
    {
        try
        {
            var repo = RepoRef.Parse(RepoId, RepoType);
            var whatIf = WhatIfInEffect;
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                // The cmdlet's own ConfirmImpact is High, so ShouldProcess itself asks under the default preference;
                // a host that cannot ask ends with ConfirmationRequired.
                var deleted = await session.Repositories.DeleteAsync(repo, MissingOk, Decider(sink), whatIf, ct).ConfigureAwait(false);
                if (deleted) sink.Post(() => WriteVerboseLine($"Deleted {repo}"));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId);
        }
    }
}
