using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Publish;
using ModelRelease.Core.Tests.Operations;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Hub.Tests;

/// <summary>The publish operation: one gate whatever the input, planned once, asked per write, executed as planned.</summary>
public sealed class PublishOperationTests
{
    private static PublishOptions Options(string repo, params string[] paths) => new() { Repo = RepoRef.Parse(repo), Paths = paths, CommitMessage = "Publish" };

    [Theory]
    [InlineData("pytorch_model.bin")]
    [InlineData("model.ckpt")]
    [InlineData("training_args.bin")]
    public async Task A_hostile_pickle_in_a_folder_is_refused_whatever_its_name_and_Force_lets_it_through(string name)
    {
        await using var hub = await Hub.StartAsync();
        using var session = hub.Session();
        var folder = Path.Combine(hub.Work, "release");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(folder).FullName, "config.json"), "{}");
        if (name == "training_args.bin") File.WriteAllBytes(Path.Combine(folder, name), ReleaseFolders.HostileTrainingArguments());
        else ReleaseFolders.Hostile(folder, name);

        var ex = await Assert.ThrowsAsync<OperationException>(() => session.Publish.PlanAsync(Options("org/hostile", folder), null, Run.Timeout()));
        Assert.Equal((OperationErrors.PublishRefused, ErrorKind.InvalidData, "org/hostile"), (ex.ErrorId, ex.Kind, (string)ex.Target!));
        var refused = Assert.Single(ex.Gate!.Files, f => f.Refused);
        Assert.Equal(name, Path.GetFileName(refused.Path));
        Assert.Contains("os.system", ex.Message);
        Assert.Equal(0, hub.Writes());

        var plan = await session.Publish.PlanAsync(Options("org/hostile", folder) with { Force = true }, null, Run.Timeout());
        Assert.True(plan.Gate.Forced);
        var result = await session.Publish.ExecuteAsync(plan, OperationDeciders.Always, cancellationToken: Run.Timeout());
        Assert.True(result!.Committed);
    }

    [Fact]
    public async Task Checkpoints_and_validations_given_as_objects_go_through_the_same_gate()
    {
        await using var hub = await Hub.StartAsync();
        using var session = hub.Session();
        var hostile = ReleaseFolders.Hostile(Path.Combine(hub.Work, "objects"), "pytorch_model.bin");
        var failed = await session.Validator.ValidateAsync(hostile, new CheckpointValidationOptions(), null, Run.Timeout());
        var ex = await Assert.ThrowsAsync<OperationException>(() => session.Publish.PlanAsync(Options("org/objects") with { Validations = [failed] }, null, Run.Timeout()));
        Assert.Equal(OperationErrors.PublishRefused, ex.ErrorId);

        // A good checkpoint whose (deep) validation failed is refused too: the user's verdict counts.
        var good = Fixtures.Path("safetensors/fluxml_model.safetensors");
        var nan = new CheckpointValidation { Path = good, IsValid = false, Findings = [new Finding(FindingSeverity.Error, "TENSOR_NAN", "NaN") { Path = good }] };
        var refused = await Assert.ThrowsAsync<OperationException>(() => session.Publish.PlanAsync(Options("org/objects") with { Validations = [nan] }, null, Run.Timeout()));
        Assert.Contains("TENSOR_NAN", refused.Message);

        var checkpoint = await session.Inspector.InspectAsync(Fixtures.Path("safetensors/fluxml_sharded/model.safetensors.index.json"), Run.Timeout());
        var plan = await session.Publish.PlanAsync(Options("org/objects") with { Checkpoints = [checkpoint] }, null, Run.Timeout());
        Assert.Equal(7, plan.Plan.Files.Count); // the index and its six shards
        Assert.Equal(1, plan.Gate.CheckpointCount);
        Assert.Equal(0, hub.Writes());
    }

    [Fact]
    public async Task Execute_asks_before_each_write_and_publishes_only_what_was_accepted()
    {
        await using var hub = await Hub.StartAsync();
        using var session = hub.Session();
        var a = hub.File("two/a.bin.txt", 100, 1);
        var b = hub.File("two/b.txt", 100, 2);
        var plan = await session.Publish.PlanAsync(Options("org/two", Path.GetDirectoryName(a)!), null, Run.Timeout());
        var (decide, asked) = Sessions.Recording(q => q.Kind != QuestionKind.Upload || q.File!.PathInRepo == "b.txt");

        var result = await session.Publish.ExecuteAsync(plan, decide, cancellationToken: Run.Timeout());

        Assert.Equal([QuestionKind.CreateRepository, QuestionKind.Upload, QuestionKind.Upload, QuestionKind.Commit], asked.Select(q => q.Kind));
        Assert.True(asked[0].HighImpact);
        Assert.Equal(["b.txt"], result!.Files.Select(f => f.PathInRepo));
        _ = b;
    }

    [Fact]
    public async Task A_what_if_asks_every_question_and_writes_nothing()
    {
        await using var hub = await Hub.StartAsync();
        using var session = hub.Session();
        var file = hub.File("whatif/x.txt", 10);
        var plan = await session.Publish.PlanAsync(Options("org/whatif", file), null, Run.Timeout());
        var (decide, asked) = Sessions.Recording(_ => false);
        Assert.Null(await session.Publish.ExecuteAsync(plan, decide, whatIf: true, cancellationToken: Run.Timeout()));
        Assert.Equal([QuestionKind.CreateRepository, QuestionKind.Upload, QuestionKind.Commit], asked.Select(q => q.Kind));
        Assert.Equal(0, hub.Writes());
    }

    [Fact]
    public async Task The_plan_is_executed_on_the_commit_it_was_made_against_or_not_at_all()
    {
        await using var hub = await Hub.StartAsync();
        using var session = hub.Session();
        var file = hub.File("stale/x.txt", 10);
        await session.Publish.ExecuteAsync(await session.Publish.PlanAsync(Options("org/stale", file), null, Run.Timeout()), OperationDeciders.Always, cancellationToken: Run.Timeout());
        hub.File("stale/x.txt", 10, seed: 2);
        var plan = await session.Publish.PlanAsync(Options("org/stale", file), null, Run.Timeout());

        // Someone else commits between the plan and its execution.
        var other = hub.File("other/y.txt", 10);
        await session.Publish.ExecuteAsync(await session.Publish.PlanAsync(Options("org/stale", other), null, Run.Timeout()), OperationDeciders.Always, cancellationToken: Run.Timeout());
        var commits = hub.Emulator.Statistics.Commits;

        var ex = await Assert.ThrowsAsync<OperationException>(() => session.Publish.ExecuteAsync(plan, OperationDeciders.Always, cancellationToken: Run.Timeout()));
        Assert.Equal((OperationErrors.PublishPlanStale, ErrorKind.Conflict), (ex.ErrorId, ex.Kind));
        Assert.Equal(commits, hub.Emulator.Statistics.Commits);
    }
}
