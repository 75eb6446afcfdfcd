using System.Management.Automation;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Shows the Hugging Face account a token belongs to: the user, its organisations, the token's name and role, and where the token came from.</para>
/// </summary>
/// <remarks>
/// The twin of hf auth whoami. The token is the one every Hub cmdlet would use: -Token or -Credential, then
/// HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HUGGINGFACE_API_KEY, then the vault Connect-HfHub -Vault named, then the token
/// file ($HF_HOME/token). TokenSource says which — never the token itself. Without any token the error is
/// HubTokenNotFound; a token the Hub refuses is HubUnauthorized.
/// </remarks>
/// <example>
/// <code>Get-HfUser</code>
/// <para>Who HF_TOKEN (or the stored token) is, and which organisations it can publish to.</para>
/// </example>
/// <example>
/// <code>(Get-HfUser).Organizations -contains 'org'</code>
/// <para>True when the token's user belongs to the organisation org: a check before a release script publishes there.</para>
/// </example>
/// <seealso cref="ConnectHfHubCommand"/>
[Cmdlet(VerbsCommon.Get, "HfUser")]
[OutputType(typeof(HubUser))]
public sealed class GetHfUserCommand : HubAccessCmdlet
{
    protected override void ProcessInput()
    {
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var user = await session.Accounts.WhoAmIAsync(ct).ConfigureAwait(false);
                sink.Post(() => WriteObject(user));
            });
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
    }
}
