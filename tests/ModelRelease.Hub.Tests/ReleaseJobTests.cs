using System.Diagnostics;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Operations.Release;
using ModelRelease.Core.Tests.Operations;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Hub.Tests;

/// <summary>
/// The release job against the emulator, through its report: every check is made before the first write, so a
/// release that would fail writes nothing (the emulator's write endpoints see no request, the branch and the tag stay
/// where they were); one that passes publishes, tags and verifies.
/// </summary>
public sealed class ReleaseJobTests
{
    private static readonly string Pico = Path.Combine(Sessions.RepositoryRoot, "examples", "pico-lm");

    private static Task<Hub> StartAsync() => Hub.StartAsync(o => o with { AnyNamespace = false, Organizations = ["org"] });

    /// <summary>The example model with every input its card needs (the README's main job).</summary>
    private static ReleaseOptions PicoRelease(string version = "1.0.0", string repo = "org/pico-lm") => new()
    {
        Paths = [Path.Combine(Pico, "model")],
        Repo = RepoRef.Parse(repo),
        Version = SemanticVersion.Parse(version),
        License = "mit",
        Language = ["en"],
        ConfigPath = Path.Combine(Pico, "training.yaml"),
        MetricsPath = Path.Combine(Pico, "metrics.json"),
        Sections = CardSections.FromFile(Path.Combine(Pico, "card-sections.json")),
    };

    /// <summary>A folder of one checkpoint and a config, released without a card.</summary>
    private static ReleaseOptions Plain(Hub hub, string folder, string fixture, string version = "1.0.0", string repo = "org/plain")
    {
        var dir = Path.Combine(hub.Work, folder);
        Directory.CreateDirectory(dir);
        File.Copy(Fixtures.Path(fixture), Path.Combine(dir, "model" + Path.GetExtension(fixture)), overwrite: true);
        File.WriteAllText(Path.Combine(dir, "config.json"), "{\"model_type\": \"tiny\"}\n");
        return new ReleaseOptions { Paths = [dir], Repo = RepoRef.Parse(repo), Version = SemanticVersion.Parse(version), NoCard = true };
    }

    [Fact]
    public async Task A_release_checks_everything_then_publishes_tags_and_verifies_and_keeps_its_card_where_it_can_be_opened()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var progress = new List<ReleaseProgress>();
        var report = await session.Release.RunAsync(PicoRelease(), null, new Core.SyncProgress<ReleaseProgress>(progress.Add), Run.Timeout(120));

        Assert.True(report.Outcome == ReleaseOutcome.Released, string.Join("\n", report.Findings));
        Assert.Equal(("org/pico-lm", "v1.0.0", "alice", false), (report.RepoId, report.TagName, report.User, report.IsPublicHub));
        Assert.DoesNotContain(report.Findings, f => f.Severity != FindingSeverity.Info);
        Assert.Equal(["README.md", "config.json", "model.safetensors"], report.Plan!.Files.Select(f => f.PathInRepo).Order(StringComparer.Ordinal));
        Assert.True(report.Publish!.Committed);
        Assert.Equal((true, report.Publish.CommitOid), (report.Tag!.Created, report.Tag.CommitOid));
        Assert.True(report.Verification!.Identical);
        Assert.Equal(3, report.Verification.FileCount);
        var param = Assert.Single(report.Parameters);
        Assert.Equal(26784, param.Total);

        // The card: written from the facts, passing the card gate, kept in the session's release folder.
        Assert.Equal((CardOrigin.Written, true, true), (report.Card.Origin, report.Card.Written, report.Card.Validation!.IsValid));
        Assert.Equal(Path.Combine(hub.Work, "cache", "releases", "org", "pico-lm", "v1.0.0", "README.md"), report.Card.Path);
        Assert.True(File.Exists(report.Card.Path));
        var published = await CardHub.ReadAsync(session.Hub, RepoRef.Parse("org/pico-lm"), "v1.0.0", Run.Timeout());
        Assert.Equal(await File.ReadAllTextAsync(report.Card.Path!), published.Text);

