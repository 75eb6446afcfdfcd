using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry;
using ModelRelease.Core.Registry.Documents;
using ModelRelease.Registry.Tests.Support;

namespace ModelRelease.Registry.Tests;

/// <summary>The store, the statuses and their gates, on both databases.</summary>
public sealed class LifecycleTests
{
    public static TheoryData<string> Databases => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_version_is_stored_with_its_files_and_registered_as_development(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        var status = await w.Registry.Versions.AddAsync(w.Add("base", "1.2.3"));

        Assert.NotNull(status);
        Assert.Equal(("base", "1.2.3", ModelStatus.Development, "pib-vg-base-diffusion-1.2.3-20230615"), (status.Component, status.Version, status.Status, status.ModelId));
        Assert.Equal(Path.Combine(w.Root, "models", "base", "v1.2.3"), status.Path);
        Assert.Equal(36, status.ParameterCount);
        Assert.Equal(["base-1.2.3.safetensors", "config.yaml", "metadata.json", "performance.json"], Directory.GetFiles(status.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var metadata = await ModelMetadata.ReadAsync(Path.Combine(status.Path, "metadata.json"), default);
        Assert.Equal(("pib-vg-base-diffusion-1.2.3-20230615", "diffusion", 36L, 2), (metadata.ModelId, metadata.Architecture, metadata.ParameterCount, metadata.RequiredApprovals));
        Assert.Equal(["alice", "bob", "carol"], metadata.Approvers);
        Assert.Equal(10.5, metadata.Performance["fid"]);
        Assert.Equal("2.1.0", metadata.Dependencies["torch"]);
        Assert.Equal(64, metadata.Files.Single().Sha256.Length);
        if (provider == "sqlite") Assert.True(File.Exists(Path.Combine(w.Root, "models", "registry", "model_registry.db")));
        var audit = await w.Registry.Audit.EntriesAsync(new AuditEntriesOptions { Location = w.Location });
        Assert.Equal(("register", "ci-agent", "base", "1.2.3"), (audit.Single().Action, audit.Single().Actor, audit.Single().Component, audit.Single().Version));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_version_moves_through_every_gate_and_the_previous_production_is_deprecated(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.ToProductionAsync("base", "1.0.0");
        var changes = await w.ToProductionAsync("base", "1.1.0");

        Assert.Equal(2, changes.Count);
        Assert.Equal(("1.0.0", ModelStatus.Production, ModelStatus.Deprecated, true, "registry"), (changes[0].Version, changes[0].From, changes[0].To, changes[0].Automatic, changes[0].Actor));
        Assert.Equal(("1.1.0", ModelStatus.Staging, ModelStatus.Production, false), (changes[1].Version, changes[1].From, changes[1].To, changes[1].Automatic));
        Assert.Equal(["alice", "bob"], changes[1].Approvers);
        Assert.StartsWith("approvals: 2 of 2", changes[1].Gate, StringComparison.Ordinal);
        var versions = await w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location, Component = "base" });
        Assert.Equal([ModelStatus.Deprecated, ModelStatus.Production], versions.Select(v => v.Status));
        var audit = await w.Registry.Audit.EntriesAsync(new AuditEntriesOptions { Location = w.Location, Version = "1.1.0", Component = "base" });
        Assert.Equal(["register", "status", "status", "approval", "approval", "status"], audit.Select(e => e.Action));
        Assert.Contains("tests: 12 passed, 0 failed", audit[1].Details["gate"], StringComparison.Ordinal);
        Assert.Contains("fid=10.5 (fid <= 12)", audit[2].Details["gate"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Every_gate_refuses_what_does_not_meet_it_and_writes_nothing(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.Registry.Versions.AddAsync(w.Add("base", "2.0.0", performance: w.Performance("bad.json", ("fid", 13.1, "lower"), ("clip_score", 0.31, "higher"))));
        var entries = (await w.Registry.Audit.EntriesAsync(new AuditEntriesOptions { Location = w.Location })).Count;

        var noTests = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "2.0.0", ModelStatus.Testing)));
        Assert.Equal((ModelRegistryErrors.GateNotMet, ModelRegistryCodes.TestResultsMissing), (noTests.ErrorId, noTests.Code));
        var failed = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "2.0.0", ModelStatus.Testing, tests: w.JUnit("failing.xml", 10, 2))));
        Assert.Equal(ModelRegistryCodes.TestsFailed, failed.Code);
        var skipped = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "2.0.0", ModelStatus.Production, approvers: ["alice", "bob"])));
        Assert.Equal((ModelRegistryErrors.MoveNotAllowed, ModelRegistryCodes.MoveNotAllowed), (skipped.ErrorId, skipped.Code));
        Assert.Contains("it allows: testing", skipped.Message, StringComparison.Ordinal);

        await w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "2.0.0", ModelStatus.Testing, tests: w.JUnit("ok.xml")));
        var threshold = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "2.0.0", ModelStatus.Staging)));
        Assert.Equal(ModelRegistryCodes.Threshold, threshold.Code);
        Assert.Contains("fid=13.1 (fid <= 12)", threshold.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("clip_score", threshold.Detail.Split("thresholds:")[1], StringComparison.Ordinal);

        var back = await w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "2.0.0", ModelStatus.Development, "fails its metrics"));
        Assert.Equal((ModelStatus.Testing, ModelStatus.Development), (back.Single().From, back.Single().To));
        var noReason = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "2.0.0", ModelStatus.Testing, "  ", tests: w.JUnit("ok2.xml"))));
        Assert.Equal((ModelRegistryErrors.InputInvalid, ModelRegistryCodes.ReasonMissing), (noReason.ErrorId, noReason.Code));
        var unknown = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("decoder", "1.0.0", ModelStatus.Testing)));
        Assert.Equal((ModelRegistryErrors.ComponentUnknown, ModelRegistryCodes.ComponentUnknown), (unknown.ErrorId, unknown.Code));
        // Four refusals, one backward move: the audit log grew by exactly the two moves made.
        Assert.Equal(entries + 2, (await w.Registry.Audit.EntriesAsync(new AuditEntriesOptions { Location = w.Location })).Count);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Approvals_come_from_the_named_approvers_and_an_emergency_needs_two(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.Registry.Versions.AddAsync(w.Add("base", "1.0.0"));
        await w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Testing, tests: w.JUnit("t.xml")));
        await w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Staging));

        var one = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Production, approvers: ["alice"])));
        Assert.Equal(ModelRegistryCodes.Approvals, one.Code);
        var stranger = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Production, approvers: ["alice", "mallory"])));
        Assert.Equal(ModelRegistryCodes.ApproverUnknown, stranger.Code);
        var lonely = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Production, approvers: ["alice"], emergency: true)));
        Assert.Equal(ModelRegistryCodes.EmergencyApprovers, lonely.Code);

        // An emergency skips the gate of an allowed move (here the test results of a new version) and says so.
        await w.Registry.Versions.AddAsync(w.Add("base", "1.0.1"));
        var hotfix = await w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.1", ModelStatus.Testing, "hotfix", approvers: ["alice", "carol"], emergency: true));
        Assert.True(hotfix.Single().Emergency);
        Assert.StartsWith("emergency: the test-results gate skipped", hotfix.Single().Gate, StringComparison.Ordinal);
        var listed = await w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location, Component = "base", Version = "1.0.1" });
        Assert.True(listed.Single().Emergency);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task The_database_allows_one_production_version_per_component_whatever_a_client_does(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.ToProductionAsync("residual", "1.0.0");
        await w.Registry.Versions.AddAsync(w.Add("residual", "1.1.0"));
        // A client that writes past the operations: the unique partial index refuses a second production row.
        await using var database = await ModelRelease.Core.Registry.Database.RegistryDatabase.OpenAsync(w.Location, create: false, default);
        var error = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            database.ExecuteAsync(null, "UPDATE model_versions SET status = 'production' WHERE component = 'residual' AND version = '1.1.0'", default));
        Assert.Matches("unique|UNIQUE|23505", error.Message + (error as Npgsql.PostgresException)?.SqlState);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Two_agents_promoting_at_once_end_with_exactly_one_production_version(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        foreach (var version in new[] { "3.0.0", "3.1.0" })
        {
            await w.Registry.Versions.AddAsync(w.Add("super-resolution", version));
            await w.Registry.Lifecycle.SetStatusAsync(w.Move("super-resolution", version, ModelStatus.Testing, tests: w.JUnit($"sr-{version}.xml")));
            await w.Registry.Lifecycle.SetStatusAsync(w.Move("super-resolution", version, ModelStatus.Staging));
        }
        for (var round = 0; round < 3; round++)
        {
            using var start = new Barrier(2);
            var agents = new[] { "3.0.0", "3.1.0" }.Select(version => Task.Run(async () =>
            {
                var agent = w.Agent();
                start.SignalAndWait();
                try
                {
                    return (IReadOnlyList<ModelStatusChange>?)await agent.Lifecycle.SetStatusAsync(w.Move("super-resolution", version, ModelStatus.Production, $"agent {version}", ["alice"]));
                }
                catch (ModelRegistryException ex) when (ex.ErrorId is ModelRegistryErrors.Conflict or ModelRegistryErrors.MoveNotAllowed)
                {
                    return null; // the other agent's move came first and this one no longer applies
                }
            })).ToArray();
            var results = await Task.WhenAll(agents);
            Assert.Contains(results, r => r is not null);
            var versions = await w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location, Component = "super-resolution" });
            Assert.Single(versions, v => v.Status == ModelStatus.Production);
            var verdict = await w.Registry.Audit.VerifyAsync(new VerifyAuditOptions { Location = w.Location });
            Assert.True(verdict.IsValid, string.Join("; ", verdict.Findings));
            // Set both back to staging for the next round (through the lifecycle's allowed moves is not possible: rewrite state).
            await using var database = await ModelRelease.Core.Registry.Database.RegistryDatabase.OpenAsync(w.Location, create: false, default);
            await database.ExecuteAsync(null, "UPDATE model_versions SET status = 'staging' WHERE component = 'super-resolution'", default);
        }
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task The_sweep_archives_after_the_grace_period_and_reports_what_waits(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.ToProductionAsync("base", "1.0.0");
        await w.ToProductionAsync("base", "1.1.0");
        await w.Registry.Versions.AddAsync(w.Add("residual", "0.9.0"));

        var early = await w.Registry.Lifecycle.SweepAsync(new SweepOptions { Location = w.Location });
        var waiting = early.Single(m => m.Version == "1.0.0");
        Assert.Equal((ModelStatus.Deprecated, ModelStatus.Archived, LifecycleOutcome.Waiting), (waiting.From, waiting.To, waiting.Outcome));
        Assert.Equal(LifecycleOutcome.Waiting, early.Single(m => m.Component == "residual").Outcome);
        var archive = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Archived)));
        Assert.Equal(ModelRegistryCodes.GracePeriod, archive.Code);

        w.Clock.Advance(TimeSpan.FromDays(8));
        var whatIf = await w.Registry.Lifecycle.SweepAsync(new SweepOptions { Location = w.Location }, (_, _) => ValueTask.FromResult(false));
        Assert.Equal(LifecycleOutcome.WouldApply, whatIf.Single(m => m.Version == "1.0.0").Outcome);
        Assert.Equal(ModelStatus.Deprecated, (await w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location, Component = "base", Version = "1.0.0" })).Single().Status);

        var swept = await w.Registry.Lifecycle.SweepAsync(new SweepOptions { Location = w.Location });
        Assert.Equal(LifecycleOutcome.Applied, swept.Single(m => m.Version == "1.0.0").Outcome);
        Assert.Equal(ModelStatus.Archived, (await w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location, Component = "base", Version = "1.0.0" })).Single().Status);
        var outOfArchive = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Development)));
        Assert.Equal(ModelRegistryCodes.MoveNotAllowed, outOfArchive.Code);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_rollback_restores_the_previous_production_version_with_an_incident_and_a_traffic_plan(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.ToProductionAsync("base", "1.0.0");
        await w.ToProductionAsync("base", "1.1.0");

        var rollback = await w.Registry.Rollback.RollbackAsync(new RollbackOptions { Location = w.Location, Component = "base", Reason = "artifacts in faces", What = "users report distorted faces", Actor = "oncall" });
        Assert.NotNull(rollback);
        Assert.Equal(("1.1.0", "1.0.0", "INC-20230615-base-1"), (rollback.CriticalVersion, rollback.RestoredVersion, rollback.Incident.Id));
        Assert.Equal([20, 40, 60, 80, 100], rollback.Traffic.Steps);
        Assert.Equal(20, rollback.Traffic.Share);
        var versions = await w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location, Component = "base" });
        Assert.Equal([(ModelStatus.Production, (int?)20), (ModelStatus.CriticalIssue, null)], versions.Select(v => (v.Status, v.TrafficShare)));

        var next = await w.Registry.Rollback.SetTrafficAsync(new SetTrafficOptions { Location = w.Location, Component = "base" });
        Assert.Equal(40, next!.Share);
        var all = await w.Registry.Rollback.SetTrafficAsync(new SetTrafficOptions { Location = w.Location, Component = "base", Share = 100 });
        Assert.True(all!.IsComplete);
        var beyond = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Rollback.SetTrafficAsync(new SetTrafficOptions { Location = w.Location, Component = "base" }));
        Assert.Equal(ModelRegistryCodes.Traffic, beyond.Code);
        var again = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Rollback.RollbackAsync(new RollbackOptions { Location = w.Location, Component = "base", Reason = "again" }));
        Assert.Equal((ModelRegistryErrors.RollbackImpossible, ModelRegistryCodes.NoPreviousProduction), (again.ErrorId, again.Code));
        var actions = (await w.Registry.Audit.EntriesAsync(new AuditEntriesOptions { Location = w.Location })).Select(e => e.Action).ToList();
        Assert.Equal(["status", "status", "rollback", "traffic", "traffic"], actions.TakeLast(5));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Parameters_are_appended_to_their_file_and_answered_as_of_a_day(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        RegisterParameterOptions Set(string id, DateTime day, double lambda) => new()
        {
            Location = w.Location,
            Kind = "noise",
            ParameterId = id,
            Values = new Dictionary<string, double> { ["base_noise_lambda"] = lambda, ["residual_noise_lambda"] = lambda / 2 },
            EffectiveDate = day,
            ApprovedBy = "alice",
            Metrics = new Dictionary<string, double> { ["fid"] = 11.2 },
            Scenarios = ["portraits", "landscapes"],
            Notes = "tuned on the June eval",
        };
        await w.Registry.Parameters.RegisterAsync(Set("noise-2023-06-01", new DateTime(2023, 6, 1), 0.12));
        var file = Path.Combine(w.Root, "config", "parameters", "noise_parameters.json");
        var first = await File.ReadAllTextAsync(file);
        await w.Registry.Parameters.RegisterAsync(Set("noise-2023-06-18", new DateTime(2023, 6, 18), 0.10));

        var text = await File.ReadAllTextAsync(file);
        Assert.StartsWith(first[..first.LastIndexOf(']')].TrimEnd(), text, StringComparison.Ordinal); // appended, never rewritten
        var asOf = await w.Registry.Parameters.GetAsync(new GetParameterOptions { Location = w.Location, Kind = "noise", AsOf = new DateTime(2023, 6, 20) });
        Assert.Equal(("noise-2023-06-18", 0.10), (asOf.Single().ParameterId, asOf.Single().Values["base_noise_lambda"]));
        var before = await w.Registry.Parameters.GetAsync(new GetParameterOptions { Location = w.Location, Kind = "noise", AsOf = new DateTime(2023, 6, 17) });
        Assert.Equal("noise-2023-06-01", before.Single().ParameterId);
        var none = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Parameters.GetAsync(new GetParameterOptions { Location = w.Location, Kind = "noise", AsOf = new DateTime(2023, 5, 1) }));
        Assert.Equal(ModelRegistryCodes.NotFound, none.Code);
        var twice = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Parameters.RegisterAsync(Set("noise-2023-06-01", new DateTime(2023, 6, 1), 0.5)));
        Assert.Equal(ModelRegistryCodes.ParameterExists, twice.Code);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Bad_input_is_refused_before_anything_is_written(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        var nan = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Versions.AddAsync(w.Add("base", "1.0.0", checkpoint: w.Checkpoint("nan.safetensors", nan: true))));
        Assert.Equal((ModelRegistryErrors.CheckpointRefused, ModelRegistryCodes.Checkpoint), (nan.ErrorId, nan.Code));
        Assert.Contains("TENSOR_NAN", nan.Message, StringComparison.Ordinal);
        var badPerformance = w.In("bad-perf.json");
        await File.WriteAllTextAsync(badPerformance, "{ \"schemaVersion\": 1, \"metrics\": { \"fid\": { \"value\": \"low\", \"direction\": \"sideways\" } } }");
        var schema = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Versions.AddAsync(w.Add("base", "1.0.0", performance: badPerformance)));
        Assert.Equal((ModelRegistryErrors.FileInvalid, ModelRegistryCodes.Schema), (schema.ErrorId, schema.Code));
        Assert.Equal(["$.metrics.fid.direction", "$.metrics.fid.value"], schema.Findings.Select(f => f.JsonPath).Order(StringComparer.Ordinal));
        var component = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Versions.AddAsync(w.Add("decoder", "1.0.0")));
        Assert.Equal((ModelRegistryErrors.ComponentUnknown, ModelRegistryCodes.ComponentNotInPolicy), (component.ErrorId, component.Code));
        var version = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Versions.AddAsync(w.Add("base", "one")));
        Assert.Equal(ModelRegistryCodes.VersionText, version.Code);

        Assert.False(Directory.Exists(Path.Combine(w.Root, "models", "base")));
        if (provider == "sqlite") Assert.False(File.Exists(Path.Combine(w.Root, "models", "registry", "model_registry.db")));

        await w.Registry.Versions.AddAsync(w.Add("base", "1.0.0"));
        var twice = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Versions.AddAsync(w.Add("base", "1.0.0", checkpoint: w.Checkpoint("other.safetensors", seed: 9))));
        Assert.Equal((ModelRegistryErrors.VersionExists, ModelRegistryCodes.VersionExists), (twice.ErrorId, twice.Code));
        Assert.Equal(["base-1.0.0.safetensors"], Directory.GetFiles(Path.Combine(w.Root, "models", "base", "v1.0.0"), "*.safetensors").Select(Path.GetFileName));
        Assert.Empty(Directory.GetDirectories(Path.Combine(w.Root, "models", "base"), ".*"));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_whatif_decider_writes_nothing(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        var no = (ModelRelease.Core.Operations.OperationDecider)((_, _) => ValueTask.FromResult(false));
        await w.Registry.Versions.AddAsync(w.Add("base", "1.0.0"));
        Assert.Null(await w.Registry.Versions.AddAsync(w.Add("base", "1.1.0"), no));
        Assert.Empty(await w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Testing, tests: w.JUnit("t.xml")), no));
        var versions = await w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location });
        Assert.Equal([("1.0.0", ModelStatus.Development)], versions.Select(v => (v.Version, v.Status)));
        Assert.False(Directory.Exists(Path.Combine(w.Root, "models", "base", "v1.1.0")));
    }

    [Fact]
    public async Task A_policy_named_explicitly_must_exist_and_only_the_default_may_be_absent()
    {
        await using var w = await Workspace.CreateAsync("sqlite");
        var missing = w.Location with { Policy = Path.Combine(w.Root, "config", "missing.json") };

        // Nothing registered yet: the refusal comes before the database or the version's folder is made.
        var add = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Versions.AddAsync(w.Add("base", "1.0.0") with { Location = missing }));
        Assert.Equal((ModelRegistryErrors.FileNotFound, ModelRegistryCodes.PolicyNotFound, ErrorKind.NotFound, (object?)missing.PolicyFile), (add.ErrorId, add.Code, add.Kind, add.Target));
        Assert.False(File.Exists(w.Location.DatabaseFile));
        Assert.False(Directory.Exists(Path.Combine(w.Root, "models", "base")));

        // A move and a read refuse it too, and the move writes nothing.
        await w.Registry.Versions.AddAsync(w.Add("base", "1.0.0"));
        var entries = (await w.Registry.Audit.EntriesAsync(new AuditEntriesOptions { Location = w.Location })).Count;
        var move = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Testing, tests: w.JUnit("ok.xml")) with { Location = missing }));
        Assert.Equal(ModelRegistryCodes.PolicyNotFound, move.Code);
        var list = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = missing }));
        Assert.Equal(ModelRegistryCodes.PolicyNotFound, list.Code);
        Assert.Equal(entries, (await w.Registry.Audit.EntriesAsync(new AuditEntriesOptions { Location = w.Location })).Count);
        Assert.Equal(ModelStatus.Development, (await w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location })).Single().Status);

        // Without the default file (and no -Policy) the store works without a policy.
        File.Delete(w.Location.PolicyFile);
        var added = await w.Registry.Versions.AddAsync(w.Add("base", "1.1.0"));
        Assert.Equal(ModelStatus.Development, added!.Status);
    }
}
