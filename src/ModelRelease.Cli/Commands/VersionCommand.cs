using System.CommandLine;
using System.Reflection;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Diagnostics;
using ModelRelease.Core.Operations.Versions;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease version [--dependencies]</c>, and <c>modelrelease version bump</c> (Step-ModelVersion).</summary>
internal static class VersionCommand
{
    public static Command Create(CliConsole console)
    {
        var deps = new Option<bool>("--dependencies") { Description = "Also show the third-party packages the core runs with, and where they loaded from." };
        var json = CommonOptions.Json();
        var command = new Command("version", "Print the version; 'version bump' computes the next version of a release.") { deps, json };
        command.SetAction(async (parse, ct) =>
        {
            var version = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            if (parse.GetValue(json))
            {
                var dependencies = parse.GetValue(deps) ? DependencyReport.Create().Split(';').Select(p => p.Trim()).ToList() : [];
                await console.Out.WriteLineAsync(Output.Json.Serialize(new VersionAnswer(version.Split('+')[0], dependencies))).ConfigureAwait(false);
                return CliApp.Ok;
            }
            await console.Out.WriteLineAsync("modelrelease " + version.Split('+')[0]).ConfigureAwait(false);
            if (parse.GetValue(deps))
            {
                foreach (var part in DependencyReport.Create().Split(';')) await console.Out.WriteLineAsync("  " + part).ConfigureAwait(false);
            }
            return CliApp.Ok;
        });
        command.Subcommands.Add(Bump(console));
        return command;
    }

    private static Command Bump(CliConsole console)
    {
        var repo = new Option<string?>("--repo") { Description = "The repository whose release tags hold the current version." };
        var type = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var family = new Option<string>("--family") { Description = "The tag family: v (default), model-v, export-v, weights-v, a template (vllm-v{version}) or a component prefix (hub-v).", DefaultValueFactory = _ => "v" }.ReadsTagFamily();
        var template = new Option<string[]>("--template") { Description = "A tag format of your own the tag reader also knows; repeatable." };
        var from = new Option<string?>("--from") { Description = "The current version, instead of reading the repository's tags (v1.1, 1.1, 2.0.0rc1 are read loosely, and the reading is noted)." }.ReadsVersion();
        var increment = new Option<string?>("--increment") { Description = "The part to bump: major, minor, patch or prerelease." };
        var label = new Option<string?>("--label") { Description = "With --increment prerelease: the label (rc by default)." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "The new checkpoint: compared with the last release's, it suggests the bump." };
        var previous = new Option<string?>("--previous") { Description = "The last release's checkpoint on disk." };
        var previousFile = new Option<string?>("--previous-file") { Description = "The last release's checkpoint as a file of the repository, downloaded at the latest release tag." };
        var headerOnly = new Option<bool>("--header-only") { Description = "Compare the layouts only, not the tensor contents." };
        var print = new Option<string?>("--print") { Description = "Print only one value, for a shell variable: next (the version) or next-tag." };
        var command = new Command("bump", "The next version of a release: from the latest release tag of a family (or --from), bumping --increment, or the bump comparing --checkpoint with the last release's implies.")
        {
            repo, type, endpoint, family, template, from, increment, label, checkpoint, previous, previousFile, headerOnly, print, json, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            VersionIncrement? part = parse.GetValue(increment) is { } text
                ? Enum.TryParse<VersionIncrement>(text, ignoreCase: true, out var p) && !text.All(char.IsAsciiDigit) ? p : throw new UsageException($"--increment: '{text}' is not major, minor, patch or prerelease.")
                : null;
            if (part is null && parse.GetValue(checkpoint) is null) throw new UsageException("give --increment (major, minor, patch, prerelease) or --checkpoint with --previous or --previous-file.");
            if (part is not null && parse.GetValue(checkpoint) is not null) throw new UsageException("give --increment or --checkpoint, not both.");
            if (parse.GetValue(print) is { } what && what is not ("next" or "next-tag")) throw new UsageException($"--print: '{what}' is not next or next-tag.");
            var options = new VersionBumpOptions
            {
                Repo = parse.GetValue(repo) is { } r ? HubOptions.RepoRef(r, parse.GetValue(type)!) : null,
                Family = parse.GetValue(family)!,
                Templates = parse.GetValue(template) ?? [],
                From = parse.GetValue(from),
                Increment = part,
                Label = parse.GetValue(label),
                Checkpoint = parse.GetValue(checkpoint) is { } c ? Path.GetFullPath(c) : null,
                Previous = parse.GetValue(previous) is { } pr ? Path.GetFullPath(pr) : null,
                PreviousFile = parse.GetValue(previousFile),
                CompareContent = !parse.GetValue(headerOnly),
            };
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var result = await session.Versions.BumpAsync(options, null, ct).ConfigureAwait(false);
            foreach (var note in result.Notes) await console.Error.WriteLineAsync("modelrelease: note: " + Core.PrintableText.Escape(note)).ConfigureAwait(false);
            switch (parse.GetValue(print))
            {
                case "next":
                    await console.Out.WriteLineAsync(result.Next).ConfigureAwait(false);
                    return CliApp.Ok;
                case "next-tag":
                    await console.Out.WriteLineAsync(result.NextTag).ConfigureAwait(false);
                    return CliApp.Ok;
            }
            HubOptions.Print(console, parse, json, result, b =>
            {
                var table = new TextTable("Family", "Previous", "Increment", "Next", "Next tag");
                table.Add(b.Family, b.PreviousTag ?? b.Previous ?? "(none)", b.Increment + (b.Suggested ? " (suggested)" : ""), b.Next, b.NextTag);
                return table + $"Why: {b.Reason}\n";
            });
            return CliApp.Ok;
        });
        return command;
    }
}
