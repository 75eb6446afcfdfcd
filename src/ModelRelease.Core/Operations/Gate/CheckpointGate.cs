using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Releases.Names;

namespace ModelRelease.Core.Operations.Gate;

/// <summary>
/// The one gate every face and every write goes through (<c>modelrelease validate</c>, <c>publish</c>, <c>release</c>,
/// Publish-HfModel whatever its input, Publish-ModelRelease). It recognises each file by the one rule
/// (<see cref="CheckpointFiles"/>), reads every checkpoint by its content — so a pickle renamed
/// <c>pytorch_model.bin</c> or <c>.ckpt</c> is read as the pickle it is and refused when it names a global outside
/// the allow-list — validates it (a sharded set once, through its index), scans training state and other pickles for
/// globals that run code (<see cref="PickleScan"/>), and refuses: an invalid checkpoint, a failed validation the user
/// gave, an unsafe or unreadable pickle, and (when a checkpoint is required) finding none at all.
/// </summary>
public sealed class CheckpointGate(ModelReleaseSession session)
{
    public async Task<CheckpointGateResult> CheckAsync(CheckpointGateOptions options, IProgress<GateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var findings = new List<Finding>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        var candidates = Expand(options, findings, named);

        // Roles: by name, by content where the name says nothing (a file the user named is read as a checkpoint when asked to).
        var roles = new List<(string Path, FileRole Role)>();
        foreach (var path in candidates)
        {
            var role = File.Exists(path) ? await CheckpointFiles.RecognizeAsync(path, cancellationToken).ConfigureAwait(false) : CheckpointFiles.RoleByName(path);
            roles.Add((path, options.ReadNamedFiles && role == FileRole.Other && named.Contains(path) ? FileRole.Checkpoint : role));
        }

        // Sharded sets: the index (or first split) is read once; its shards are checked through it.
        var covered = new Dictionary<string, string>(StringComparer.Ordinal);
        var roots = new Dictionary<string, Checkpoint>(StringComparer.Ordinal);
        foreach (var (path, _) in roles.Where(r => r.Role == FileRole.Checkpoint && CheckpointFiles.IsSetRoot(r.Path) && File.Exists(r.Path)))
        {
            Checkpoint set;
            try
            {
                set = await session.Inspector.InspectAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (CheckpointFormatException)
            {
                continue; // its validation below says why
            }
            roots[path] = set;
            foreach (var shard in set.Shards)
            {
                if (!string.Equals(shard.Path, path, StringComparison.Ordinal)) covered.TryAdd(shard.Path, path);
            }
        }

        var checkpoints = roles.Where(r => r.Role == FileRole.Checkpoint && !covered.ContainsKey(r.Path)).Select(r => r.Path).Distinct(StringComparer.Ordinal).ToList();
        var validations = new Dictionary<string, CheckpointValidation>(StringComparer.Ordinal);
        await foreach (var (path, validation) in OrderedParallel.SelectAsync(checkpoints, Math.Max(1, Environment.ProcessorCount), async (path, ct) =>
        {
            var report = progress is null ? null : new SyncProgress<ValidationProgress>(p => progress.Report(new GateProgress(p.Path, p.Activity, p.BytesDone, p.BytesTotal)));
            progress?.Report(new GateProgress(path, "Reading", 0, 0));
            var v = roots.TryGetValue(path, out var set)
                ? await session.Validator.ValidateAsync(set, options.Validation, report, ct).ConfigureAwait(false)
                : await session.Validator.ValidateAsync(path, options.Validation, report, ct).ConfigureAwait(false);
            return (path, v);
        }, cancellationToken).ConfigureAwait(false))
        {
            validations[path] = validation;
        }

        var files = new List<GateFile>();
        foreach (var (path, role) in roles.DistinctBy(r => r.Path, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            files.Add(role switch
            {
                FileRole.Checkpoint when covered.TryGetValue(path, out var root) => new GateFile { Path = path, Role = FileRole.Shard, Refused = false, CoveredBy = root },
                FileRole.Checkpoint => Judge(path, validations[path], options),
                FileRole.TrainingState or FileRole.Pickle => await ScanPickleAsync(path, role, progress, cancellationToken).ConfigureAwait(false),
                _ => new GateFile { Path = path, Role = role, Refused = false },
            });
        }

        var checkpointCount = files.Count(f => f.Role == FileRole.Checkpoint);
        if (options.RequireCheckpoint && checkpointCount == 0 && !findings.Any(f => f.Code == GateCodes.NoCheckpoints))
        {
            var what = files.Count == 0 ? "no file at all" : $"{files.Count} file(s), none of them weights ({string.Join(", ", files.Take(5).Select(f => $"{Path.GetFileName(f.Path)}: {f.Role}"))}{(files.Count > 5 ? ", …" : "")})";
            findings.Add(new Finding(FindingSeverity.Error, GateCodes.NoCheckpoints, $"no checkpoint among the inputs: {what}; a check of nothing never passes")
            { Path = options.Inputs.Count == 1 ? options.Inputs[0] : null });
        }
        var passed = !files.Any(f => f.Refused) && findings.All(f => f.Severity != FindingSeverity.Error);
        return new CheckpointGateResult { Passed = passed, Forced = !passed && options.Force, Files = files, Findings = findings };
    }

    /// <summary>Files and folders into files: a folder as its checkpoint files (or, recursing, every file below it), globs applied.</summary>
    private static List<string> Expand(CheckpointGateOptions options, List<Finding> findings, HashSet<string> named)
    {
        var includes = options.Include.Select(PublishInputs.Glob).ToList();
        var excludes = options.Exclude.Select(PublishInputs.Glob).Concat([PublishInputs.Glob("**/.git/**"), PublishInputs.Glob(".git/**"), PublishInputs.Glob("**/.cache/**"), PublishInputs.Glob(".cache/**")]).ToList();
        bool Wanted(string relative) => (includes.Count == 0 || includes.Any(g => g.IsMatch(relative))) && !excludes.Any(g => g.IsMatch(relative));
        var files = new List<string>();
        foreach (var input in options.Inputs.Select(Path.GetFullPath))
        {
            if (Directory.Exists(input))
            {
                var inFolder = options.Recurse
                    ? Directory.EnumerateFiles(input, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                    : Directory.EnumerateFiles(input).Where(f => CheckpointFiles.RoleByName(f) == FileRole.Checkpoint);
                var taken = inFolder.Where(f => Wanted(Path.GetRelativePath(input, f).Replace('\\', '/'))).Order(StringComparer.Ordinal).ToList();
                if (!options.Recurse && taken.Count == 0) findings.Add(CheckpointFiles.NoCheckpointsIn(input).ToFinding());
                files.AddRange(taken);
            }
            else if (File.Exists(input) || CheckpointFiles.RoleByName(input) == FileRole.Checkpoint || options.ReadNamedFiles)
            {
                // A missing checkpoint file stays: its validation says CKPT_NOT_FOUND with its path.
                if (!Wanted(Path.GetFileName(input))) continue;
                files.Add(input);
                named.Add(input);
            }
            else
            {
                findings.Add(new Finding(FindingSeverity.Error, GateCodes.InputNotFound, "neither a file nor a folder") { Path = input });
            }
        }
        return files;
    }

    private static GateFile Judge(string path, CheckpointValidation validation, CheckpointGateOptions options)
    {
        var findings = new List<Finding>();
        if (options.Given.TryGetValue(path, out var earlier) && !earlier.IsValid)
        {
            var codes = string.Join(", ", earlier.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code).Distinct());
            findings.Add(new Finding(FindingSeverity.Error, GateCodes.ValidationFailed, $"the validation given with it failed ({codes})") { Path = path });
            findings.AddRange(earlier.Findings.Where(f => f.Severity == FindingSeverity.Error));
        }
        if (options.CheckNames && validation.Checkpoint is { } checkpoint) findings.AddRange(NamesThatLie(checkpoint, options));
        var refused = !validation.IsValid || findings.Any(f => f.Severity == FindingSeverity.Error);
        return new GateFile { Path = path, Role = FileRole.Checkpoint, Refused = refused, Validation = validation, Findings = findings };
    }

    /// <summary>What the checkpoint's file name says, checked against the checkpoint: its quantization (GGUF) and its size label.</summary>
    internal static IReadOnlyList<Finding> NamesThatLie(Checkpoint checkpoint, CheckpointGateOptions options)
    {
        var findings = new List<Finding>(NameChecks.GgufQuantization(checkpoint));
        var label = NameChecks.SizeLabelIn(checkpoint.Name) ?? WordLabel(checkpoint.Name, options.SizeLabels);
        if (label is not null) findings.AddRange(NameChecks.SizeLabel(label, checkpoint.ParameterCount, options.SizeTolerance, options.SizeLabels, checkpoint.Path));
        return findings;
    }

    /// <summary>A word of <paramref name="labels"/> that is a whole part of the name (model-small.safetensors: small).</summary>
    private static string? WordLabel(string name, IReadOnlyDictionary<string, long> labels)
    {
        if (labels.Count == 0) return null;
        var parts = Path.GetFileNameWithoutExtension(name).Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries);
        return parts.FirstOrDefault(p => labels.Keys.Any(k => string.Equals(k, p, StringComparison.OrdinalIgnoreCase)));
    }

    private async Task<GateFile> ScanPickleAsync(string path, FileRole role, IProgress<GateProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new GateProgress(path, "Scanning the pickle", 0, 0));
        var scan = await PickleScan.ScanAsync(path, session.Options.ReadContext.Limits, cancellationToken).ConfigureAwait(false);
        var what = role == FileRole.TrainingState ? "training state (not weights)" : "a pickle (not weights)";
        var findings = new List<Finding>();
        if (scan.Denied.Count > 0)
        {
            findings.Add(new Finding(FindingSeverity.Error, GateCodes.PickleUnsafe,
                $"{what} whose pickle names {string.Join(", ", scan.Denied)}: loading it would run that; nothing was imported or executed") { Path = path });
        }
        else if (!scan.Complete)
        {
            findings.Add(new Finding(FindingSeverity.Error, GateCodes.PickleUnreadable,
                $"{what} whose pickle could not be read to its end ({scan.Problem}), so what loading it would run is unknown") { Path = path });
        }
        else if (scan.BeyondAllowList.Count > 0)
        {
            findings.Add(new Finding(FindingSeverity.Info, GateCodes.PickleGlobals,
                $"{what}; loading it imports {string.Join(", ", scan.BeyondAllowList.Take(12))}{(scan.BeyondAllowList.Count > 12 ? ", …" : "")} (none of them is on the deny-list of globals that run code)") { Path = path });
        }
        return new GateFile { Path = path, Role = role, Refused = findings.Any(f => f.Severity == FindingSeverity.Error), Findings = findings };
    }
}
