using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Releases.Registry;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease weights resolve</c> (Get-ModelWeights) and <c>modelrelease weights export-python</c>.</summary>
internal static class WeightsCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("weights", "The weights registry: publish and register weights, verify the registry against the Hub, download into the cache, resolve which weights a package version loads; the registry as a Python module.");
        command.Subcommands.Add(Resolve(console));
        command.Subcommands.Add(Publish(console));
        command.Subcommands.Add(Verify(console));
        command.Subcommands.Add(Download(console));
        command.Subcommands.Add(ExportPython(console));
        return command;
    }

    private static Option<string> Registry() => new("--registry", "-r") { Description = "The weights registry file (JSON).", Required = true };

    private static Command Resolve(CliConsole console)
    {
        var registry = Registry();
        var model = new Option<string>("--model", "-m") { Description = "The model's name in the registry.", Required = true };
        var version = new Option<string>("--version") { Description = "latest (the default), a weights version (1.1) or its tag (weights-v1.1).", DefaultValueFactory = _ => WeightsResolver.Latest };
        var package = new Option<string?>("--package-version") { Description = "The package version that will load the weights; the newest weights it loads are chosen." }.ReadsVersion();
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

    private static Command Publish(CliConsole console)
    {
        var registry = Registry();
        var model = new Option<string>("--model", "-m") { Description = "The model's name in the registry.", Required = true };
        var file = new Option<string>("--file", "-f") { Description = "The weights file.", Required = true };
        var version = new Option<string>("--version") { Description = "The weights version, major.minor (1.1; v1.1 is read as 1.1 and noted); tagged weights-v1.1.", Required = true }.ReadsWeightsVersion();
        var packages = new Option<string>("--packages") { Description = "The package versions that can load them: PEP 440 (>=0.2.0,<1.0.0, ~=1.4) or a NuGet interval ([0.2.0,1.0.0)).", Required = true };
        var repo = new Option<string?>("--repo") { Description = "The repository, for a model the registry does not have yet." };
        var pathInRepo = new Option<string?>("--path-in-repo") { Description = "The file's path in the repository, for a model the registry does not have yet (default: the file's name)." };
        var revision = HubOptions.Revision();
        var noLatest = new Option<bool>("--no-move-latest") { Description = "Leave the registry's latest where it is." };
        var isPrivate = new Option<bool>("--private") { Description = "Create the repository as private when it does not exist." };
        var force = new Option<bool>("--force") { Description = "Publish even when the weights fail the checkpoint gate." };
        var whatIf = new Option<bool>("--what-if") { Description = "Check everything and print the upload, the tag and the exact registry patch; write nothing." };
        var (endpoint, verbose, json) = (HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var command = new Command("publish", "Gate the weights, publish them, tag weights-vX.Y, then patch the registry and move latest: only when every earlier step succeeded.")
        {
            registry, model, file, version, packages, repo, pathInRepo, revision, noLatest, isPrivate, force, whatIf, endpoint, json, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var plan = await session.Weights.PlanPublishAsync(new Core.Operations.Weights.WeightsPublishOptions
            {
                RegistryPath = Path.GetFullPath(parse.GetValue(registry)!),
                Model = parse.GetValue(model)!,
                WeightsPath = Path.GetFullPath(parse.GetValue(file)!),
                Version = parse.GetValue(version)!,
                PackageVersions = parse.GetValue(packages)!,
                RepoId = parse.GetValue(repo),
                PathInRepo = parse.GetValue(pathInRepo),
                Revision = parse.GetValue(revision)!,
                MoveLatest = !parse.GetValue(noLatest),
                Private = parse.GetValue(isPrivate),
                Force = parse.GetValue(force),
            }, ct).ConfigureAwait(false);
            foreach (var note in plan.Notes) await console.Error.WriteLineAsync("modelrelease: note: " + Core.PrintableText.Escape(note)).ConfigureAwait(false);
            var publication = await session.Weights.PublishAsync(plan, Core.Operations.OperationDeciders.Always, parse.GetValue(whatIf), ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, publication, p =>
            {
                var text = new System.Text.StringBuilder();
                text.Append(p.Outcome == ReleaseOutcome.Planned
                    ? $"What would happen: publish {p.File} ({ByteSizeText.Format(p.Size)}, sha256 {p.Sha256}) to {p.RepoId}, tag {p.Tag}, then patch {p.Patch.Path}. Nothing was written.\n"
                    : $"Published {p.File} to {p.RepoId} at {p.Publish?.CommitOid}, tagged {p.Tag}{(p.Registered ? $", registered in {p.Patch.Path}" : " (the registry already had it)")}.\n");
                foreach (var op in p.Patch.Operations) text.Append("  ").Append(op.ToString()).Append('\n');
                return text.ToString();
            });
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Verify(CliConsole console)
    {
        var registry = Registry();
        var model = new Option<string?>("--model", "-m") { Description = "Only this model's entries." };
        var (endpoint, verbose, json) = (HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var command = new Command("verify", "Check every registry entry against the Hub: its tag exists, and the file at the tag has the registry's SHA-256 (its LFS oid) and size. Exit 1 when one does not.") { registry, model, endpoint, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            var read = await WeightsRegistryReader.ReadAsync(Path.GetFullPath(parse.GetValue(registry)!), ct).ConfigureAwait(false);
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var results = await session.Weights.VerifyAsync(read, parse.GetValue(model), ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, results, list =>
            {
                var table = new TextTable("Model", "Version", "Tag", "Valid", "Commit", "Problem");
                foreach (var r in list) table.Add(r.Model, r.Version, r.Tag, r.IsValid ? "yes" : "NO", r.TagCommit?[..Math.Min(12, r.TagCommit.Length)], string.Join("; ", r.Findings.Select(f => $"{f.Code}: {f.Message}")));
                return table.ToString();
            });
            return results.All(r => r.IsValid) ? CliApp.Ok : CliApp.CheckFailed;
        });
        return command;
    }

    private static Command Download(CliConsole console)
    {
        var registry = Registry();
        var model = new Option<string>("--model", "-m") { Description = "The model's name in the registry.", Required = true };
        var version = new Option<string>("--version") { Description = "latest (the default), a weights version (1.1) or its tag.", DefaultValueFactory = _ => WeightsResolver.Latest };
        var package = new Option<string?>("--package-version") { Description = "The package version that will load the weights; the newest weights it loads are chosen." }.ReadsVersion();
        var cache = new Option<string?>("--cache") { Description = "The cache folder (default: weights/ in the modelrelease cache folder)." };
        var (endpoint, verbose, json) = (HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var command = new Command("download", "Download the weights a package version loads into the local cache, verified against the registry's SHA-256; what the cache holds is reused. Prints the cached file's path.")
        {
            registry, model, version, package, cache, endpoint, json, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            var read = await WeightsRegistryReader.ReadAsync(Path.GetFullPath(parse.GetValue(registry)!), ct).ConfigureAwait(false);
            var entry = WeightsResolver.Resolve(read, parse.GetValue(model)!, parse.GetValue(version), parse.GetValue(package));
            foreach (var note in entry.Notes) await console.Error.WriteLineAsync("modelrelease: note: " + Core.PrintableText.Escape(note)).ConfigureAwait(false);
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var saved = (await session.Weights.SaveAsync(entry, parse.GetValue(cache) is { } c ? Path.GetFullPath(c) : null, null, Core.Operations.OperationDeciders.Always, ct).ConfigureAwait(false))!; // Always: never declined
            HubOptions.Print(console, parse, json, saved, s => s.Path + "\n");
            if (!parse.GetValue(json)) await console.Error.WriteLineAsync($"modelrelease: {s(saved)}").ConfigureAwait(false);
            return CliApp.Ok;
            static string s(SavedWeights w) => w.FromCache ? $"{w.Model} {w.Version} was in the cache (sha256 verified)" : $"{w.Model} {w.Version}: downloaded {ByteSizeText.Format(w.BytesDownloaded)} at {w.Tag}, sha256 verified";
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
                if (parse.GetValue(json)) await console.Out.WriteLineAsync(Json.Serialize(new PythonModuleFileAnswer(Path.GetFullPath(file), parse.GetValue(module)!))).ConfigureAwait(false);
                else await console.Error.WriteLineAsync($"modelrelease: wrote {Path.GetFullPath(file)}").ConfigureAwait(false);
            }
            else if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(Json.Serialize(new PythonModuleAnswer(parse.GetValue(module)!, text))).ConfigureAwait(false);
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
