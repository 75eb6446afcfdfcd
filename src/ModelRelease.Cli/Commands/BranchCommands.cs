using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Operations.Branches;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease branch list|create|delete</c> (Get-HfBranch, New-HfBranch, Remove-HfBranch).</summary>
internal static class BranchCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("branch", "Branches of a Hub repository: experiments beside main (the latest stable) and the release tags.");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(New(console));
        command.Subcommands.Add(Delete(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var (repo, type, endpoint, verbose, json) = (HubOptions.Repo(), HubOptions.RepoType(), HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var command = new Command("list", "List the branches, main first, each with its commit and that commit's date.") { repo, type, endpoint, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var branches = await session.Branches.ListAsync(HubOptions.RepoRef(parse, repo, type), ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, branches, Render);
            return CliApp.Ok;
        });
        return command;
    }

    private static Command New(CliConsole console)
    {
        var (repo, type, endpoint, verbose, json) = (HubOptions.Repo(), HubOptions.RepoType(), HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var name = new Argument<string>("name") { Description = "The branch's name (exp-fp16)." };
        var start = new Option<string>("--starting-point", "--from") { Description = "Where the branch starts: a branch, tag or commit (default main).", DefaultValueFactory = _ => "main" };
        var whatIf = new Option<bool>("--what-if") { Description = "Check the name and say what would be created; create nothing." };
        var command = new Command("create", "Create a branch for an experiment (its name may not be a tag's).") { name, repo, type, endpoint, start, whatIf, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var plan = await session.Branches.PlanCreateAsync(HubOptions.RepoRef(parse, repo, type), parse.GetValue(name)!, parse.GetValue(start)!, ct).ConfigureAwait(false);
            if (parse.GetValue(whatIf))
            {
                var q = BranchOperation.CreateQuestion(plan);
                await console.Out.WriteLineAsync(plan.IsNoOp ? $"Nothing to do: {plan.Name} already points at {plan.CommitOid}." : $"What if: {q.Action} on {q.Target}. Nothing was written.").ConfigureAwait(false);
                return CliApp.Ok;
            }
            var branch = await session.Branches.CreateAsync(plan, ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, branch, b => (b.Created ? "Created" : "Already there:") + $" branch {b.Name} on {b.RepoId} at {b.CommitOid}\n");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Delete(CliConsole console)
    {
        var (repo, type, endpoint, verbose, json) = (HubOptions.Repo(), HubOptions.RepoType(), HubOptions.Endpoint(), HubOptions.Verbose(), CommonOptions.Json());
        var name = new Argument<string>("name") { Description = "The branch to delete (never main)." };
        var whatIf = new Option<bool>("--what-if") { Description = "Say what would be deleted; delete nothing." };
        var command = new Command("delete", "Delete a branch (main cannot be deleted).") { name, repo, type, endpoint, whatIf, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var plan = await session.Branches.PlanDeleteAsync(HubOptions.RepoRef(parse, repo, type), parse.GetValue(name)!, ct).ConfigureAwait(false);
            if (parse.GetValue(whatIf))
            {
                var q = BranchOperation.DeleteQuestion(plan);
                await console.Out.WriteLineAsync($"What if: {q.Action} on {q.Target}. Nothing was written.").ConfigureAwait(false);
                return CliApp.Ok;
            }
            var deleted = await session.Branches.DeleteAsync(plan, ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, deleted, b => $"Deleted branch {b.Name} of {b.RepoId} (it was at {b.CommitOid})\n");
            return CliApp.Ok;
        });
        return command;
    }

    private static string Render(IReadOnlyList<HubBranch> branches)
    {
        var table = new TextTable("Branch", "Commit", "Date");
        foreach (var b in branches) table.Add(b.Name, b.CommitOid[..Math.Min(12, b.CommitOid.Length)], b.Date?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        return table.ToString();
    }
}
