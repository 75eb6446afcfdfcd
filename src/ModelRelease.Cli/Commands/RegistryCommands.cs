using System.CommandLine;
using System.Globalization;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry;
using ModelRelease.Core.Registry.Commits;
using ModelRelease.Core.Registry.Reports;

namespace ModelRelease.Cli.Commands;

/// <summary>
/// <c>modelrelease registry …</c>: the governed lifecycle for bash build agents, the same operations as the registry
/// cmdlets (New-ModelVersion = add, Get-ModelVersion = list, Set-ModelStatus = promote|demote, Invoke-ModelLifecycle =
/// sweep, Restore-ModelVersion = rollback, Set-ModelTraffic = traffic, Register/Get-ModelParameter = param set|get,
/// Test-ModelAudit = verify, Get-ModelAuditEntry = log, Export-ModelAudit = audit, Compare-ModelPerformance = compare,
/// Test-CommitMessage = check-commit). Exit 0 on success, 1 on a refused change or a failed check, 2 on bad usage.
/// </summary>
internal static class RegistryCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("registry", "The governed model store: register versions, move them through the lifecycle's gates, roll back, track parameters, audit.");
        command.Subcommands.Add(Add(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Move(console, "promote", "Move a version forward (development -> testing -> staging -> production, deprecated -> archived), through the move's gate."));
        command.Subcommands.Add(Move(console, "demote", "Move a version back (testing -> development: fails its metrics; staging -> testing: issues found)."));
        command.Subcommands.Add(Sweep(console));
        command.Subcommands.Add(Rollback(console));
        command.Subcommands.Add(Traffic(console));
        var param = new Command("param", "Tracked parameter sets (noise lambdas, …): record one, or read what was in force.");
        param.Subcommands.Add(ParamSet(console));
        param.Subcommands.Add(ParamGet(console));
        command.Subcommands.Add(param);
        command.Subcommands.Add(Verify(console));
        command.Subcommands.Add(Log(console));
        command.Subcommands.Add(Audit(console));
        command.Subcommands.Add(Compare(console));
        command.Subcommands.Add(CheckCommit(console));
        return command;
    }

    private static Option<string> Component(bool required = true) => new("--component", "-c") { Description = "The component (base, residual, super-resolution, fact-checking).", Required = required };

    private static Option<string> Version(bool required = true) => new Option<string>("--version", "-v") { Description = "The version (X.Y.Z).", Required = required }.ReadsVersion();

    private static async Task<int> Write<T>(CliConsole console, bool json, IReadOnlyList<T> items, Func<TextTable> table, Action<TextTable, T> row)
    {
        if (json)
        {
            await console.Out.WriteLineAsync(Json.Serialize(items)).ConfigureAwait(false);
            return CliApp.Ok;
        }
        var t = table();
        foreach (var item in items) row(t, item);
        if (t.Count > 0) await console.Out.WriteAsync(t.ToString()).ConfigureAwait(false);
        return CliApp.Ok;
    }

    private static string Status(ModelStatus status) => ModelStatusText.Format(status);

    /// <summary>
    /// Values read from the command line (name=value pairs, numbers, a quarter): one the core's reader refuses is bad usage
    /// (exit 2), as a status or a date that does not parse is.
    /// </summary>
    private static T FromArguments<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ModelRegistryException ex) when (ex.Code is ModelRegistryCodes.ParameterValues or ModelRegistryCodes.Quarter)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static ModelStatus ParseStatus(string text) =>
        ModelStatusText.TryParse(text, out var s) ? s : throw new UsageException($"'{text}' is not a status: development, testing, staging, production, deprecated, archived, critical-issue.");

    private static Task<int> Versions(CliConsole console, bool json, IReadOnlyList<ModelVersionStatus> versions) =>
        Write(console, json, versions, () => new TextTable("Component", "Version", "Status", "Emergency", "Traffic", "Parameters", "Changed", "ModelId"),
            (t, v) => t.Add(v.Component, v.Version, Status(v.Status), v.Emergency ? "yes" : "", v.TrafficShare is { } s ? s + "%" : "", ParameterCountText.Format(v.ParameterCount), v.StatusChangedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), v.ModelId));

    private static Task<int> Changes(CliConsole console, bool json, IReadOnlyList<ModelStatusChange> changes) =>
        Write(console, json, changes, () => new TextTable("Component", "Version", "From", "To", "Actor", "Emergency", "Entry", "Reason"),
            (t, c) => t.Add(c.Component, c.Version, Status(c.From), Status(c.To), c.Actor + (c.Automatic ? " (automatic)" : ""), c.Emergency ? "yes" : "", c.Sequence, c.Reason));

    private static Command Add(CliConsole console)
    {
        var o = new RegistryOptions();
        var component = Component();
        var version = Version();
        var architecture = new Option<string>("--architecture", "-a") { Description = "The architecture, one lower-case word (diffusion, esrgan).", Required = true };
        var weights = new Option<string[]>("--weights", "-w") { Description = "The weights: checkpoint files or folders (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = true };
        var performance = new Option<string>("--performance", "-p") { Description = "The performance file to store as performance.json.", Required = true };
        var description = new Option<string>("--description", "-d") { Description = "What the version is.", Required = true };
        var config = new Option<string?>("--config") { Description = "A YAML config to store as config.yaml." };
        var author = new Option<string[]>("--author") { Description = "An author (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var training = new Option<string[]>("--training") { Description = "A training fact, name=value (repeat).", AllowMultipleArgumentsPerToken = true };
        var dependency = new Option<string[]>("--dependency") { Description = "A dependency, package=version (repeat).", AllowMultipleArgumentsPerToken = true };
        var changelog = new Option<string?>("--changelog") { Description = "What changed since the previous version." };
        var prefix = new Option<string?>("--prefix") { Description = "The model ids' prefix (default: the policy's, else model)." };
        var command = new Command("add", "Register a version (New-ModelVersion): check its weights through the gate, write models/{component}/v{X.Y.Z}/, record it as development.")
        {
            component, version, architecture, weights, performance, description, config, author, training, dependency, changelog, prefix,
        };
        o.AddTo(command, writes: true);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var status = await session.Models.Versions.AddAsync(new AddModelVersionOptions
            {
                Location = o.Location(parse),
                Component = parse.GetValue(component)!,
                Version = parse.GetValue(version)!,
                Architecture = parse.GetValue(architecture)!,
                Weights = CommonOptions.FullPaths(parse.GetValue(weights) ?? []),
                Performance = Path.GetFullPath(parse.GetValue(performance)!),
                Description = parse.GetValue(description)!,
                Config = parse.GetValue(config) is { } c ? Path.GetFullPath(c) : null,
                Authors = parse.GetValue(author) ?? [],
                Training = FromArguments(() => RegistryValues.Facts(RegistryValues.Pairs(parse.GetValue(training) ?? [], "--training"))),
                Dependencies = FromArguments(() => RegistryValues.Texts(RegistryValues.Pairs(parse.GetValue(dependency) ?? [], "--dependency"))),
                Changelog = parse.GetValue(changelog) ?? "",
                Prefix = parse.GetValue(prefix),
                Actor = parse.GetValue(o.Actor),
            }, o.Decider(parse, console), null, ct).ConfigureAwait(false);
            return status is null ? CliApp.Ok : await Versions(console, parse.GetValue(o.Json), [status]).ConfigureAwait(false);
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var o = new RegistryOptions();
        var component = Component(required: false);
        var version = Version(required: false);
        var status = new Option<string?>("--status", "-s") { Description = "Only versions of this status." };
        var command = new Command("list", "The versions and their statuses (Get-ModelVersion).") { component, version, status };
        o.AddTo(command, writes: false);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var versions = await session.Models.Versions.ListAsync(new ListModelVersionsOptions
            {
                Location = o.Location(parse),
                Component = parse.GetValue(component),
                Version = parse.GetValue(version),
                Status = parse.GetValue(status) is { } s ? ParseStatus(s) : null,
            }, ct).ConfigureAwait(false);
            return await Versions(console, parse.GetValue(o.Json), versions).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Move(CliConsole console, string name, string description)
    {
        var o = new RegistryOptions();
        var component = Component();
        var version = Version();
        var to = new Option<string>("--to", "-t") { Description = "The status to move to.", Required = true };
        var reason = new Option<string>("--reason", "-r") { Description = "Why (required; recorded in the audit log).", Required = true };
        var approver = new Option<string[]>("--approver") { Description = "A named approver (repeat; production needs as many as the policy asks, an emergency two).", AllowMultipleArgumentsPerToken = true };
        var emergency = new Option<bool>("--emergency") { Description = "Move without the gate on the word of at least two approvers (flagged in the audit)." };
        var tests = new Option<string?>("--test-results") { Description = "The test-results file of development -> testing (TRX, JUnit or NUnit XML)." };
        var command = new Command(name, description + " (Set-ModelStatus)") { component, version, to, reason, approver, emergency, tests };
        o.AddTo(command, writes: true);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var changes = await session.Models.Lifecycle.SetStatusAsync(new SetModelStatusOptions
            {
                Location = o.Location(parse),
                Component = parse.GetValue(component)!,
                Version = parse.GetValue(version)!,
                Status = ParseStatus(parse.GetValue(to)!),
                Reason = parse.GetValue(reason)!,
                Approvers = parse.GetValue(approver) ?? [],
                Emergency = parse.GetValue(emergency),
                TestResults = parse.GetValue(tests) is { } t ? Path.GetFullPath(t) : null,
                Actor = parse.GetValue(o.Actor),
            }, o.Decider(parse, console), ct).ConfigureAwait(false);
            return await Changes(console, parse.GetValue(o.Json), changes).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Sweep(CliConsole console)
    {
        var o = new RegistryOptions();
        var component = Component(required: false);
        var command = new Command("sweep", "For scheduled runs (Invoke-ModelLifecycle): archive deprecated versions past their grace period, report what waits on a gate; --what-if lists the moves.") { component };
        o.AddTo(command, writes: true);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var moves = await session.Models.Lifecycle.SweepAsync(new SweepOptions { Location = o.Location(parse), Component = parse.GetValue(component), Actor = parse.GetValue(o.Actor) }, o.Decider(parse, console), ct).ConfigureAwait(false);
            return await Write(console, parse.GetValue(o.Json), moves, () => new TextTable("Component", "Version", "From", "To", "Outcome", "Reason"),
                (t, m) => t.Add(m.Component, m.Version, Status(m.From), Status(m.To), m.Outcome, m.Reason)).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Rollback(CliConsole console)
    {
        var o = new RegistryOptions();
        var component = Component();
        var reason = new Option<string>("--reason", "-r") { Description = "Why the production version is rolled back (required).", Required = true };
        var incident = new Option<string?>("--incident") { Description = "What happened, for the incident log (default: the reason)." };
        var version = Version(required: false);
        version.Description = "The version to bring back (default: the previous production version).";
        var step = new Option<int?>("--traffic-step") { Description = "The traffic plan's step in percent (default: the policy's, else 20)." };
        var command = new Command("rollback", "Roll back (Restore-ModelVersion): production -> critical-issue, the previous production version back, an incident and a traffic plan.") { component, reason, incident, version, step };
        o.AddTo(command, writes: true);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var rollback = await session.Models.Rollback.RollbackAsync(new RollbackOptions
            {
                Location = o.Location(parse),
                Component = parse.GetValue(component)!,
                Reason = parse.GetValue(reason)!,
                What = parse.GetValue(incident),
                Version = parse.GetValue(version),
                TrafficStep = parse.GetValue(step),
                Actor = parse.GetValue(o.Actor),
            }, o.Decider(parse, console), ct).ConfigureAwait(false);
            if (rollback is null) return CliApp.Ok;
            return await Write(console, parse.GetValue(o.Json), [rollback], () => new TextTable("Component", "Critical", "Restored", "Incident", "Traffic", "Steps"),
                (t, r) => t.Add(r.Component, r.CriticalVersion, r.RestoredVersion, r.Incident.Id, r.Traffic.Share + "%", string.Join(",", r.Traffic.Steps))).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Traffic(CliConsole console)
    {
        var o = new RegistryOptions();
        var component = Component();
        var share = new Option<int?>("--share") { Description = "The share to move to (one of the plan's steps; default: the next step)." };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why, for the audit log." };
        var command = new Command("traffic", "Advance a rollback's traffic plan (Set-ModelTraffic).") { component, share, reason };
        o.AddTo(command, writes: true);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var plan = await session.Models.Rollback.SetTrafficAsync(new SetTrafficOptions { Location = o.Location(parse), Component = parse.GetValue(component)!, Share = parse.GetValue(share), Reason = parse.GetValue(reason), Actor = parse.GetValue(o.Actor) }, o.Decider(parse, console), ct).ConfigureAwait(false);
            if (plan is null) return CliApp.Ok;
            return await Write(console, parse.GetValue(o.Json), [plan], () => new TextTable("Component", "Version", "Share", "Step", "Steps"),
                (t, p) => t.Add(p.Component, p.Version, p.Share + "%", $"{p.Step + 1}/{p.Steps.Count}", string.Join(",", p.Steps))).ConfigureAwait(false);
        });
        return command;
    }

    private static Task<int> Sets(CliConsole console, bool json, IReadOnlyList<ModelParameterSet> sets) =>
        Write(console, json, sets, () => new TextTable("Kind", "ParameterId", "Effective", "ApprovedBy", "Values", "Metrics"),
            (t, s) => t.Add(s.Kind, s.ParameterId, s.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.ApprovedBy,
                string.Join(", ", s.Values.Select(v => $"{v.Key}={v.Value.ToString(CultureInfo.InvariantCulture)}")), string.Join(", ", s.Metrics.Select(v => $"{v.Key}={v.Value.ToString(CultureInfo.InvariantCulture)}"))));

    private static DateTime ParseDate(string text, string option) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new UsageException($"{option}: '{text}' is not a date (yyyy-MM-dd).");

    private static Command ParamSet(CliConsole console)
    {
        var o = new RegistryOptions();
        var kind = new Option<string>("--kind", "-k") { Description = "The family (noise): config/parameters/{kind}_parameters.json.", Required = true };
        var id = new Option<string>("--id") { Description = "The set's id, recorded once.", Required = true };
        var value = new Option<string[]>("--value") { Description = "A value, name=number (repeat).", Required = true, AllowMultipleArgumentsPerToken = true };
        var effective = new Option<string>("--effective-date") { Description = "The day the values take effect (yyyy-MM-dd).", Required = true };
        var approvedBy = new Option<string>("--approved-by") { Description = "Who approved the values.", Required = true };
        var metric = new Option<string[]>("--metric") { Description = "A metric measured with them, name=number (repeat).", AllowMultipleArgumentsPerToken = true };
        var scenario = new Option<string[]>("--scenario") { Description = "A scenario tested (repeat).", AllowMultipleArgumentsPerToken = true };
        var notes = new Option<string?>("--notes") { Description = "Notes for the record." };
        var command = new Command("set", "Record a parameter set in the registry and append it to its file (Register-ModelParameter).") { kind, id, value, effective, approvedBy, metric, scenario, notes };
        o.AddTo(command, writes: true);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var set = await session.Models.Parameters.RegisterAsync(new RegisterParameterOptions
            {
                Location = o.Location(parse),
                Kind = parse.GetValue(kind)!,
                ParameterId = parse.GetValue(id)!,
                Values = FromArguments(() => RegistryValues.Numbers(RegistryValues.Pairs(parse.GetValue(value) ?? [], "--value"), "the value")),
                EffectiveDate = ParseDate(parse.GetValue(effective)!, "--effective-date"),
                ApprovedBy = parse.GetValue(approvedBy)!,
                Metrics = FromArguments(() => RegistryValues.Numbers(RegistryValues.Pairs(parse.GetValue(metric) ?? [], "--metric"), "the metric")),
                Scenarios = parse.GetValue(scenario) ?? [],
                Notes = parse.GetValue(notes),
                Actor = parse.GetValue(o.Actor),
            }, o.Decider(parse, console), ct).ConfigureAwait(false);
            return set is null ? CliApp.Ok : await Sets(console, parse.GetValue(o.Json), [set]).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ParamGet(CliConsole console)
    {
        var o = new RegistryOptions();
        var kind = new Option<string?>("--kind", "-k") { Description = "Only this kind." };
        var asOf = new Option<string?>("--as-of") { Description = "The day (yyyy-MM-dd): the set in force then." };
        var command = new Command("get", "The history of parameter sets, or the set in force on a day (Get-ModelParameter).") { kind, asOf };
        o.AddTo(command, writes: false);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var sets = await session.Models.Parameters.GetAsync(new GetParameterOptions
            {
                Location = o.Location(parse),
                Kind = parse.GetValue(kind),
                AsOf = parse.GetValue(asOf) is { } d ? ParseDate(d, "--as-of") : null,
            }, ct).ConfigureAwait(false);
            return await Sets(console, parse.GetValue(o.Json), sets).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Verify(CliConsole console)
    {
        var o = new RegistryOptions();
        var command = new Command("verify", "Check the audit log's hash chain and its mirror audit.jsonl (Test-ModelAudit); exit 1 when broken.");
        o.AddTo(command, writes: false);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var verdict = await session.Models.Audit.VerifyAsync(new VerifyAuditOptions { Location = o.Location(parse) }, ct).ConfigureAwait(false);
            if (parse.GetValue(o.Json))
            {
                await console.Out.WriteLineAsync(Json.Serialize(verdict)).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteLineAsync($"{(verdict.IsValid ? "valid" : "BROKEN")}: {verdict.EntryCount} entries, head {verdict.HeadHash}{(verdict.MirrorRepaired > 0 ? $", {verdict.MirrorRepaired} completed in {verdict.MirrorPath}" : "")}").ConfigureAwait(false);
                var table = new TextTable("Code", "Source", "Entry", "Finding");
                foreach (var f in verdict.Findings) table.Add(f.Code, f.Source, f.Sequence, f.Message);
                if (table.Count > 0) await console.Out.WriteAsync(table.ToString()).ConfigureAwait(false);
            }
            return verdict.IsValid ? CliApp.Ok : CliApp.CheckFailed;
        });
        return command;
    }

    private static Command Log(CliConsole console)
    {
        var o = new RegistryOptions();
        var component = Component(required: false);
        var version = Version(required: false);
        var command = new Command("log", "The audit log's entries (Get-ModelAuditEntry).") { component, version };
        o.AddTo(command, writes: false);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var entries = await session.Models.Audit.EntriesAsync(new AuditEntriesOptions { Location = o.Location(parse), Component = parse.GetValue(component), Version = parse.GetValue(version) }, ct).ConfigureAwait(false);
            return await Write(console, parse.GetValue(o.Json), entries, () => new TextTable("Entry", "At", "Actor", "Action", "Component", "Version", "Reason", "Hash"),
                (t, e) => t.Add(e.Sequence, e.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), e.Actor, e.Action, e.Component, e.Version, e.Reason, e.Hash[..12])).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Audit(CliConsole console)
    {
        var o = new RegistryOptions();
        var quarter = new Option<string?>("--quarter", "-q") { Description = "The quarter (2023Q2; default: the current one)." };
        var output = new Option<string?>("--output", "-o") { Description = "The folder to write (default: docs/audits/{quarter} under --root)." };
        var command = new Command("audit", "Write a quarter's audit: model_audit_report.md, parameter_changes.json, compliance_checklist.md (Export-ModelAudit); exit 1 when something is flagged.") { quarter, output };
        o.AddTo(command, writes: true);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var report = await session.Models.Audit.ExportAsync(new ExportAuditOptions
            {
                Location = o.Location(parse),
                Quarter = parse.GetValue(quarter) is { } q ? FromArguments(() => Quarter.Parse(q)).ToString() : Quarter.Of(DateTimeOffset.UtcNow).ToString(),
                Folder = parse.GetValue(output) is { } f ? Path.GetFullPath(f) : null,
            }, o.Decider(parse, console), ct).ConfigureAwait(false);
            if (report is null) return CliApp.Ok;
            await Write(console, parse.GetValue(o.Json), [report], () => new TextTable("Quarter", "Deployments", "Parameters", "Flags", "Compliant", "Folder"),
                (t, r) => t.Add(r.Quarter, r.Deployments, r.ParameterChanges, r.Flags.Count, r.IsCompliant ? "yes" : "no", r.Folder)).ConfigureAwait(false);
            if (!parse.GetValue(o.Json))
            {
                foreach (var flag in report.Flags) await console.Error.WriteLineAsync($"modelrelease: flagged: {flag.Code} {Core.PrintableText.Escape(flag.Message)}").ConfigureAwait(false);
            }
            return report.IsCompliant ? CliApp.Ok : CliApp.CheckFailed;
        });
        return command;
    }

    private static Command Compare(CliConsole console)
    {
        var o = new RegistryOptions();
        var component = Component();
        var version = Version();
        var previous = new Option<string?>("--previous") { Description = "The version to compare with (default: the highest registered version below --version)." }.ReadsVersion();
        var command = new Command("compare", "A version's metrics against the previous version's, per metric with its direction (Compare-ModelPerformance).") { component, version, previous };
        o.AddTo(command, writes: false);
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var comparison = await session.Models.Audit.CompareAsync(new ComparePerformanceOptions { Location = o.Location(parse), Component = parse.GetValue(component)!, Version = parse.GetValue(version)!, Previous = parse.GetValue(previous) }, ct).ConfigureAwait(false);
            if (parse.GetValue(o.Json))
            {
                await console.Out.WriteLineAsync(Json.Serialize(comparison)).ConfigureAwait(false);
                return CliApp.Ok;
            }
            return await Write(console, false, comparison.Metrics, () => new TextTable("Metric", "Better when", comparison.PreviousVersion ?? "previous", comparison.Version, "Delta", "Verdict"),
                (t, m) => t.Add(m.Name, m.Direction == MetricDirection.Higher ? "higher" : "lower", m.Previous?.ToString(CultureInfo.InvariantCulture), m.Value?.ToString(CultureInfo.InvariantCulture), m.Delta?.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture), m.Verdict)).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CheckCommit(CliConsole console)
    {
        var file = new Argument<string?>("file") { Description = "The message file (git passes .git/COMMIT_EDITMSG to a commit-msg hook).", Arity = ArgumentArity.ZeroOrOne };
        var message = new Option<string?>("--message", "-m") { Description = "The message itself, instead of a file." };
        var json = CommonOptions.Json();
        var command = new Command("check-commit", "Check a commit message: [COMPONENT] TYPE: Description, Performance impact:, Reviewed-by: (Test-CommitMessage); exit 1 when it does not follow the convention.") { file, message, json };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(message) ?? (parse.GetValue(file) is { } f ? await File.ReadAllTextAsync(Path.GetFullPath(f), ct).ConfigureAwait(false) : throw new UsageException("give the message file or --message."));
            var check = CommitMessages.Check(text);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(Json.Serialize(check)).ConfigureAwait(false);
            }
            else if (check.IsValid)
            {
                await console.Out.WriteLineAsync($"valid: [{check.Component}] {check.Type}: {Core.PrintableText.Escape(check.Description)}").ConfigureAwait(false);
            }
            else
            {
                foreach (var finding in check.Findings) await console.Error.WriteLineAsync($"modelrelease: {finding.Code}: {Core.PrintableText.Escape(finding.Message)}").ConfigureAwait(false);
            }
            return check.IsValid ? CliApp.Ok : CliApp.CheckFailed;
        });
        return command;
    }
}
