using ModelRelease.Cli.Output;
using System.CommandLine;
using ModelRelease.HubEmulator;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease hub --data DIR [--urls URL] [--token hf_x[=user]] [--faults FILE]</c>: runs the hub emulator in the foreground.</summary>
internal static class HubCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string>("--data") { Description = "Folder where the emulator keeps repositories and objects (kept across restarts).", Required = true };
        var urls = new Option<string>("--urls") { Description = "Loopback URL to listen on (default http://127.0.0.1:0, a free port).", DefaultValueFactory = _ => "http://127.0.0.1:0" };
        var tokens = new Option<string[]>("--token") { Description = "An accepted token, hf_… (optionally =user); repeatable.", AllowMultipleArgumentsPerToken = false };
        var orgs = new Option<string[]>("--org") { Description = "An organisation every user belongs to; repeatable." };
        var faults = new Option<string?>("--faults") { Description = "A JSON file of faults to inject (see the emulator's README)." };
        var chunk = new Option<long?>("--chunk-size") { Description = "Part size of multipart uploads in bytes." };
        var threshold = new Option<long?>("--multipart-threshold") { Description = "Objects from this size up go multipart." };
        var admin = new Option<string?>("--admin-token") { Description = "The token (hf_…) that opens the emulator's own endpoints (/_emulator/faults, /_emulator/stats); without it they are closed." };
        var anyNamespace = new Option<bool>("--any-namespace") { Description = "Relax the Hub's rules: any token writes to any namespace and sees every private repository." };
        var json = CommonOptions.Json();
        var command = new Command("hub", "Run the local hub emulator (speaks the Hugging Face Hub protocol) until Ctrl+C.") { data, urls, tokens, orgs, faults, chunk, threshold, admin, anyNamespace, json };
        command.SetAction(async (parse, ct) =>
        {
            var args = new List<string> { "--data", parse.GetValue(data)!, "--urls", parse.GetValue(urls)! };
            foreach (var t in parse.GetValue(tokens) ?? []) args.AddRange(["--token", t]);
            foreach (var o in parse.GetValue(orgs) ?? []) args.AddRange(["--org", o]);
            if (parse.GetValue(faults) is { } f) args.AddRange(["--faults", f]);
            if (parse.GetValue(chunk) is { } c) args.AddRange(["--chunk-size", c.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (parse.GetValue(threshold) is { } m) args.AddRange(["--multipart-threshold", m.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (parse.GetValue(admin) is { } a) args.AddRange(["--admin-token", a]);
            if (parse.GetValue(anyNamespace)) args.Add("--any-namespace");
            HubEmulatorOptions options;
            HubEmulator.HubEmulator hub;
            try
            {
                options = HubEmulatorCommandLine.Parse(args);
                hub = await HubEmulator.HubEmulator.StartAsync(options, ct).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                // ArgumentException.Message ends with " (Parameter 'options')": the option's own text is the message.
                throw new UsageException(ex.ParamName is null ? ex.Message : ex.Message[..ex.Message.LastIndexOf(" (Parameter", StringComparison.Ordinal)]);
            }
            await using var running = hub;
            await console.Out.WriteLineAsync(parse.GetValue(json)
                ? Output.Json.Serialize(new HubStartedAnswer(hub.BaseAddress.ToString(), Path.GetFullPath(options.DataDirectory))).ReplaceLineEndings(" ")
                : $"hub emulator listening on {hub.BaseAddress} (data in {Path.GetFullPath(options.DataDirectory)}); Ctrl+C stops it").ConfigureAwait(false);
            await console.Out.FlushAsync(ct).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            return CliApp.Ok;
        });
        return command;
    }
}
