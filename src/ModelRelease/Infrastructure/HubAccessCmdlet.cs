using System.Management.Automation;
using System.Net;
using System.Security;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Base of the cmdlets that talk to the Hub: -Token (a SecureString, e.g. from Get-Secret), -Credential
/// (the password is the token), -Endpoint; otherwise HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HUGGINGFACE_API_KEY,
/// the token file, and HF_ENDPOINT. Client log lines (one per request and retry, already redacted) go to the verbose
/// stream (the debug stream under -Debug alone), and the Hub and the token's source (never its value) to the debug stream.
/// </summary>
public abstract class HubAccessCmdlet : ModelReleaseCmdlet
{
    /// <summary>The Hub token, as a SecureString (for example from Get-Secret). Otherwise HF_TOKEN and the other documented places are used.</summary>
    [Parameter]
    public SecureString? Token { get; set; }

    /// <summary>A credential whose password is the Hub token (the user name is ignored).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The Hub to talk to; otherwise HF_ENDPOINT, otherwise https://huggingface.co.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Endpoint { get; set; }

    /// <summary>
    /// The session of this call: the environment (cache folder, HF_TOKEN, HF_ENDPOINT, …) read once through the core,
    /// and the Hub from -Endpoint, -Token or -Credential. Client log lines (one per request and retry, already
    /// redacted) become verbose lines through <paramref name="sink"/>; the Hub and the token's source (never its
    /// value) go to the debug stream: the first thing to check when a call is refused.
    /// </summary>
    protected ModelReleaseSession OpenSession(CmdletSink? sink = null)
    {
        string? token = null;
        var source = "-Token";
        if (Token is not null)
        {
            token = new NetworkCredential(string.Empty, Token).Password;
        }
        else if (Credential is not null)
        {
            token = Credential.GetNetworkCredential().Password;
            source = "-Credential";
        }
        var connection = new HubConnection
        {
            Endpoint = Endpoint,
            ExplicitToken = token,
            ExplicitTokenSource = source,
            Options = new HubClientOptions { Log = sink is null ? null : line => sink.Post(() => WriteVerboseLine(line)) },
        };
        var session = new ModelReleaseSession(SessionEnvironment.Resolve(Environment.GetEnvironmentVariable, connection) with
        {
            // Warnings and vault reads (Get-Secret) happen on the pipeline thread, through the sink when the work is off it.
            Warn = text => { if (sink is null) WriteWarningLine(text); else sink.Post(() => WriteWarningLine(text)); },
            ReadVaultSecret = (vault, name) => sink is null ? SecretVault.Read(this, vault, name) : sink.AskAsync(() => SecretVault.Read(this, vault, name)).GetAwaiter().GetResult(),
        });
        try
        {
            var client = session.Hub;
            var line = $"{MyInvocation.MyCommand.Name}: Hub {client.Endpoint}, token {(client.Token?.ToString() ?? "none")}";
            if (sink is null) WriteDebug(line); else sink.Post(() => WriteDebug(line));
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return session;
    }
}
