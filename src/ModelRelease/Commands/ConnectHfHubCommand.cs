using System.Management.Automation;
using System.Net;
using System.Security;
using ModelRelease.Core.Operations.Accounts;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Logs in to the Hugging Face Hub: checks a token with the Hub and stores it where huggingface_hub reads it, or in a SecretManagement vault.</para>
/// </summary>
/// <remarks>
/// The twin of hf auth login. The token (-Token as a SecureString, -Credential's password, or typed at the prompt
/// without echo) is checked with the Hub's whoami first; a token the Hub refuses, or an old api_org token, is
/// HubTokenInvalid and nothing is stored. Without -Vault the token goes to the token file huggingface_hub and
/// @huggingface/hub read ($HF_HOME/token, else ~/.cache/huggingface/token) with mode 0600. With -Vault it is stored
/// by Set-Secret in that SecretManagement vault (under -SecretName), the token file is removed, and the Hub cmdlets
/// read it from the vault with Get-Secret from then on (HF_TOKEN still comes first). Outputs the account
/// (Get-HfUser's record). -WhatIf checks the token and stores nothing.
/// </remarks>
/// <example>
/// <code>Connect-HfHub -Token (Get-Secret HuggingFace) -Confirm:$false</code>
/// <para>Checks the token kept in the default vault and stores it in the token file for every tool.</para>
/// </example>
/// <example>
/// <code>Connect-HfHub -Token (Get-Secret HuggingFace) -Vault TeamVault -SecretName hub-token</code>
/// <para>Keeps the token of the default vault in the SecretManagement vault TeamVault (as hub-token) instead of a file; the Hub cmdlets find it there.</para>
/// </example>
/// <seealso cref="GetHfUserCommand"/>
[Cmdlet(VerbsCommunications.Connect, "HfHub", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HubUser))]
public sealed class ConnectHfHubCommand : HubAccessCmdlet
{
    /// <summary>A SecretManagement vault to store the token in, instead of the token file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    /// <summary>The secret's name in the vault.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string SecretName { get; set; } = "HuggingFaceToken";

    protected override void ProcessInput()
    {
        var secure = Token ?? Credential?.Password ?? Ask();
        var token = new NetworkCredential(string.Empty, secure).Password;
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var user = await session.Accounts.LoginAsync(new LoginOptions { Token = token, Vault = Vault, SecretName = SecretName }, Decider(sink),
                    async (reference, _) => await sink.AskAsync(() => { SecretVault.Write(this, reference.Vault, reference.Name, secure); return true; }).ConfigureAwait(false), ct).ConfigureAwait(false);
                if (user is not null) sink.Post(() => WriteObject(user));
            });
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
    }

    /// <summary>The token typed at the prompt (never echoed); a host that cannot prompt ends the command with TokenRequired.</summary>
    private SecureString Ask()
    {
        try
        {
            Host.UI.Write("Hugging Face token (https://huggingface.co/settings/tokens): ");
            return Host.UI.ReadLineAsSecureString();
        }
        catch (Exception ex) when (ex is System.Management.Automation.Host.HostException or PSInvalidOperationException or NotImplementedException)
        {
            ThrowTerminatingError(ErrorRecords.From(new InputException(InputException.TokenRequired, "No token was given and this host cannot ask for one", "Token", ErrorKind.Authentication)
            {
                RecommendedAction = "Pass -Token (a SecureString, for example from Get-Secret) or -Credential.",
            }));
            throw;
        }
    }
}
