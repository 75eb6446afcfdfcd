using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations.Repositories;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Creates a repository on the Hugging Face Hub: a model, dataset or space, public or private.</para>
/// </summary>
/// <remarks>
/// The twin of hf repo create. A repository that exists already is the error HubConflict unless -ExistOk, which
/// returns it as it is (Created is false). Creating a public repository is a high-impact action: it asks for
/// confirmation even under the default $ConfirmPreference; -Confirm:$false skips the question, -Private creates a
/// private one without it. A name the Hub refuses ('--' or '..' in it, a part ending in '-', '.' or '.git') is
/// HubRepoIdInvalid before anything is sent.
/// </remarks>
/// <example>
/// <code>New-HfRepository -RepoId org/model-small -Private</code>
/// <para>Creates the private model repository org/model-small.</para>
/// </example>
/// <example>
/// <code>New-HfRepository -RepoId org/eval-set -RepoType dataset -ExistOk -Confirm:$false</code>
/// <para>Creates the public dataset repository org/eval-set, or returns it when it is there already.</para>
/// </example>
/// <seealso cref="PublishHfModelCommand"/>
[Cmdlet(VerbsCommon.New, "HfRepository", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HubRepository))]
public sealed class NewHfRepositoryCommand : HubCmdlet
{
    /// <summary>Create it private (visible to you and your organisation only).</summary>
    [Parameter]
    public SwitchParameter Private { get; set; }

    /// <summary>A repository that exists already is returned as it is instead of being an error.</summary>
    [Parameter]
    public SwitchParameter ExistOk { get; set; }

    protected override void ProcessInput()
    {
        try
        {
            var options = new CreateRepositoryOptions { Repo = RepoRef.Parse(RepoId, RepoType), Private = Private, ExistOk = ExistOk };
            var whatIf = WhatIfInEffect;
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var created = await session.Repositories.CreateAsync(options, Decider(sink), whatIf, ct).ConfigureAwait(false);
                if (created is not null) sink.Post(() => WriteObject(created));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId);
        }
    }
}
