using System.CommandLine;
using System.Reflection;
using ModelRelease.Core.Diagnostics;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease version [--dependencies]</c>.</summary>
internal static class VersionCommand
{
    public static Command Create(CliConsole console)
    {
        var deps = new Option<bool>("--dependencies") { Description = "Also show the third-party packages the core runs with, and where they loaded from." };
        var json = CommonOptions.Json();
        var command = new Command("version", "Print the version.") { deps, json };
        command.SetAction(async (parse, ct) =>
        {
            var version = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            if (parse.GetValue(json))
            {
                var dependencies = parse.GetValue(deps) ? DependencyReport.Create().Split(';').Select(p => p.Trim()).ToList() : [];
                await console.Out.WriteLineAsync(Output.Json.Serialize(new { version = version.Split('+')[0], dependencies })).ConfigureAwait(false);
                return CliApp.Ok;
            }
            await console.Out.WriteLineAsync("modelrelease " + version.Split('+')[0]).ConfigureAwait(false);
            if (parse.GetValue(deps))
            {
                foreach (var part in DependencyReport.Create().Split(';')) await console.Out.WriteLineAsync("  " + part).ConfigureAwait(false);
            }
            return CliApp.Ok;
        });
        return command;
    }
}
