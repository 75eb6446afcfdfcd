using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Hashing;
using ModelRelease.Core.Hub.Publishing;

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
        var force = new Option<bool>("--force") { Description = "Publish even when a checkpoint among the files fails validation." };
        var command = new Command("publish", "Publish files and folders to a Hub repository in one atomic commit, uploading only what is missing.")
        {
            paths, repo, type, endpoint, revision, message, description, pathInRepo, include, exclude, isPrivate, pr, whatIf, force, json, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new PublishRequest
            {
                Repo = HubOptions.RepoRef(parse, repo, type),
                Revision = parse.GetValue(revision)!,
                Files = PublishInputs.Collect(parse.GetValue(paths)!, parse.GetValue(pathInRepo), parse.GetValue(include), parse.GetValue(exclude)),
                CommitMessage = parse.GetValue(message)!,
                CommitDescription = parse.GetValue(description),
                CreatePullRequest = parse.GetValue(pr),
                Private = parse.GetValue(isPrivate),
            };
            if (!parse.GetValue(force))
            {
                var refused = await RefusedCheckpointsAsync(request, ct).ConfigureAwait(false);
                if (refused.Count > 0)
                {
                    foreach (var r in refused) await console.Error.WriteLineAsync("modelrelease: " + r).ConfigureAwait(false);
                    await console.Error.WriteLineAsync("modelrelease: nothing was published; fix the checkpoints or use --force").ConfigureAwait(false);
                    return CliApp.CheckFailed;
                }
            }
            using var client = HubOptions.Open(console, parse, endpoint, verbose, requireToken: true);
            var progress = new ConsoleProgress(console, "publish");
            var report = new SyncProgress<PublishProgress>(p =>
            {
                if (p.Stage == PublishStage.Hashing) progress.Report(p.HashedBytes, p.BytesToHash);
                else if (p.Stage == PublishStage.Uploading) progress.Report(p.UploadedBytes, p.BytesToUpload);
            });
            var publisher = new Publisher(client, HashCache.Load());
            if (parse.GetValue(whatIf))
            {
                var plan = await publisher.PlanAsync(request, report, ct).ConfigureAwait(false);
                HubOptions.Print(console, parse, json, plan, RenderPlan);
                return CliApp.Ok;
            }
            var result = await publisher.PublishAsync(request, report, ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, result, Render);
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Checkpoint files among the inputs whose headers do not validate.</summary>
    private static async Task<List<string>> RefusedCheckpointsAsync(PublishRequest request, CancellationToken ct)
    {
        var refused = new List<string>();
        var checkpointLike = request.Files.Select(f => f.LocalPath)
            .Where(p => p.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)
                     || p.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".pth", StringComparison.OrdinalIgnoreCase)
                     || p.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".safetensors.index.json", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var validator = new Core.Checkpoints.Validation.CheckpointValidator(new CheckpointInspector());
        foreach (var file in checkpointLike)
        {
            var v = await validator.ValidateAsync(file, new Core.Checkpoints.Validation.CheckpointValidationOptions(), null, ct).ConfigureAwait(false);
            if (!v.IsValid) refused.Add($"{file} fails validation: {string.Join("; ", v.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => $"{f.Code} {f.Message}"))}");
        }
        return refused;
    }

    public static string RenderPlan(PublishPlan plan)
    {
        var table = new TextTable("Path in repo", "Action", "Transfer", "Size").AlignRight(3);
        foreach (var f in plan.Files) table.Add(f.PathInRepo, f.Action, f.IsLfs ? "LFS" : "regular", ByteSizeText.Format(f.Size));
        var head = $"What would happen to {plan.RepoId}@{plan.Revision}" + (plan.RepoExists ? $" (head {plan.ParentCommit?[..12]})" : " (the repository would be created)") + ":\n";
        var tail = plan.HasChanges
            ? $"\nOne commit of {plan.Files.Count(f => f.Action != PublishAction.Unchanged)} file(s), {ByteSizeText.Format(plan.BytesToCommit)}; {ByteSizeText.Format(plan.BytesUnchanged)} unchanged. Nothing was written.\n"
            : "\nNothing to commit: every file is already there. Nothing was written.\n";
        return head + table + tail;
    }

    public static string Render(PublishResult r)
    {
        var table = new TextTable("Path in repo", "Action", "Transfer", "Size", "Sent").AlignRight(3);
        foreach (var f in r.Files) table.Add(f.PathInRepo, f.Action, f.IsLfs ? "LFS" : "regular", ByteSizeText.Format(f.Size), f.IsLfs ? (f.Uploaded ? "uploaded" : f.Action == PublishAction.Unchanged ? "" : "already stored") : f.Action == PublishAction.Unchanged ? "" : "in commit");
        var what = r.Committed ? $"Committed {r.CommitOid} to {r.RepoId}@{r.Revision}" : $"Nothing to commit: {r.RepoId}@{r.Revision} already has every file (head {r.CommitOid})";
        return $"{what}\n{table}\n{ByteSizeText.Format(r.BytesUploaded)} uploaded, {ByteSizeText.Format(r.BytesSkipped)} not sent (already there), in {r.Elapsed.TotalSeconds:0.0} s\n" + (r.CommitUrl is null ? "" : r.CommitUrl + "\n");
    }
}