        Assert.Equal([ReleaseStage.Validating, ReleaseStage.Card, ReleaseStage.Checking, ReleaseStage.Publishing, ReleaseStage.Tagging, ReleaseStage.Verifying],
            progress.Select(p => p.Stage).Distinct());
    }

    [Fact]
    public async Task A_second_release_of_the_same_version_with_other_weights_writes_nothing()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var first = await session.Release.RunAsync(Plain(hub, "v1", "safetensors/fluxml_model.safetensors"), null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Released, first.Outcome);
        var refs = await session.Hub.GetRefsAsync(RepoRef.Parse("org/plain"), Run.Timeout());
        var writes = hub.Writes();

        var second = await session.Release.RunAsync(Plain(hub, "v1-other", "safetensors/burn_boolean.safetensors"), null, null, Run.Timeout(60));

        Assert.Equal(ReleaseOutcome.Refused, second.Outcome);
        var refused = Assert.Single(second.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(ReleaseCodes.TagExists, refused.Code);
        Assert.True(second.NothingWritten);
        Assert.Null(second.Publish);
        Assert.Equal(writes, hub.Writes()); // not a request to a writing endpoint
        Assert.Equivalent(refs, await session.Hub.GetRefsAsync(RepoRef.Parse("org/plain"), Run.Timeout())); // the branch did not move, the tag stayed
        Assert.True(second.Plan!.HasChanges); // the whole plan is still in the report

        // The same weights again: the tag already names exactly this release, which commits nothing.
        var again = await session.Release.RunAsync(Plain(hub, "v1", "safetensors/fluxml_model.safetensors"), null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Released, again.Outcome);
        Assert.Equal((false, false), (again.Publish!.Committed, again.Tag!.Created));
        Assert.Contains(again.Findings, f => f.Code == ReleaseCodes.NothingToCommit);
    }

    [Fact]
    public async Task Force_moves_the_tag_and_asks_first_as_a_high_impact_change()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        await session.Release.RunAsync(Plain(hub, "v1", "safetensors/fluxml_model.safetensors"), null, null, Run.Timeout(60));
        var (decide, asked) = Sessions.Recording();

        var moved = await session.Release.RunAsync(Plain(hub, "v1-other", "safetensors/burn_boolean.safetensors") with { Force = true }, decide, null, Run.Timeout(60));

        Assert.Equal(ReleaseOutcome.Released, moved.Outcome);
        Assert.Contains(moved.Findings, f => (f.Severity, f.Code) == (FindingSeverity.Warning, ReleaseCodes.TagMoves));
        Assert.Equal([QuestionKind.Commit, QuestionKind.MoveTag], asked.Select(q => q.Kind));
        Assert.True(asked[1].HighImpact);
        Assert.True(moved.Tag!.Moved);
    }

    [Fact]
    public async Task A_local_repository_that_is_not_one_refuses_the_release_before_any_write()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var report = await session.Release.RunAsync(Plain(hub, "local", "safetensors/fluxml_model.safetensors") with { LocalRepository = "/not/a/repo" }, null, null, Run.Timeout(60));

        Assert.Equal(ReleaseOutcome.Refused, report.Outcome);
        var error = Assert.Single(report.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal((ReleaseCodes.LocalRepositoryNotFound, "/not/a/repo"), (error.Code, error.Path));
        Assert.Equal(0, hub.Writes());
        Assert.Null(await session.Hub.GetRepoInfoAsync(RepoRef.Parse("org/plain"), "main", Run.Timeout()));
    }

    [Fact]
    public async Task A_dirty_local_repository_refuses_and_a_clean_one_is_tagged_with_the_release()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var git = Directory.CreateDirectory(Path.Combine(hub.Work, "code")).FullName;
        Git(git, "init", "-q");
        File.WriteAllText(Path.Combine(git, "train.py"), "print('train')\n");
        Git(git, "add", "-A");
        Git(git, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "code");
        File.AppendAllText(Path.Combine(git, "train.py"), "print('changed')\n");
        var options = Plain(hub, "local", "safetensors/fluxml_model.safetensors") with { LocalRepository = git };

        var dirty = await session.Release.RunAsync(options, null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Refused, dirty.Outcome);
        Assert.Equal(ReleaseCodes.LocalRepositoryDirty, Assert.Single(dirty.Findings, f => f.Severity == FindingSeverity.Error).Code);
        Assert.Equal(0, hub.Writes());

        Git(git, "checkout", "--", "train.py");
        var clean = await session.Release.RunAsync(options, null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Released, clean.Outcome);
        Assert.Equal(git, clean.LocalRepository);
        Assert.Equal(Git(git, "rev-parse", "HEAD"), Git(git, "rev-parse", "v1.0.0^{commit}"));
        Assert.Contains(clean.Publish!.CommitOid, Git(git, "tag", "-n9", "v1.0.0"));
    }

    [Fact]
    public async Task Force_moves_tags_only_a_hostile_pickle_is_still_refused_and_AllowRefusedCheckpoint_is_what_lets_it_through()
    {
        // One switch used to mean both: a user moving a tag with -Force also let a pickle that runs code through the gate.
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var options = Plain(hub, "forced", "safetensors/fluxml_model.safetensors");
        ReleaseFolders.Hostile(options.Paths[0], "pytorch_model.bin");

        var forced = await session.Release.RunAsync(options with { Force = true }, null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Refused, forced.Outcome);
        Assert.Contains(forced.Findings, f => (f.Severity, f.Code) == (FindingSeverity.Error, ReleaseCodes.CheckpointRefused));
        Assert.Equal(0, hub.Writes());

        var allowed = await session.Release.RunAsync(options with { AllowRefusedCheckpoint = true }, null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Released, allowed.Outcome);
        Assert.DoesNotContain(allowed.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Contains(allowed.Findings, f => (f.Severity, f.Code, Path.GetFileName(f.Path)) == (FindingSeverity.Warning, GateCodes.Forced, "pytorch_model.bin"));
    }

    [Theory]
    [InlineData("pytorch_model.bin")]
    [InlineData("model.ckpt")]
    public async Task A_hostile_pickle_named_like_weights_refuses_the_release(string name)
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var options = Plain(hub, "hostile", "safetensors/fluxml_model.safetensors");
        ReleaseFolders.Hostile(options.Paths[0], name);

        var report = await session.Release.RunAsync(options, null, null, Run.Timeout(60));

        Assert.Equal(ReleaseOutcome.Refused, report.Outcome);
        var error = Assert.Single(report.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal((ReleaseCodes.CheckpointRefused, name), (error.Code, Path.GetFileName(error.Path)));
        Assert.Contains("PT_UNSAFE_GLOBAL", error.Message);
        Assert.Equal(0, hub.Writes());
    }

    [Fact]
    public async Task An_unfinished_card_the_release_wrote_is_refused_unless_allowed_and_stays_where_the_user_can_open_it()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var options = Plain(hub, "carded", "safetensors/fluxml_model.safetensors") with { NoCard = false, License = "mit" };

        var refused = await session.Release.RunAsync(options, null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Refused, refused.Outcome);
        var error = Assert.Single(refused.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(ReleaseCodes.CardUnfinished, error.Code);
        Assert.Equal((CardOrigin.Written, true, false), (refused.Card.Origin, refused.Card.Written, refused.Card.Validation!.IsValid));
        Assert.True(refused.Card.OpenLines > 0);
        Assert.Contains("[More Information Needed]", await File.ReadAllTextAsync(refused.Card.Path!)); // the user can open and finish it
        Assert.Equal(0, hub.Writes());

        var allowed = await session.Release.RunAsync(options with { AllowUnfinishedCard = true }, null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Released, allowed.Outcome);
        Assert.Contains(allowed.Findings, f => (f.Severity, f.Code) == (FindingSeverity.Warning, ReleaseCodes.CardUnfinished));
    }

    [Fact]
    public async Task A_given_card_must_pass_the_card_gate()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var options = Plain(hub, "given", "safetensors/fluxml_model.safetensors");
        var card = Path.Combine(hub.Work, "card.md");
        File.WriteAllText(card, "---\nlicense: mit\n---\n# Tiny\n\nTODO: write this.\n");

        var report = await session.Release.RunAsync(options with { NoCard = false, CardPath = card }, null, null, Run.Timeout(60));

        Assert.Equal(ReleaseOutcome.Refused, report.Outcome);
        Assert.Equal(ReleaseCodes.CardInvalid, Assert.Single(report.Findings, f => f.Severity == FindingSeverity.Error).Code);
        Assert.Equal((CardOrigin.Given, card), (report.Card.Origin, report.Card.Path));
        Assert.Contains(report.Card.Validation!.Findings, f => f.Code == "CARD_UNFINISHED");
        Assert.Equal(0, hub.Writes());
    }

    [Fact]
    public async Task The_token_must_be_able_to_write_the_namespace()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var report = await session.Release.RunAsync(Plain(hub, "ns", "safetensors/fluxml_model.safetensors", repo: "someone-else/model"), null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Refused, report.Outcome);
        var error = Assert.Single(report.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(ReleaseCodes.NamespaceForbidden, error.Code);
        Assert.Contains("alice", error.Message);
        Assert.DoesNotContain(Hub.Token, error.Message);
        Assert.Equal(0, hub.Writes());

        using var anonymous = hub.Session(token: null);
        var noToken = await anonymous.Release.RunAsync(Plain(hub, "ns", "safetensors/fluxml_model.safetensors"), null, null, Run.Timeout(60));
        Assert.Equal(ReleaseCodes.NoToken, Assert.Single(noToken.Findings, f => f.Severity == FindingSeverity.Error).Code);
        Assert.Equal(0, hub.Writes());
    }

    [Fact]
    public async Task A_what_if_returns_the_whole_plan_and_writes_nothing_not_even_the_card()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var (decide, asked) = Sessions.Recording(_ => false); // PowerShell's ShouldProcess answers false under -WhatIf
        var report = await session.Release.RunAsync(PicoRelease() with { WhatIf = true }, decide, null, Run.Timeout(60));

        Assert.Equal(ReleaseOutcome.Planned, report.Outcome);
        Assert.True(report.NothingWritten);
        Assert.Equal(["README.md", "config.json", "model.safetensors"], report.Plan!.Files.Select(f => f.PathInRepo).Order(StringComparer.Ordinal));
        Assert.False(report.Plan.RepoExists);
        Assert.Equal(("Release v1.0.0", "v1.0.0"), (report.CommitMessage, report.TagName));
        Assert.True(report.Card.Validation!.IsValid);
        Assert.False(report.Card.Written);
        Assert.False(File.Exists(report.Card.Path)); // where a real run keeps it; a what-if writes nothing
        Assert.Equal([QuestionKind.CreateRepository, QuestionKind.Commit, QuestionKind.CreateTag], asked.Select(q => q.Kind));
        Assert.True(asked[0].HighImpact); // a public repository
        Assert.Equal(0, hub.Writes());
    }

    [Fact]
    public async Task A_declined_question_writes_nothing()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var (decide, asked) = Sessions.Recording(q => q.Kind != QuestionKind.CreateTag);
        var report = await session.Release.RunAsync(Plain(hub, "declined", "safetensors/fluxml_model.safetensors") with { Private = true }, decide, null, Run.Timeout(60));

        Assert.Equal(ReleaseOutcome.Declined, report.Outcome);
        Assert.False(asked[0].HighImpact); // a private repository is no high-impact change
        Assert.Equal(0, hub.Writes()); // the commit was accepted, the tag was not: nothing happens before every answer is in
    }

    [Fact]
    public async Task The_public_hub_is_said_first()
    {
        using var session = new ModelReleaseSession(new ModelReleaseSessionOptions
        {
            Hub = new HubConnection { Endpoint = "https://huggingface.co", RequireToken = false },
            ReadTokenFile = _ => null,
        });
        var dir = Directory.CreateTempSubdirectory("mr-public-").FullName;
        try
        {
            File.Copy(Fixtures.Path("safetensors/fluxml_model.safetensors"), Path.Combine(dir, "model.safetensors"));
            var progress = new List<ReleaseProgress>();
            var report = await session.Release.RunAsync(new ReleaseOptions { Paths = [dir], Repo = RepoRef.Parse("org/model"), Version = SemanticVersion.Parse("1.0.0"), NoCard = true },
                null, new Core.SyncProgress<ReleaseProgress>(progress.Add), Run.Timeout(60));

            Assert.True(report.IsPublicHub);
            Assert.Equal(ReleaseStage.Notice, progress[0].Stage);
            Assert.Equal((FindingSeverity.Warning, ReleaseCodes.PublicHub), (report.Findings[0].Severity, report.Findings[0].Code));
            Assert.Equal(ReleaseOutcome.Refused, report.Outcome); // no token here: nothing was sent to huggingface.co
            Assert.Equal(ReleaseCodes.NoToken, Assert.Single(report.Findings, f => f.Severity == FindingSeverity.Error).Code);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task A_trainer_output_folder_and_a_sharded_pytorch_set_release()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var trainer = ReleaseFolders.Trainer(Path.Combine(hub.Work, "trainer"));
        var report = await session.Release.RunAsync(new ReleaseOptions { Paths = [trainer], Repo = RepoRef.Parse("org/trainer"), Version = SemanticVersion.Parse("0.1.0"), NoCard = true }, null, null, Run.Timeout(60));
        Assert.True(report.Outcome == ReleaseOutcome.Released, string.Join("\n", report.Findings));
        Assert.Equal(1, report.Gate.CheckpointCount);
        Assert.Contains(report.Plan!.Files, f => f.PathInRepo == "training_args.bin");

        var sharded = Path.GetDirectoryName(ReleaseFolders.ShardedPyTorch(Path.Combine(hub.Work, "sharded")))!;
        var set = await session.Release.RunAsync(new ReleaseOptions { Paths = [sharded], Repo = RepoRef.Parse("org/sharded"), Version = SemanticVersion.Parse("1.0.0"), NoCard = true }, null, null, Run.Timeout(60));
        Assert.True(set.Outcome == ReleaseOutcome.Released, string.Join("\n", set.Findings));
        var validation = Assert.Single(set.Gate.Validations);
        Assert.Equal((CheckpointFormat.PyTorch, 15L, true), (validation.Format!.Value, set.Parameters[0].Total, validation.Deep));
        Assert.Equal(2, set.Gate.Files.Count(f => f.Role == FileRole.Shard));
    }

    [Fact]
    public async Task No_checkpoint_among_the_files_refuses_the_release()
    {
        await using var hub = await StartAsync();
        using var session = hub.Session();
        var dir = Directory.CreateDirectory(Path.Combine(hub.Work, "configs")).FullName;
        File.WriteAllText(Path.Combine(dir, "config.json"), "{}");
        var report = await session.Release.RunAsync(new ReleaseOptions { Paths = [dir], Repo = RepoRef.Parse("org/nothing"), Version = SemanticVersion.Parse("1.0.0"), NoCard = true }, null, null, Run.Timeout(60));
        Assert.Equal(ReleaseOutcome.Refused, report.Outcome);
        Assert.Equal(ReleaseCodes.NoCheckpoint, Assert.Single(report.Findings, f => f.Severity == FindingSeverity.Error).Code);
        Assert.Equal(GateCodes.NoCheckpoints, Assert.Single(report.Gate.Findings).Code);
        Assert.Equal(0, hub.Writes());
    }

    private static string Git(string folder, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(folder);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }
}
