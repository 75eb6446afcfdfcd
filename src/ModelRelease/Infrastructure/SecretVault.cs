using System.Management.Automation;
using System.Net;
using System.Security;

namespace ModelRelease.Infrastructure;

/// <summary>
/// SecretManagement through the PowerShell API (no compile-time reference): <c>Get-Secret</c> and <c>Set-Secret</c>
/// run in the caller's session, so whatever vault module the user registered answers. Pipeline thread only.
/// </summary>
internal static class SecretVault
{
    /// <summary>The secret <paramref name="name"/> of <paramref name="vault"/> as text, or null when it cannot be read (a warning says why).</summary>
    public static string? Read(ModelReleaseCmdlet cmdlet, string vault, string name)
    {
        try
        {
            var results = cmdlet.InvokeCommand.InvokeScript("param($v, $n) Get-Secret -Vault $v -Name $n -ErrorAction Stop", true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, vault, name);
            return results.Select(r => r?.BaseObject).FirstOrDefault() switch
            {
                SecureString secure => new NetworkCredential(string.Empty, secure).Password,
                string text => text,
                PSCredential credential => credential.GetNetworkCredential().Password,
                _ => null,
            };
        }
        catch (Exception ex) when (ex is RuntimeException or CommandNotFoundException)
        {
            cmdlet.WriteWarningLine($"The Hub token in vault '{vault}' (secret '{name}') could not be read: {ex.Message}");
            return null;
        }
    }

    /// <summary>Stores <paramref name="token"/> as the secret <paramref name="name"/> of <paramref name="vault"/> (Set-Secret); errors end the command.</summary>
    public static void Write(PSCmdlet cmdlet, string vault, string name, SecureString token)
    {
        try
        {
            cmdlet.InvokeCommand.InvokeScript("param($v, $n, $s) Set-Secret -Vault $v -Name $n -SecureStringSecret $s -ErrorAction Stop", true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, vault, name, token);
        }
        catch (Exception ex) when (ex is RuntimeException or CommandNotFoundException)
        {
            throw new InputException(InputException.VaultNotWritable, $"The token could not be stored in vault '{vault}': {ex.Message}; nothing was stored", vault, ErrorKind.InvalidOperation)
            {
                RecommendedAction = "Install and register a vault (Microsoft.PowerShell.SecretManagement, Register-SecretVault), or leave out -Vault to use the token file.",
            };
        }
    }
}
