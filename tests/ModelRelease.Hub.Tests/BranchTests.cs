using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Publish;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Hub.Tests;

/// <summary>Branches: listed with dates, created and deleted under the shared name rules; publishing to a new branch leaves main as it is.</summary>
public sealed class BranchTests
{
    private static readonly RepoRef Repo = RepoRef.Parse("org/branches");

    private static async Task<(Hub Hub, ModelReleaseSession Session, string Main)> StartAsync()
    {
        var hub = await Hub.StartAsync();
        var session = hub.Session();
        using var client = hub.Client();
        var first = await hub.Publisher(client).PublishAsync(Hub.Request(Repo.Id, [hub.Text("r/a.txt", "1")], "one"));
        return (hub, session, first.CommitOid);
    }

    [Fact]
    public async Task A_branch_is_created_at_its_starting_point_listed_with_its_date_and_deleted()
    {
        var (hub, session, main) = await StartAsync();
        await using var _ = hub;
        using var __ = session;
        var plan = await session.Branches.PlanCreateAsync(Repo, "exp-fp16", "main", Run.Timeout());
        Assert.Equal((main, (string?)null, false), (plan.CommitOid, plan.ExistingCommitOid, plan.IsNoOp));
        var created = await session.Branches.CreateAsync(plan, Run.Timeout());
        Assert.Equal(("exp-fp16", main, true, false), (created.Name, created.CommitOid, created.Created, created.IsDefault));
        Assert.NotNull(created.Date);

        // Again at the same commit: nothing to do.
        var again = await session.Branches.CreateAsync(await session.Branches.PlanCreateAsync(Repo, "exp-fp16", main, Run.Timeout()), Run.Timeout());
        Assert.False(again.Created);

        var branches = await session.Branches.ListAsync(Repo, Run.Timeout());
        Assert.Equal(["main", "exp-fp16"], branches.Select(b => b.Name));
        Assert.True(branches[0].IsDefault);
        Assert.All(branches, b => Assert.NotNull(b.Date));

        var deleted = await session.Branches.DeleteAsync(await session.Branches.PlanDeleteAsync(Repo, "exp-fp16", Run.Timeout()), Run.Timeout());
        Assert.Equal(main, deleted.CommitOid);
        Assert.Equal(["main"], (await session.Branches.ListAsync(Repo, Run.Timeout())).Select(b => b.Name));
    }

    [Fact]
    public async Task Bad_names_tag_names_main_and_missing_branches_are_refused_before_any_write()
    {
        var (hub, session, _) = await StartAsync();
        await using var h = hub;
        using var s = session;
        await new ReleaseTagger(session.HubForWriting()).CreateAsync(Repo, "main", "v1.0.0", null, force: false, Run.Timeout());
        var writes = hub.Writes();

        var invalid = await Assert.ThrowsAsync<OperationException>(() => session.Branches.PlanCreateAsync(Repo, "exp fp16", "main", Run.Timeout()));
        Assert.Equal((OperationErrors.BranchNameInvalid, ErrorKind.InvalidArgument), (invalid.ErrorId, invalid.Kind));
        var clash = await Assert.ThrowsAsync<OperationException>(() => session.Branches.PlanCreateAsync(Repo, "v1.0.0", "main", Run.Timeout()));
        Assert.Equal(OperationErrors.BranchNameInvalid, clash.ErrorId);
        Assert.Contains("ambiguous", clash.Message);
        var main = await Assert.ThrowsAsync<OperationException>(() => session.Branches.PlanDeleteAsync(Repo, "main", Run.Timeout()));
        Assert.Equal((OperationErrors.BranchProtected, ErrorKind.PermissionDenied), (main.ErrorId, main.Kind));
        var missing = await Assert.ThrowsAsync<OperationException>(() => session.Branches.PlanDeleteAsync(Repo, "nope", Run.Timeout()));
        Assert.Equal((OperationErrors.BranchNotFound, "nope"), (missing.ErrorId, (string)missing.Target!));
        Assert.Equal(writes, hub.Writes());

        // A branch that exists at another commit is not moved.
        using var client = hub.Client();
        await session.Branches.CreateAsync(await session.Branches.PlanCreateAsync(Repo, "exp", "main", Run.Timeout()), Run.Timeout());
        await hub.Publisher(client).PublishAsync(Hub.Request(Repo.Id, [hub.Text("r/b.txt", "2")], "two"));
        var exists = await Assert.ThrowsAsync<OperationException>(() => session.Branches.PlanCreateAsync(Repo, "exp", "main", Run.Timeout()));
        Assert.Equal((OperationErrors.BranchAlreadyExists, ErrorKind.AlreadyExists), (exists.ErrorId, exists.Kind));
    }

