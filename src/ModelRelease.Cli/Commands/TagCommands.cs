using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Operations.Tags;
using ModelRelease.Core.Releases;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease tag</c> (New-ReleaseTag) and <c>modelrelease tags</c> (Get-ReleaseTag).</summary>
internal static class TagCommands
{
    public static Command CreateTag(CliConsole console)
    {
        var repo = HubOptions.Repo();
        var type = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var revision = HubOptions.Revision();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var version = new Option<string?>("--version") { Description = "The release version (1.2.0); the tag name follows --format." }.ReadsVersion();
        var format = new Option<TagFormat>("--format") { Description = "Version (v1.2.0), Model, Export, Weights (weights-v1.2) or Custom (--template).", DefaultValueFactory = _ => TagFormat.Version };
        var template = new Option<string?>("--template") { Description = "With --format Custom: the name with {version}, {major}, {minor}, {patch}." }.ReadsTagTemplate();
        var name = new Option<string?>("--name") { Description = "A tag name as it is, instead of --version." };
        var message = new Option<string?>("--message", "-m") { Description = "The tag's message." };
        var force = new Option<bool>("--force") { Description = "Move the tag when it names another commit." };
        var local = new Option<string?>("--local-repository") { Description = "Also create the annotated tag in this local git repository (at HEAD)." };
        var command = new Command("tag", "Tag a revision of a Hub repository as a release.") { repo, type, endpoint, revision, version, format, template, name, message, force, local, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            string tagName;
            try
            {
                if (parse.GetValue(name) is { } n)
                {
                    tagName = TagNaming.ValidName(n);
                }
                else if (parse.GetValue(version) is { } v)
                {
                    // Loose forms are read (v1.1 as 1.1.0) and the reading is said; a version that is not one was bad usage while parsing (ReadsVersion).
                    var parsed = VersionParser.Parse(v);
                    if (parsed.Note is { } note) await console.Error.WriteLineAsync($"modelrelease: note: --version {Core.PrintableText.Escape(note)}").ConfigureAwait(false);
                    tagName = TagNaming.Name(parse.GetValue(format), parsed.Version, parse.GetValue(template));
                }
                else
                {
                    throw new UsageException("give --version (or --name)");
                }
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            // Both places are read first: a tag either refuses (or a --local-repository that is not a git repository) writes nothing.
            var plan = await session.Tag.PlanAsync(new TagOptions
            {
                Repo = HubOptions.RepoRef(parse, repo, type),
                Revision = parse.GetValue(revision)!,
                Name = tagName,
                Message = parse.GetValue(message),
                Force = parse.GetValue(force),
                LocalRepository = parse.GetValue(local) is { } dir ? Path.GetFullPath(dir) : null,
            }, ct).ConfigureAwait(false);
            var tag = (await session.Tag.ApplyAsync(plan, cancellationToken: ct).ConfigureAwait(false))!;
            HubOptions.Print(console, parse, json, tag, t => (t.Created ? (t.Moved ? "Moved" : "Created") : "Already there:") + $" tag {t.Name} on {t.RepoId} at {t.CommitOid}" + (t.LocalRepository is null ? "" : $" (and in {t.LocalRepository})") + "\n");
            return CliApp.Ok;
        });
        return command;
    }

    public static Command ListTags(CliConsole console)
    {
        var repo = HubOptions.Repo();
        var type = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var family = new Option<string?>("--family") { Description = "Only this family's tags: v, model-v, export-v, weights-v, a template (vllm-v{version}) or a component prefix (hub-v)." }.ReadsTagFamily();
        var template = new Option<string[]>("--template") { Description = "A tag format of your own, read after the built-in ones (vllm-v{version}); repeatable." }.ReadsTagTemplate();
        var command = new Command("tags", "List a repository's release tags, newest version first, each with its commit and date; tags that name no version last, saying why.") { repo, type, endpoint, family, template, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var tags = await session.Tag.ListAsync(new TagListOptions { Repo = HubOptions.RepoRef(parse, repo, type), Family = parse.GetValue(family), Templates = parse.GetValue(template) ?? [] }, ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, tags, list =>
            {
                var table = new TextTable("Tag", "Version", "Family", "Date", "Commit", "Message");
                foreach (var t in list)
                {
                    table.Add(t.Name, t.Version ?? "(none)", t.Family, t.Date?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), t.CommitOid[..Math.Min(12, t.CommitOid.Length)], t.Message);
                }
                var reasons = string.Concat(list.Where(t => t.Version is null).Select(t => $"{Core.PrintableText.Escape(t.Name)} names no version: {t.Reason}\n"));
                return table + (reasons.Length == 0 ? "" : "\n" + reasons);
            });
            return CliApp.Ok;
        });
        return command;
    }
}
