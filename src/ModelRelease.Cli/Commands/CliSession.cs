using System.CommandLine;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;

namespace ModelRelease.Cli.Commands;

/// <summary>
/// The one place the CLI makes its session: the process environment read once through the core's
/// <see cref="SessionEnvironment"/> (cache folder, token, endpoint), the Hub from --endpoint, and --verbose's request
/// lines on standard error.
/// </summary>
internal static class CliSession
{
    public static ModelReleaseSession Open(CliConsole console, ParseResult? parse = null, Option<string?>? endpoint = null, Option<bool>? verbose = null, HubConnection? hub = null)
    {
        var log = parse is not null && verbose is not null && parse.GetValue(verbose) ? line => { lock (console.Error) console.Error.WriteLine("  " + line); } : (Action<string>?)null;
        var connection = (hub ?? new HubConnection { Endpoint = parse is not null && endpoint is not null ? parse.GetValue(endpoint) : null }) with
        {
            Options = new HubClientOptions { Log = log },
        };
        return new ModelReleaseSession(SessionEnvironment.Resolve(Environment.GetEnvironmentVariable, connection) with
        {
            Warn = text => { lock (console.Error) console.Error.WriteLine("modelrelease: warning: " + Core.PrintableText.Escape(text)); },
        });
    }
}
