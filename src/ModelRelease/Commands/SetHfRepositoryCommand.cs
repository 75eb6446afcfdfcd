using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Changes a Hugging Face Hub repository's settings: its visibility.</para>
/// </summary>
/// <remarks>
/// The twin of hf repo settings --private. -Visibility Private hides the repository from everyone outside its
/// namespace; -Visibility Public publishes it for everyone, a high-impact action that asks for confirmation even
/// under the default $ConfirmPreference (-Confirm:$false skips it). A repository already so is left alone (no
/// request). -PassThru writes the repository's record.
/// </remarks>
/// <example>
/// <code>Set-HfRepository -RepoId org/model-small -Visibility Private -PassThru</code>
/// <para>Makes org/model-small private and shows it.</para>
/// </example>
/// <example>
/// <code>Set-HfRepository -RepoId org/model-small -Visibility Public -Confirm:$false</code>
/// <para>Publishes the repository for everyone, without asking.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "HfRepository", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HubRepository))]
public sealed class SetHfRepositoryCommand : HubCmdlet
{
    /// <summary>Public or Private.</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("Public", "Private")]
    public string Visibility { get; set; } = "";

    /// <summary>Write the repository's record.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessInput()
    {
        try
        {
            var repo = RepoRef.Parse(RepoId, RepoType);
            var whatIf = WhatIfInEffect;
            var isPrivate = string.Equals(Visibility, "Private", StringComparison.OrdinalIgnoreCase);
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var result = await session.Repositories.SetVisibilityAsync(repo, isPrivate, Decider(sink), whatIf, ct).ConfigureAwait(false);
                if (result is not null && PassThru) sink.Post(() => WriteObject(result));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId);
        }
    }
}
