using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Operations.Gate;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease validate PATH... [--deep] [--sha256] [--expected-sha256 H] [--expected-params 15.8M]</c> (Test-Checkpoint).</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = CommonOptions.Paths();
        var json = CommonOptions.Json();
        var deep = new Option<bool>("--deep") { Description = "Stream all tensor data once: NaN/Inf per tensor (F16, BF16, F32, F64), truncation, and the CRC-32 of every record of a PyTorch zip." };
        var sha = new Option<bool>("--sha256") { Description = "Compute each file's SHA-256." };
        var expectedSha = new Option<string?>("--expected-sha256") { Description = "The SHA-256 the file must have (one path only)." };
        var expectedParams = new Option<string?>("--expected-params") { Description = "The parameter count each checkpoint must have: 15.8M, 1.2B or a number." };
        var tolerance = new Option<string?>("--tolerance") { Description = "Allowed deviation from --expected-params: 1% or 0.01." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing; the exit code says it all." };
        var include = new Option<string[]>("--include") { Description = "Glob of checkpoint files to take from folders (a pattern without '/' matches the name); repeatable." };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to leave out; repeatable." };
        var command = new Command("validate", "Check checkpoints: structure, plausibility, optional hash, parameter count and deep data scan. Exit 1 when any check fails, or when no checkpoint was found.")
        {
            paths, json, deep, sha, expectedSha, expectedParams, tolerance, include, exclude, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            var inputs = CommonOptions.FullPaths(parse.GetValue(paths)!);
            var expected = parse.GetValue(expectedSha);
            if (expected is not null && (inputs.Count != 1 || Directory.Exists(inputs[0]) || !System.Text.RegularExpressions.Regex.IsMatch(expected, "^[0-9a-fA-F]{64}$")))
            {
                throw new UsageException("--expected-sha256 takes 64 hex digits and exactly one path.");
            }
            var options = new CheckpointGateOptions
            {
                Inputs = inputs,
                ReadNamedFiles = true,
                Include = parse.GetValue(include) ?? [],
                Exclude = parse.GetValue(exclude) ?? [],
                Validation = new CheckpointValidationOptions
                {
                    Deep = parse.GetValue(deep),
                    ComputeSha256 = parse.GetValue(sha),
                    ExpectedSha256 = expected,
                    ExpectedParameterCount = CommonOptions.ParseCount(parse.GetValue(expectedParams), "--expected-params"),
                    ParameterTolerance = CommonOptions.ParseTolerance(parse.GetValue(tolerance)),
                },
            };
            using var session = CliSession.Open(console);
            var bars = new System.Collections.Concurrent.ConcurrentDictionary<string, ConsoleProgress>(StringComparer.Ordinal);
            var gate = await session.Gate.CheckAsync(options, new SyncProgress<GateProgress>(p =>
            {
                if (p.BytesTotal > 0) bars.GetOrAdd(p.Path, path => new ConsoleProgress(console, Path.GetFileName(path))).Report(p.BytesDone, p.BytesTotal);
            }), ct).ConfigureAwait(false);
            var results = AsValidations(gate);
            if (!parse.GetValue(quiet))
            {
                await console.Out.WriteAsync(parse.GetValue(json) ? Json.Serialize(results) + "\n" : Render(results)).ConfigureAwait(false);
            }
            return gate.Passed ? CliApp.Ok : CliApp.CheckFailed;
        });
        return command;
    }

    /// <summary>
    /// The gate's verdict as validate prints it: one validation per checkpoint, plus an invalid entry for each failure
    /// the gate found outside a checkpoint (a folder without one, a path that is nothing, a refused pickle), so the
    /// JSON says why the exit code is 1.
    /// </summary>
    public static IReadOnlyList<CheckpointValidation> AsValidations(CheckpointGateResult gate)
    {
        var results = new List<CheckpointValidation>();
        foreach (var file in gate.Files)
        {
            if (file.Validation is { } v) results.Add(v);
            else if (file.Refused) results.Add(new CheckpointValidation { Path = file.Path, IsValid = false, Findings = file.Findings });
        }
        foreach (var group in gate.Findings.GroupBy(f => f.Path ?? ""))
        {
            results.Add(new CheckpointValidation { Path = group.Key, IsValid = !group.Any(f => f.Severity == FindingSeverity.Error), Findings = group.ToList() });
        }
        return results;
    }

    public static string Render(IReadOnlyList<CheckpointValidation> results)
    {
        var table = new TextTable("Name", "Valid", "Errors", "Warnings", "Parameters", "SHA-256").AlignRight(2, 3, 4);
        foreach (var r in results)
        {
            table.Add(Path.GetFileName(r.Path), r.IsValid ? "yes" : "NO", r.ErrorCount, r.WarningCount,
                r.ParameterCount is { } p ? ParameterCountText.Format(p) : "", r.Sha256 ?? "");
        }
        var text = table.ToString();
        var findings = new TextTable("File", "Severity", "Code", "Tensor/record", "Offset", "Message");
        foreach (var r in results)
        {
            foreach (var f in r.Findings) findings.Add(Path.GetFileName(f.Path ?? r.Path), f.Severity, f.Code, f.Tensor ?? f.Record, f.Offset, f.Message);
        }
        if (findings.Count > 0) text += "\n" + findings;
        return text;
    }
}
