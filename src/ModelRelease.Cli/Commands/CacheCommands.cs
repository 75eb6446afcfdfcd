using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Cache;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease cache ls|rm</c> (Get-HfCache, Remove-HfCache): the shared Hugging Face cache, as <c>hf cache ls|rm</c> see it.</summary>
internal static class CacheCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("cache", "The shared Hugging Face cache (HF_HUB_CACHE, else $HF_HOME/hub) that huggingface_hub and @huggingface/hub use too: list and prune its revisions.");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Remove(console));
        return command;
    }

    private static (Argument<string[]> Repos, Option<string?> Revision, Option<string?> OlderThan, Option<string?> Type) FilterOptions() => (
        new Argument<string[]>("repo") { Description = "Repositories (namespace/name; * and ? match any characters); all when none is given.", Arity = ArgumentArity.ZeroOrMore },
        new Option<string?>("--revision") { Description = "Only the revision a ref names (main, v1.0) or a commit (7 or more hex digits)." },
        new Option<string?>("--older-than") { Description = "Only revisions not used for this long: 30d, 12h, 2w (days when no unit)." },
        new Option<string?>("--repo-type") { Description = "Only model, dataset or space repositories." });

    private static CacheFilter Filter(ParseResult parse, Argument<string[]> repos, Option<string?> revision, Option<string?> olderThan, Option<string?> type)
    {
        TimeSpan? age = null;
        if (parse.GetValue(olderThan) is { } text)
        {
            age = CacheFilter.TryParseAge(text, out var a) ? a : throw new UsageException($"--older-than: '{text}' is not an age; write it like 30d, 12h or 2w.");
        }
        if (parse.GetValue(type) is { } t && t is not ("model" or "dataset" or "space")) throw new UsageException($"--repo-type: '{t}' is not model, dataset or space.");
        return new CacheFilter { RepoIds = parse.GetValue(repos) ?? [], Revision = parse.GetValue(revision), OlderThan = age, RepoType = parse.GetValue(type) };
    }

    private static Command List(CliConsole console)
    {
        var (repos, revision, olderThan, type) = FilterOptions();
        var json = CommonOptions.Json();
        var command = new Command("ls", "List the cached revisions: repository, refs, commit, files, size on disk, last use. Problems a tool left (a link to a missing blob, a partial download) are warnings.") { repos, revision, olderThan, type, json };
        command.SetAction(async (parse, ct) =>
        {
            var filter = Filter(parse, repos, revision, olderThan, type);
            using var session = CliSession.Open(console);
            var scan = session.Cache.Scan();
            var list = session.Cache.List(filter, scan);
            foreach (var problem in scan.Problems.Concat(list.SelectMany(r => r.Problems.Select(p => $"{r.RepoId}@{r.Revision}: {p}"))))
            {
                await console.Error.WriteLineAsync("modelrelease: warning: " + Core.PrintableText.Escape(problem)).ConfigureAwait(false);
            }
            HubOptions.Print(console, parse, json, list, revisions =>
            {
                var table = new TextTable("Repository", "Type", "Refs", "Commit", "Files", "Size", "Last used").AlignRight(4, 5);
                foreach (var r in revisions) table.Add(r.RepoId, r.RepoType, string.Join(", ", r.Refs), r.CommitOid[..12], r.FileCount, ByteSizeText.Format(r.Size), r.LastAccessed.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
                return table + $"\n{revisions.Count} revision(s), {ByteSizeText.Format(revisions.Sum(r => r.Size))} in {scan.Root}\n";
            });
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Remove(CliConsole console)
    {
        var (repos, revision, olderThan, type) = FilterOptions();
        var all = new Option<bool>("--all") { Description = "Every revision of every repository (without it, name repositories or give --revision or --older-than)." };
        var dryRun = new Option<bool>("--dry-run", "--what-if") { Description = "Print what would be removed and the bytes it would free; remove nothing." };
        var json = CommonOptions.Json();
        var command = new Command("rm", "Remove cached revisions: the snapshot, its refs, and the blobs no other revision uses. Try --dry-run first.") { repos, revision, olderThan, type, all, dryRun, json };
        command.SetAction(async (parse, ct) =>
        {
            var filter = Filter(parse, repos, revision, olderThan, type);
            if (!parse.GetValue(all) && filter.RepoIds.Count == 0 && filter.Revision is null && filter.OlderThan is null)
            {
                throw new UsageException("name the repositories to prune, or give --revision or --older-than (or --all for everything).");
            }
            using var session = CliSession.Open(console);
            var removals = await session.Cache.RemoveAsync(filter, null, OperationDeciders.Always, parse.GetValue(dryRun), ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, removals, list =>
            {
                var table = new TextTable("Repository", "Refs", "Commit", "Freed", "Removed").AlignRight(3);
                foreach (var r in list) table.Add(r.RepoId, string.Join(", ", r.Refs), r.CommitOid[..12], ByteSizeText.Format(r.FreedBytes), r.Removed ? "yes" : "no (dry run)");
                var freed = ByteSizeText.Format(list.Sum(r => r.FreedBytes));
                return list.Count == 0 ? "No cached revision matches.\n" : table + (list.All(r => r.Removed) ? $"\nFreed {freed}.\n" : $"\nWould free {freed}; nothing was removed.\n");
            });
            return CliApp.Ok;
        });
        return command;
    }
}
