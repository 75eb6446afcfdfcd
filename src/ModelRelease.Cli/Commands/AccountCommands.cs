using System.CommandLine;
using System.Text;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Accounts;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease whoami|login|logout|env</c> (Get-HfUser, Connect-HfHub, Disconnect-HfHub), as <c>hf auth whoami|login|logout</c> and <c>hf env</c>.</summary>
internal static class AccountCommands
{
    public static Command WhoAmI(CliConsole console)
    {
        var endpoint = HubOptions.Endpoint();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var command = new Command("whoami", "Show the account the token belongs to: user, organisations, the token's name and role, and where the token came from.") { endpoint, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var user = await session.Accounts.WhoAmIAsync(ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, user, u =>
                $"{u.Name}{(u.FullName is { Length: > 0 } f && f != u.Name ? $" ({f})" : "")}\n" +
                $"  orgs:   {(u.Organizations.Count == 0 ? "none" : string.Join(", ", u.Organizations))}\n" +
                $"  token:  {u.TokenName ?? "?"} ({u.TokenRole ?? "unknown role"}), from {u.TokenSource}\n" +
                $"  hub:    {u.Endpoint}\n");
            return CliApp.Ok;
        });
        return command;
    }

    public static Command Login(CliConsole console)
    {
        var endpoint = HubOptions.Endpoint();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var command = new Command("login", "Check a token with the Hub and store it in the token file huggingface_hub reads ($HF_HOME/token, mode 0600). The token is read from standard input (asked for without echo on a terminal), never from the command line.")
        {
            endpoint, json, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            var token = await ReadTokenAsync(console, ct).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(token)) throw new UsageException("no token on standard input: pipe it in (printf '%s' \"$TOKEN\" | modelrelease login) or type it when asked.");
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var user = (await session.Accounts.LoginAsync(new LoginOptions { Token = token }, OperationDeciders.Always, null, ct).ConfigureAwait(false))!;
            HubOptions.Print(console, parse, json, user, u => $"Logged in as {u.Name} on {u.Endpoint}; the token ({u.TokenRole ?? "unknown role"}) is stored in {u.TokenSource}.\n");
            if (session.Tokens.ActiveSource() is { } active && active != user.TokenSource)
            {
                await console.Error.WriteLineAsync($"modelrelease: warning: {active} is set and is used before the stored token").ConfigureAwait(false);
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static async Task<string?> ReadTokenAsync(CliConsole console, CancellationToken ct)
    {
        if (!console.InputIsTerminal) return await console.In.ReadLineAsync(ct).ConfigureAwait(false);
        await console.Error.WriteAsync("Hugging Face token (input is hidden): ").ConfigureAwait(false);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; continue; }
            if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        await console.Error.WriteLineAsync().ConfigureAwait(false);
        return text.ToString();
    }

    public static Command Logout(CliConsole console)
    {
        var json = CommonOptions.Json();
        var command = new Command("logout", "Delete the stored token ($HF_HOME/token) and forget a vault Connect-HfHub -Vault named. HF_TOKEN, if set, stays in use.") { json };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var result = await session.Accounts.LogoutAsync(OperationDeciders.Always, ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, result, r =>
                (r.DeletedTokenFile is null && r.ForgotVault is null ? "No stored token to forget.\n" : "")
                + (r.DeletedTokenFile is { } f ? $"Deleted the token file {f}.\n" : "")
                + (r.ForgotVault is { } v ? $"Stopped using the token in {v} (the secret stays in the vault).\n" : ""));
            if (result.EnvironmentToken is { } variable) await console.Error.WriteLineAsync($"modelrelease: warning: {variable} is set, so a token is still in use; unset it to log out completely").ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    public static Command Env(CliConsole console)
    {
        var endpoint = HubOptions.Endpoint();
        var json = CommonOptions.Json();
        var command = new Command("env", "Show the versions, the endpoint, the cache folders, the token file and which token source is active (never the token), as 'hf env' does.") { endpoint, json };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console, parse, endpoint);
            var env = session.Accounts.Environment();
            HubOptions.Print(console, parse, json, env, e =>
            {
                var table = new TextTable("Setting", "Value");
                table.Add("modelrelease", e.ModelReleaseVersion);
                table.Add(".NET", e.DotNetVersion);
                table.Add("OS", e.OperatingSystem);
                table.Add("Endpoint (HF_ENDPOINT)", e.Endpoint);
                table.Add("HF_HOME", e.HfHome);
                table.Add("Hub cache (HF_HUB_CACHE)", e.HubCache);
                table.Add("modelrelease cache", e.ModelReleaseCache);
                table.Add("Token file", e.TokenPath);
                table.Add("Token source", e.TokenSource ?? "none");
                table.Add("Offline (HF_HUB_OFFLINE)", e.Offline ? "yes" : "no");
                table.Add("Progress bars disabled", e.ProgressBarsDisabled ? "yes" : "no");
                table.Add("Proxies", e.Proxies.Count == 0 ? "none" : string.Join(", ", e.Proxies));
                return table.ToString();
            });
            return CliApp.Ok;
        });
        return command;
    }
}
