using System.Management.Automation;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Logs out of the Hugging Face Hub: deletes the stored token file and forgets the vault Connect-HfHub -Vault named.</para>
/// </summary>
/// <remarks>
/// The twin of hf auth logout. Deletes the token file ($HF_HOME/token) and stops using the vault that holds the token
/// (the secret itself stays in the vault; Remove-Secret deletes it). A token in HF_TOKEN (or the other variables)
/// stays in use: a warning says which. -WhatIf shows what would be forgotten.
/// </remarks>
/// <example>
/// <code>Disconnect-HfHub</code>
/// <para>Deletes the stored token.</para>
/// </example>
[Cmdlet(VerbsCommunications.Disconnect, "HfHub", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class DisconnectHfHubCommand : ModelReleaseCmdlet
{
    protected override void ProcessInput()
    {
        try
        {
            using var session = OpenLocalSession();
            var result = session.Accounts.LogoutAsync((q, _) => ValueTask.FromResult(Decide(q)), CancellationToken).GetAwaiter().GetResult();
            if (result.DeletedTokenFile is { } file) WriteVerboseLine($"Deleted the token file {file}");
            if (result.ForgotVault is { } vault) WriteVerboseLine($"Stopped using the token in {vault}; the secret stays in the vault");
            if (result.EnvironmentToken is { } variable) WriteWarningLine($"{variable} is set, so a token is still in use; remove it to log out completely.");
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
    }
}
