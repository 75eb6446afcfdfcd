using System.Management.Automation;
using System.Net;
using System.Security;
using ModelRelease.Core.Hub;

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

    /// <summary>Opens a client; log lines become verbose messages through <paramref name="sink"/> when one is given.</summary>
    protected HubClient OpenClient(bool requireToken, CmdletSink? sink = null)
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
            RequireToken = requireToken,
            Options = new HubClientOptions { Log = sink is null ? null : line => sink.Post(() => WriteVerboseLine(line)) },
        };
        var client = connection.Open();
        // Which Hub and which token (its source, never its value): the first thing to check when a call is refused.
        var line = $"{MyInvocation.MyCommand.Name}: Hub {client.Endpoint}, token {(client.Token?.ToString() ?? "none")}";
        if (sink is null) WriteDebug(line); else sink.Post(() => WriteDebug(line));
        return client;
    }
}
