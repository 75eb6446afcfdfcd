using System.Text.Json.Nodes;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry;
using ModelRelease.Core.Registry.Database;
using ModelRelease.Registry.Tests.Support;

namespace ModelRelease.Registry.Tests;

/// <summary>The audit log, its mirror, the quarterly report and the registry database's own refusals, on both databases.</summary>
public sealed class AuditTests
{
    public static TheoryData<string> Databases => new() { "sqlite", "postgres" };

    private static async Task DropAppendOnlyTriggersAsync(RegistryDatabase database)
    {
        if (database.Provider == RegistryProvider.Sqlite)
        {
            await database.ExecuteAsync(null, "DROP TRIGGER audit_log_no_update", default);
            await database.ExecuteAsync(null, "DROP TRIGGER audit_log_no_delete", default);
        }
        else
        {
            await database.ExecuteAsync(null, "DROP TRIGGER audit_log_no_update ON audit_log", default);
        }
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task The_log_is_append_only_and_an_edit_or_a_deletion_breaks_the_chain(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.ToProductionAsync("base", "1.0.0");
        var verdict = await w.Registry.Audit.VerifyAsync(new VerifyAuditOptions { Location = w.Location });
        Assert.True(verdict.IsValid);
        Assert.Equal(6, verdict.EntryCount);
        Assert.Equal(6, File.ReadAllLines(w.Location.AuditMirror).Length);

        await using (var database = await RegistryDatabase.OpenAsync(w.Location, create: false, default))
        {
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => database.ExecuteAsync(null, "UPDATE audit_log SET actor = 'someone else' WHERE sequence = 2", default));
            await DropAppendOnlyTriggersAsync(database);
            await database.ExecuteAsync(null, "UPDATE audit_log SET reason = 'nothing to see' WHERE sequence = 2", default);
        }
        var edited = await w.Registry.Audit.VerifyAsync(new VerifyAuditOptions { Location = w.Location });
        Assert.False(edited.IsValid);
        Assert.Contains(edited.Findings, f => (f.Code, f.Source, f.Sequence) == (ModelRegistryCodes.AuditHash, "database", 2));
        Assert.Contains(edited.Findings, f => (f.Code, f.Source) == (ModelRegistryCodes.MirrorMismatch, "mirror"));

        await using (var database = await RegistryDatabase.OpenAsync(w.Location, create: false, default))
        {
            await database.ExecuteAsync(null, "DELETE FROM audit_log WHERE sequence = 6", default);
        }
        var deleted = await w.Registry.Audit.VerifyAsync(new VerifyAuditOptions { Location = w.Location });
        Assert.Contains(deleted.Findings, f => f.Code == ModelRegistryCodes.AuditHead);

        var export = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Audit.ExportAsync(new ExportAuditOptions { Location = w.Location, Quarter = "2023Q2" }));
        Assert.Equal((ModelRegistryErrors.AuditBroken, ModelRegistryCodes.ChainBroken), (export.ErrorId, export.Code));
        Assert.False(Directory.Exists(Path.Combine(w.Root, "docs")));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task An_edit_of_the_mirror_file_is_found_and_kept_as_evidence(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.ToProductionAsync("residual", "1.0.0");
        var lines = File.ReadAllLines(w.Location.AuditMirror);
        lines[1] = lines[1].Replace("\"release-manager\"", "\"intern\"", StringComparison.Ordinal);
        File.WriteAllLines(w.Location.AuditMirror, lines);

        var verdict = await w.Registry.Audit.VerifyAsync(new VerifyAuditOptions { Location = w.Location });
        Assert.Contains(verdict.Findings, f => (f.Code, f.Sequence) == (ModelRegistryCodes.MirrorMismatch, 2));
        Assert.Contains(verdict.Findings, f => (f.Code, f.Sequence) == (ModelRegistryCodes.AuditHash, 2));
        Assert.Equal(lines, File.ReadAllLines(w.Location.AuditMirror));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_crash_between_the_database_and_the_mirror_is_repaired_on_the_next_run(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.Registry.Versions.AddAsync(w.Add("base", "1.0.0"));
        var crashing = w.Agent(new RegistryHooks { AfterCommit = () => throw new IOException("the machine lost power") });
        await Assert.ThrowsAsync<IOException>(() => crashing.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Testing, tests: w.JUnit("t.xml"))));
        Assert.Single(File.ReadAllLines(w.Location.AuditMirror)); // the move is committed, its mirror line is not
        Assert.Equal(ModelStatus.Testing, (await w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location })).Single().Status);
        await Assert.ThrowsAsync<IOException>(() => crashing.Parameters.RegisterAsync(new RegisterParameterOptions
        {
            Location = w.Location, Kind = "noise", ParameterId = "n1", Values = new Dictionary<string, double> { ["base_noise_lambda"] = 0.1 }, EffectiveDate = new DateTime(2023, 6, 1), ApprovedBy = "alice",
        }));
        Assert.Equal(2, File.ReadAllLines(w.Location.AuditMirror).Length); // the first crash was repaired before the second change
        Assert.False(File.Exists(w.Location.ParameterFile("noise")));

        // The next change of any agent brings both mirrors up to the database first.
        await w.Registry.Lifecycle.SetStatusAsync(w.Move("base", "1.0.0", ModelStatus.Development, "back"));
        Assert.Equal(4, File.ReadAllLines(w.Location.AuditMirror).Length);
        Assert.Equal("n1", JsonNode.Parse(File.ReadAllText(w.Location.ParameterFile("noise")))!["history"]![0]!["parameterId"]!.GetValue<string>());
        var verdict = await w.Registry.Audit.VerifyAsync(new VerifyAuditOptions { Location = w.Location });
        Assert.True(verdict.IsValid, string.Join("; ", verdict.Findings));

        // A mirror cut short (a torn last line) is completed by Test-ModelAudit, which says how many entries it added.
        var text = File.ReadAllText(w.Location.AuditMirror);
        File.WriteAllText(w.Location.AuditMirror, text[..(text.Length - 40)]);
        var repaired = await w.Registry.Audit.VerifyAsync(new VerifyAuditOptions { Location = w.Location });
        Assert.True(repaired.IsValid);
        Assert.Equal(1, repaired.MirrorRepaired);
        Assert.Equal(text, File.ReadAllText(w.Location.AuditMirror));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_database_at_a_newer_schema_version_is_refused(string provider)
    {
        await using var w = await Workspace.CreateAsync(provider);
        await w.Registry.Versions.AddAsync(w.Add("base", "1.0.0"));
        await using (var database = await RegistryDatabase.OpenAsync(w.Location, create: false, default))
        {
            await database.ExecuteAsync(null, "UPDATE registry_meta SET value = '7' WHERE key = 'schema_version'", default);
        }
        var error = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Versions.ListAsync(new ListModelVersionsOptions { Location = w.Location }));
        Assert.Equal((ModelRegistryErrors.SchemaTooNew, ModelRegistryCodes.SchemaTooNew, ErrorKind.NotSupported), (error.ErrorId, error.Code, error.Kind));
        Assert.Contains("schema version 7", error.Message, StringComparison.Ordinal);
        var write = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Versions.AddAsync(w.Add("base", "1.1.0")));
        Assert.Equal(ModelRegistryErrors.SchemaTooNew, write.ErrorId);
        Assert.False(Directory.Exists(Path.Combine(w.Root, "models", "base", "v1.1.0")));
    }

    [Fact]
    public async Task A_connection_that_fails_never_shows_its_password()
    {
        const string password = "s3cret-Pa55word";
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(Postgres.Server) { Password = password, Username = "nobody_" + Guid.NewGuid().ToString("N")[..6], Timeout = 5 };
        foreach (var registry in new[] { builder.ConnectionString, $"postgresql://{builder.Username}:{password}@{builder.Host}:{builder.Port}/postgres", $"Host=127.0.0.1;Port=1;Username=x;Password={password};Timeout=3" })
        {
            var location = new ModelRegistryLocation { Root = Path.GetTempPath(), Registry = registry };
            Assert.Equal(RegistryProvider.PostgreSql, location.Provider);
            Assert.DoesNotContain(password, location.Display, StringComparison.Ordinal);
            var error = await Assert.ThrowsAsync<ModelRegistryException>(() => RegistryDatabase.OpenAsync(location, create: false, default));
            Assert.Equal((ModelRegistryErrors.ConnectionFailed, ModelRegistryCodes.Connection), (error.ErrorId, error.Code));
            Assert.DoesNotContain(password, error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(password, error.Target?.ToString() ?? "", StringComparison.Ordinal);
            Assert.Null(error.InnerException);
        }
    }

    [Fact]
    public async Task A_quarterly_audit_lists_deployments_and_flags_skipped_gates_and_hand_edited_parameters()
    {
        await using var w = await Workspace.CreateAsync("sqlite");
        w.Clock.Now = new DateTimeOffset(2023, 3, 20, 9, 0, 0, TimeSpan.Zero);
        await w.ToProductionAsync("base", "1.0.0", w.Performance("p100.json", ("fid", 11.8, "lower"), ("clip_score", 0.31, "higher")));
        w.Clock.Now = new DateTimeOffset(2023, 6, 15, 9, 0, 0, TimeSpan.Zero);
        await w.ToProductionAsync("base", "1.1.0", w.Performance("p110.json", ("fid", 10.9, "lower"), ("clip_score", 0.30, "higher")));
        await w.Registry.Versions.AddAsync(w.Add("residual", "2.0.0"));
        await w.Registry.Lifecycle.SetStatusAsync(w.Move("residual", "2.0.0", ModelStatus.Testing, "hotfix", ["alice", "bob"], emergency: true));
        await w.Registry.Parameters.RegisterAsync(new RegisterParameterOptions
        {
            Location = w.Location, Kind = "noise", ParameterId = "n-0615", Values = new Dictionary<string, double> { ["base_noise_lambda"] = 0.12 }, EffectiveDate = new DateTime(2023, 6, 15), ApprovedBy = "alice",
        });
        var file = w.Location.ParameterFile("noise");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("0.12", "0.2", StringComparison.Ordinal));
        w.Clock.Now = new DateTimeOffset(2023, 7, 2, 9, 0, 0, TimeSpan.Zero);

        var report = await w.Registry.Audit.ExportAsync(new ExportAuditOptions { Location = w.Location, Quarter = "2023Q2" });
        Assert.NotNull(report);
        Assert.Equal(("2023Q2", 1, 1, true, false), (report.Quarter, report.Deployments, report.ParameterChanges, report.AuditChainValid, report.IsCompliant));
        Assert.Equal(Path.Combine(w.Root, "docs", "audits", "2023Q2"), report.Folder);
        Assert.Equal(["compliance_checklist.md", "model_audit_report.md", "parameter_changes.json"], Directory.GetFiles(report.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([ModelRegistryCodes.GateSkipped, ModelRegistryCodes.ParameterFileChanged], report.Flags.Select(f => f.Code));
        Assert.Equal(("residual", "2.0.0"), (report.Flags[0].Component, report.Flags[0].Version));
        Assert.Contains("base_noise_lambda", report.Flags[1].Message, StringComparison.Ordinal);

        var markdown = await File.ReadAllTextAsync(Path.Combine(report.Folder, "model_audit_report.md"));
        Assert.Contains("| base | 1.0.0 | 1.1.0 |", markdown, StringComparison.Ordinal); // in production at the start and at the end
        Assert.Contains("| fid | lower | 11.8 | 10.9 | -0.9 | Better |", markdown, StringComparison.Ordinal);
        Assert.Contains("| clip_score | higher | 0.31 | 0.3 | -0.01 | Worse |", markdown, StringComparison.Ordinal);
        var checklist = await File.ReadAllTextAsync(Path.Combine(report.Folder, "compliance_checklist.md"));
        Assert.Contains("- [ ] 1 status change(s) skipped their gate (emergency)", checklist, StringComparison.Ordinal);
        Assert.Contains("- [x] The audit log's hash chain is intact", checklist, StringComparison.Ordinal);
        var changes = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(report.Folder, "parameter_changes.json")))!;
        Assert.Equal(0.12, changes["changes"]![0]!["entry"]!["values"]!["base_noise_lambda"]!.GetValue<double>());

        var quarter = await Assert.ThrowsAsync<ModelRegistryException>(() => w.Registry.Audit.ExportAsync(new ExportAuditOptions { Location = w.Location, Quarter = "2023Q5" }));
        Assert.Equal(ModelRegistryCodes.Quarter, quarter.Code);
    }

    [Fact]
    public async Task Performance_is_compared_per_metric_with_its_direction()
    {
        await using var w = await Workspace.CreateAsync("sqlite");
        await w.Registry.Versions.AddAsync(w.Add("base", "1.0.0", performance: w.Performance("a.json", ("fid", 12.0, "lower"), ("clip_score", 0.30, "higher"), ("latency_ms", 80, "lower"))));
        await w.Registry.Versions.AddAsync(w.Add("base", "1.1.0", performance: w.Performance("b.json", ("fid", 11.0, "lower"), ("clip_score", 0.29, "higher"), ("aesthetic", 6.1, "higher"))));
        var comparison = await w.Registry.Audit.CompareAsync(new ComparePerformanceOptions { Location = w.Location, Component = "base", Version = "1.1.0" });
        Assert.Equal("1.0.0", comparison.PreviousVersion);
        Assert.Equal([("fid", MetricVerdict.Better), ("clip_score", MetricVerdict.Worse), ("aesthetic", MetricVerdict.New), ("latency_ms", MetricVerdict.Missing)], comparison.Metrics.Select(m => (m.Name, m.Verdict)));
        Assert.Equal(-1.0, comparison.Metrics[0].Delta);
        Assert.Equal((1, 2), (comparison.Improved, comparison.Regressed));
        var first = await w.Registry.Audit.CompareAsync(new ComparePerformanceOptions { Location = w.Location, Component = "base", Version = "1.0.0" });
        Assert.Null(first.PreviousVersion);
        Assert.All(first.Metrics, m => Assert.Equal(MetricVerdict.New, m.Verdict));
    }
}
