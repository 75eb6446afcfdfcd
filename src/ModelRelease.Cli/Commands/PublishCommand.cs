using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Publish;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease publish PATH... --repo org/name</c> (Publish-HfModel).</summary>
internal static class PublishCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("path") { Description = "Files and folders to publish.", Arity = ArgumentArity.OneOrMore };
        var repo = HubOptions.Repo();
        var type = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var revision = HubOptions.Revision();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var message = new Option<string>("--message", "-m") { Description = "The commit's title.", DefaultValueFactory = _ => "Upload model files with ModelRelease" };
        var description = new Option<string?>("--description") { Description = "The commit's description." };
        var pathInRepo = new Option<string?>("--path-in-repo") { Description = "The folder in the repository the files go under." };
        var include = new Option<string[]>("--include") { Description = "Glob of files to take from folders; repeatable." };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to leave out; repeatable." };
        var isPrivate = new Option<bool>("--private") { Description = "Create the repository as private when it does not exist." };
        var pr = new Option<bool>("--pr") { Description = "Open a pull request instead of committing to the branch." };
        var whatIf = new Option<bool>("--what-if") { Description = "Print the plan (every file, LFS or regular, new/updated/unchanged, bytes) and write nothing." };
        var force = new Option<bool>("--force") { Description = "Publish even when a file fails the checkpoint gate (an invalid checkpoint, a pickle that runs code)." };
        var createBranch = new Option<bool>("--create-branch") { Description = "Create --revision as a new branch (at main) when the repository has no such branch." };
        var delete = new Option<string[]>("--delete") { Description = "Glob of files in the repository (under --path-in-repo) to delete in the same commit, as 'hf upload --delete'; the files published are kept. Repeatable." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on standard error." };
        var command = new Command("publish", "Publish files and folders to a Hub repository in one atomic commit, uploading only what is missing.")
        {
            paths, repo, type, endpoint, revision, createBranch, message, description, pathInRepo, include, exclude, delete, isPrivate, pr, whatIf, force, quiet, json, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new PublishOptions
            {
                Repo = HubOptions.RepoRef(parse, repo, type),
                Revision = parse.GetValue(revision)!,
                CreateBranch = parse.GetValue(createBranch),
                Paths = CommonOptions.FullPaths(parse.GetValue(paths)!),
                PathInRepo = parse.GetValue(pathInRepo),
                Include = parse.GetValue(include) ?? [],
                Exclude = parse.GetValue(exclude) ?? [],
                CommitMessage = parse.GetValue(message)!,
                CommitDescription = parse.GetValue(description),
                CreatePullRequest = parse.GetValue(pr),
                Private = parse.GetValue(isPrivate),
                Force = parse.GetValue(force),
                Delete = parse.GetValue(delete) ?? [],
            };
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var progress = ConsoleProgress.For(console, session, "hashing", parse.GetValue(quiet));
            var report = new SyncProgress<PublishProgress>(p =>
            {
                if (p.Stage == PublishStage.Hashing) progress.Report(p.HashedBytes, p.BytesToHash, "hashing");
                else if (p.Stage == PublishStage.Uploading) progress.Report(p.UploadedBytes, p.BytesToUpload, "uploading");
                else if (p.Stage == PublishStage.Committing) progress.Step("committing", $"one commit to {options.Repo}@{options.Revision}");
            });
            PublishOperationPlan plan;
            try
            {
                plan = await session.Publish.PlanAsync(options, report, ct).ConfigureAwait(false);
            }
            catch (OperationException ex) when (ex.Gate is { } gate && parse.GetValue(json))
            {
                // The gate's verdict is the record a script reads; the message goes to standard error.
                await console.Out.WriteAsync(Json.Serialize(gate) + "\n").ConfigureAwait(false);
                throw;
            }
            if (plan.Gate.Forced) await console.Error.WriteLineAsync($"modelrelease: warning: {plan.Gate.RefusedCount} file(s) failed the checkpoint gate and are published anyway (--force)").ConfigureAwait(false);
            if (parse.GetValue(whatIf))
            {
                if (plan.BranchToCreate is { } branch) await console.Error.WriteLineAsync($"modelrelease: the branch {branch} would be created at {options.StartingPoint}").ConfigureAwait(false);
                HubOptions.Print(console, parse, json, plan.Plan, RenderPlan);
                return CliApp.Ok;
            }
            var result = await session.Publish.ExecuteAsync(plan, OperationDeciders.Always, whatIf: false, report, ct).ConfigureAwait(false);
            progress.Complete();
            HubOptions.Print(console, parse, json, result!, Render);
            return CliApp.Ok;
        });
        return command;
    }

    public static string RenderPlan(PublishPlan plan)
    {
        var table = new TextTable("Path in repo", "Action", "Transfer", "Size").AlignRight(3);
        foreach (var f in plan.Files) table.Add(f.PathInRepo, f.Action, f.IsLfs ? "LFS" : "regular", ByteSizeText.Format(f.Size));
        foreach (var d in plan.Deleted) table.Add(d, "Deleted", "", "");
        var head = $"What would happen to {plan.RepoId}@{plan.Revision}" + (plan.RepoExists ? $" (head {plan.ParentCommit?[..12]})" : " (the repository would be created)") + ":\n";
        var tail = plan.HasChanges
            ? $"\nOne commit of {plan.Files.Count(f => f.Action != PublishAction.Unchanged)} file(s), {ByteSizeText.Format(plan.BytesToCommit)}{(plan.Deleted.Count > 0 ? $" and {plan.Deleted.Count} deletion(s)" : "")}; {ByteSizeText.Format(plan.BytesUnchanged)} unchanged. Nothing was written.\n"
            : "\nNothing to commit: every file is already there. Nothing was written.\n";
        return head + table + tail;
    }

    public static string Render(PublishResult r)
    {
        var table = new TextTable("Path in repo", "Action", "Transfer", "Size", "Sent").AlignRight(3);
        foreach (var f in r.Files) table.Add(f.PathInRepo, f.Action, f.IsLfs ? "LFS" : "regular", ByteSizeText.Format(f.Size), f.IsLfs ? (f.Uploaded ? "uploaded" : f.Action == PublishAction.Unchanged ? "" : "already stored") : f.Action == PublishAction.Unchanged ? "" : "in commit");
        foreach (var d in r.Deleted) table.Add(d, "Deleted", "", "", "in commit");
        var what = (r.BranchCreated ? $"Created branch {r.Revision}; " : "") + (!r.Committed ? $"Nothing to commit: {r.RepoId}@{r.Revision} already has every file (head {r.CommitOid})"
            : r.PullRequestNumber is { } n ? $"Opened pull request #{n} on {r.RepoId} (against {r.Revision}, ref refs/pr/{n}): {r.PullRequestUrl}\nIts commit: {r.CommitOid}"
            : r.PullRequestUrl is { } url ? $"Opened a pull request on {r.RepoId} (against {r.Revision}): {url}\nIts commit: {r.CommitOid}"
            : $"Committed {r.CommitOid} to {r.RepoId}@{r.Revision}");
        return $"{what}\n{table}\n{ByteSizeText.Format(r.BytesUploaded)} uploaded, {ByteSizeText.Format(r.BytesSkipped)} not sent (already there), in {r.Elapsed.TotalSeconds:0.0} s\n" + (r.CommitUrl is null ? "" : r.CommitUrl + "\n");
    }
}
