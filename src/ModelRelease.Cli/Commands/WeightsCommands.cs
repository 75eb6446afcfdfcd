using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Releases.Registry;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease weights resolve</c> (Get-ModelWeights) and <c>modelrelease weights export-python</c>.</summary>
internal static class WeightsCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("weights", "Read a weights registry: which weights a package version loads; the registry as a Python module.");
        command.Subcommands.Add(Resolve(console));
        command.Subcommands.Add(ExportPython(console));
        return command;
    }

    private static Option<string> Registry() => new("--registry", "-r") { Description = "The weights registry file (JSON).", Required = true };

    private static Command Resolve(CliConsole console)
    {
        var registry = Registry();
        var model = new Option<string>("--model", "-m") { Description = "The model's name in the registry.", Required = true };
        var version = new Option<string>("--version") { Description = "latest (the default), a weights version (1.1) or its tag (weights-v1.1).", DefaultValueFactory = _ => WeightsResolver.Latest };
        var package = new Option<string?>("--package-version") { Description = "The package version that will load the weights; the newest weights it loads are chosen." };
        var json = CommonOptions.Json();
        var command = new Command("resolve", "The weights a package version loads: the newest compatible entry, or the package version to upgrade (or downgrade) to (exit 1).") { registry, model, version, package, json };
        command.SetAction(async (parse, ct) =>
        {
            var read = await WeightsRegistryReader.ReadAsync(Path.GetFullPath(parse.GetValue(registry)!), ct).ConfigureAwait(false);
            var entry = WeightsResolver.Resolve(read, parse.GetValue(model)!, parse.GetValue(version), parse.GetValue(package));
            foreach (var note in entry.Notes) await console.Error.WriteLineAsync("modelrelease: note: " + Core.PrintableText.Escape(note)).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(Json.Serialize(entry)).ConfigureAwait(false);
            }
            else
            {
                var table = new TextTable("Model", "Version", "Latest", "Tag", "Packages", "Size", "Published", "Repository", "File");
                table.Add(entry.Model, entry.Version, entry.IsLatest ? "yes" : "no", entry.Tag, entry.PackageVersions, ByteSizeText.Format(entry.Size),
                    entry.PublishedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture), entry.RepoId, entry.File);
                await console.Out.WriteAsync(table.ToString() + $"sha256 {entry.Sha256}\n").ConfigureAwait(false);
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static Command ExportPython(CliConsole console)
    {
        var registry = Registry();
        var output = new Option<string?>("--output", "-o") { Description = "Write the module to this file (atomically); without it, to standard output." };
        var package = new Option<string?>("--package") { Description = "The Python distribution whose installed version resolve() checks when no package_version is given." };
        var module = new Option<string>("--module") { Description = "The module's import name, for its docstring.", DefaultValueFactory = _ => "weights_registry" };
        var json = CommonOptions.Json();
        var command = new Command("export-python", "Render the registry as a small Python module with the same resolver and a WeightsCompatibilityError.") { registry, output, package, module, json };
        command.SetAction(async (parse, ct) =>
        {
            var read = await WeightsRegistryReader.ReadAsync(Path.GetFullPath(parse.GetValue(registry)!), ct).ConfigureAwait(false);
            string text;
            try
            {
                text = PythonExporter.Render(read, parse.GetValue(package), parse.GetValue(module)!);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            if (parse.GetValue(output) is { } file)
            {
                await PythonExporter.WriteAsync(Path.GetFullPath(file), text, ct).ConfigureAwait(false);
                if (parse.GetValue(json)) await console.Out.WriteLineAsync(Json.Serialize(new { path = Path.GetFullPath(file), module = parse.GetValue(module) })).ConfigureAwait(false);
                else await console.Error.WriteLineAsync($"modelrelease: wrote {Path.GetFullPath(file)}").ConfigureAwait(false);
            }
            else if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(Json.Serialize(new { module = parse.GetValue(module), text })).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteAsync(text).ConfigureAwait(false);
            }
            return CliApp.Ok;
        });
        return command;
    }
}