    [Fact]
    public async Task Publishing_to_a_missing_branch_says_so_and_CreateBranch_publishes_there_leaving_main_as_it_is()
    {
        var (hub, session, main) = await StartAsync();
        await using var h = hub;
        using var s = session;
        var file = hub.Text("exp/model.txt", "experiment");
        var options = new PublishOptions { Repo = Repo, Revision = "experimental-fp16", Paths = [file], CommitMessage = "Experiment" };

        var missing = await Assert.ThrowsAsync<OperationException>(() => session.Publish.PlanAsync(options, null, Run.Timeout()));
        Assert.Equal((OperationErrors.BranchNotFound, ErrorKind.NotFound), (missing.ErrorId, missing.Kind));
        Assert.Contains("CreateBranch", missing.RecommendedAction);

        var plan = await session.Publish.PlanAsync(options with { CreateBranch = true }, null, Run.Timeout());
        Assert.Equal(("experimental-fp16", "experimental-fp16", main), (plan.BranchToCreate, plan.Plan.Revision, plan.Plan.ParentCommit));
        var (decide, asked) = Sessions.Recording();
        Assert.Null(await session.Publish.ExecuteAsync(plan, decide, whatIf: true, cancellationToken: Run.Timeout()));
        Assert.Contains(asked, q => q.Kind == QuestionKind.CreateBranch && q.Action == "Create branch experimental-fp16");
        Assert.Single(await session.Branches.ListAsync(Repo, Run.Timeout()));

        var result = await session.Publish.ExecuteAsync(plan, OperationDeciders.Always, cancellationToken: Run.Timeout());
        Assert.Equal(("experimental-fp16", true, true), (result!.Revision, result.BranchCreated, result.Committed));
        var branches = (await session.Branches.ListAsync(Repo, Run.Timeout())).ToDictionary(b => b.Name, b => b.CommitOid);
        Assert.Equal((main, result.CommitOid), (branches["main"], branches["experimental-fp16"]));

        // Published again: the branch exists now, and nothing changed.
        var again = await session.Publish.PlanAsync(options with { CreateBranch = true }, null, Run.Timeout());
        Assert.Null(again.BranchToCreate);
        Assert.False(again.Plan.HasChanges);
    }

    [Fact]
    public async Task CreateBranch_on_a_new_repository_creates_it_with_main_and_the_branch()
    {
        await using var hub = await Hub.StartAsync();
        using var session = hub.Session();
        var repo = RepoRef.Parse("org/new-with-branch");
        var plan = await session.Publish.PlanAsync(new PublishOptions { Repo = repo, Revision = "exp", CreateBranch = true, Private = true, Paths = [hub.Text("n/x.txt", "x")], CommitMessage = "x" }, null, Run.Timeout());
        Assert.False(plan.Plan.RepoExists);
        var result = await session.Publish.ExecuteAsync(plan, OperationDeciders.Always, cancellationToken: Run.Timeout());
        Assert.Equal((true, true, "exp"), (result!.RepoCreated, result.BranchCreated, result.Revision));
        Assert.Equal(["main", "exp"], (await session.Branches.ListAsync(repo, Run.Timeout())).Select(b => b.Name));
    }
}
