using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Repositories;

namespace ModelRelease.Cli.Commands;

/// <summary>
/// <c>modelrelease repo create|delete|settings|delete-files|delete-tag</c> (New-HfRepository, Remove-HfRepository,
/// Set-HfRepository, Remove-HfRepoFile, Remove-ReleaseTag), as <c>hf repo create|delete|settings</c>,
/// <c>hf repo-files delete</c> and <c>hf repo tag delete</c>.
/// </summary>
internal static class RepoCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("repo", "Create, delete and change Hub repositories; delete files and tags.");
        command.Subcommands.Add(CreateRepo(console));
        command.Subcommands.Add(DeleteRepo(console));
        command.Subcommands.Add(Settings(console));
        command.Subcommands.Add(DeleteFiles(console));
        command.Subcommands.Add(DeleteTag(console));
        return command;
    }

    private static Argument<string?> RepoArgument() => new("repo") { Description = "The repository, namespace/name (or give --repo).", Arity = ArgumentArity.ZeroOrOne };

    private static Option<string?> RepoOption() => new("--repo") { Description = "The repository, namespace/name." };

    /// <summary>The repository from the argument or --repo (one of them, not both).</summary>
    internal static RepoRef Repo(ParseResult parse, Argument<string?> argument, Option<string?> option, Option<string> type)
    {
        var (a, o) = (parse.GetValue(argument), parse.GetValue(option));
        if (a is not null && o is not null && a != o) throw new UsageException($"'{a}' and --repo {o} name two repositories; give one.");
        var id = a ?? o ?? throw new UsageException("name the repository (namespace/name).");
        try
        {
            return RepoRef.Parse(id, parse.GetValue(type)!);
        }
        catch (HubException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static Command CreateRepo(CliConsole console)
    {
        var (repo, repoOption, type, endpoint, verbose, json) = (RepoArgument(), RepoOption(), HubOptions.RepoType(), HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var isPrivate = new Option<bool>("--private") { Description = "Create it private (only you and your organisation see it)." };
        var existOk = new Option<bool>("--exist-ok") { Description = "A repository that is already there is not an error." };
        var command = new Command("create", "Create a repository (model, dataset or space), public unless --private.") { repo, repoOption, type, isPrivate, existOk, endpoint, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            var options = new CreateRepositoryOptions { Repo = Repo(parse, repo, repoOption, type), Private = parse.GetValue(isPrivate), ExistOk = parse.GetValue(existOk) };
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var created = (await session.Repositories.CreateAsync(options, OperationDeciders.Always, cancellationToken: ct).ConfigureAwait(false))!;
            HubOptions.Print(console, parse, json, created, r => $"{(r.Created ? "Created" : "Already there:")} {r.Url} ({(r.Private ? "private" : "public")})\n");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command DeleteRepo(CliConsole console)
    {
        var (repo, repoOption, type, endpoint, verbose, json) = (RepoArgument(), RepoOption(), HubOptions.RepoType(), HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var yes = new Option<bool>("--yes", "-y") { Description = "Confirm: the repository and all its files, branches and tags are deleted for good." };
        var missingOk = new Option<bool>("--missing-ok") { Description = "A repository that is not there is not an error." };
        var command = new Command("delete", "Delete a repository with everything in it. Needs --yes.") { repo, repoOption, type, yes, missingOk, endpoint, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            var target = Repo(parse, repo, repoOption, type);
            if (!parse.GetValue(yes)) throw new UsageException($"deleting {target} removes every file, branch and tag for good: pass --yes to confirm.");
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var deleted = await session.Repositories.DeleteAsync(target, parse.GetValue(missingOk), OperationDeciders.Always, cancellationToken: ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, new { repoId = target.Id, repoType = target.Type, deleted }, _ => deleted ? $"Deleted {target}.\n" : $"{target} was not there.\n");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Settings(CliConsole console)
    {
        var (repo, repoOption, type, endpoint, verbose, json) = (RepoArgument(), RepoOption(), HubOptions.RepoType(), HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var visibility = new Option<string?>("--visibility") { Description = "public or private." };
        visibility.AcceptOnlyFromAmong("public", "private");
        var command = new Command("settings", "Change a repository's settings: --visibility public|private.") { repo, repoOption, type, visibility, endpoint, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            var target = Repo(parse, repo, repoOption, type);
            if (parse.GetValue(visibility) is not { } value) throw new UsageException("give a setting to change: --visibility public|private.");
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var result = (await session.Repositories.SetVisibilityAsync(target, value == "private", OperationDeciders.Always, cancellationToken: ct).ConfigureAwait(false))!;
            HubOptions.Print(console, parse, json, result, r => $"{r.Url} is {(r.Private ? "private" : "public")}.\n");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command DeleteFiles(CliConsole console)
    {
        var (repoOption, type, endpoint, verbose, json, revision) = (new Option<string>("--repo") { Description = "The repository, namespace/name.", Required = true }, HubOptions.RepoType(), HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json(), HubOptions.Revision());
        var patterns = new Argument<string[]>("pattern") { Description = "Paths, folders or globs (*, **, ?) in the repository; each must match a file.", Arity = ArgumentArity.OneOrMore };
        var message = new Option<string?>("--message", "-m") { Description = "The commit's title (default: Delete <file> / Delete N files)." };
        var description = new Option<string?>("--description") { Description = "The commit's description." };
        var pr = new Option<bool>("--pr") { Description = "Open a pull request instead of committing to the branch." };
        var dryRun = new Option<bool>("--dry-run", "--what-if") { Description = "Print the files that would be deleted; write nothing." };
        var command = new Command("delete-files", "Delete files from a branch in one commit: paths, folders or globs.") { patterns, repoOption, type, revision, message, description, pr, dryRun, endpoint, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            RepoRef target;
            try { target = RepoRef.Parse(parse.GetValue(repoOption)!, parse.GetValue(type)!); }
            catch (HubException ex) { throw new UsageException(ex.Message); }
            var options = new RemoveFilesOptions
            {
                Repo = target,
                Revision = parse.GetValue(revision)!,
                Patterns = parse.GetValue(patterns)!,
                CommitMessage = parse.GetValue(message),
                CommitDescription = parse.GetValue(description),
                CreatePullRequest = parse.GetValue(pr),
            };
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            if (parse.GetValue(dryRun))
            {
                var would = new List<string>();
                await session.Repositories.RemoveFilesAsync(options, (q, _) =>
                {
                    if (q.Kind == QuestionKind.DeleteFiles) would.Add(q.Target[(q.Target.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
                    return ValueTask.FromResult(true);
                }, whatIf: true, ct).ConfigureAwait(false);
                HubOptions.Print(console, parse, json, new { repoId = target.Id, revision = options.Revision, removed = would, committed = false }, _ => string.Concat(would.Select(w => $"would delete {w}\n")) + "Nothing was written.\n");
                return CliApp.Ok;
            }
            var removal = (await session.Repositories.RemoveFilesAsync(options, OperationDeciders.Always, cancellationToken: ct).ConfigureAwait(false))!;
            HubOptions.Print(console, parse, json, removal, r =>
                (r.PullRequestNumber is { } n ? $"Opened pull request #{n} deleting {r.Removed.Count} file(s): {r.PullRequestUrl} (commit {r.CommitOid})\n" : $"Deleted {r.Removed.Count} file(s) from {r.RepoId}@{r.Revision} in commit {r.CommitOid}\n")
                + string.Concat(r.Removed.Select(p => $"  {Core.PrintableText.Escape(p)}\n")));
            return CliApp.Ok;
        });
        return command;
    }

    private static Command DeleteTag(CliConsole console)
    {
        var (repoOption, type, endpoint, verbose, json) = (new Option<string>("--repo") { Description = "The repository, namespace/name.", Required = true }, HubOptions.RepoType(), HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var tag = new Argument<string>("tag") { Description = "The tag to delete (v1.2.0)." };
        var command = new Command("delete-tag", "Delete a tag from a repository (the commit it named stays).") { tag, repoOption, type, endpoint, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            RepoRef target;
            try { target = RepoRef.Parse(parse.GetValue(repoOption)!, parse.GetValue(type)!); }
            catch (HubException ex) { throw new UsageException(ex.Message); }
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var deleted = (await session.Repositories.DeleteTagAsync(target, parse.GetValue(tag)!, OperationDeciders.Always, cancellationToken: ct).ConfigureAwait(false))!;
            HubOptions.Print(console, parse, json, deleted, t => $"Deleted tag {t.Name} of {t.RepoId} (it named {t.CommitOid}).\n");
            return CliApp.Ok;
        });
        return command;
    }
}
