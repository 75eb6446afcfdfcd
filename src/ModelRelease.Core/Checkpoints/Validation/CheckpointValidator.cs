using ModelRelease.Core.Checkpoints.Common;
using ModelRelease.Core.Checkpoints.Deep;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Checkpoints.Validation;

/// <summary>
/// Checks a checkpoint and returns the verdict as data: structure (whatever the reader found),
/// plausibility, optionally the file hash, the expected parameter count and a deep scan of the data.
/// A failed check is a finding, never an exception; only cancellation escapes.
/// </summary>
public sealed class CheckpointValidator(CheckpointInspector inspector, FileHasher? hasher = null, DeepScanner? scanner = null)
{
    private readonly FileHasher _hasher = hasher ?? new FileHasher();
    private readonly DeepScanner _scanner = scanner ?? new DeepScanner();

    public async Task<CheckpointValidation> ValidateAsync(string path, CheckpointValidationOptions options, IProgress<ValidationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Checkpoint checkpoint;
        try
        {
            checkpoint = await inspector.InspectAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckpointFormatException ex)
        {
            var findings = new List<Finding> { ex.ToFinding() };
            string? sha = null;
            if ((options.ComputeSha256 || options.ExpectedSha256 is not null) && File.Exists(ex.FilePath))
            {
                sha = await HashAsync(ex.FilePath, progress, cancellationToken).ConfigureAwait(false);
                AddShaFinding(findings, ex.FilePath, sha, options.ExpectedSha256);
            }
            return new CheckpointValidation { Path = ex.FilePath, IsValid = false, Findings = findings, Sha256 = sha, Deep = options.Deep };
        }
        return await ValidateAsync(checkpoint, options, progress, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CheckpointValidation> ValidateAsync(Checkpoint checkpoint, CheckpointValidationOptions options, IProgress<ValidationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var findings = new List<Finding>(checkpoint.Findings);
        if ((Int128)checkpoint.ParameterCount > (Int128)8 * Math.Max(1, checkpoint.Length))
        {
            findings.Add(new Finding(FindingSeverity.Error, "CKPT_IMPLAUSIBLE_PARAMETERS",
                $"the header claims {checkpoint.ParameterCount:N0} parameters but the files hold only {checkpoint.Length:N0} bytes (less than one bit per parameter)")
            { Path = checkpoint.Path });
        }

        if (options.ExpectedParameterCount is { } expected)
        {
            try
            {
                var report = Parameters.ParameterCounter.Measure(checkpoint, expected, options.ParameterTolerance);
                if (report.WithinTolerance == false)
                {
                    findings.Add(new Finding(FindingSeverity.Error, "CKPT_PARAMETER_COUNT",
                        $"{ParameterCountText.Format(report.Total)} parameters ({report.Total:N0}) where {ParameterCountText.Format(expected)} ({expected:N0}) were expected: off by {report.Deviation:P2}, tolerance {options.ParameterTolerance:P2}")
                    { Path = checkpoint.Path });
                }
            }
            catch (CheckpointFormatException ex)
            {
                findings.Add(ex.ToFinding() with { Severity = FindingSeverity.Error });
            }
        }

        var wantSha = options.ComputeSha256 || options.ExpectedSha256 is not null;
        string? sha = null;
        IReadOnlyList<TensorScan> scans = [];
        if (options.Deep)
        {
            try
            {
                var deep = await _scanner.ScanAsync(checkpoint, wantSha,
                    progress is null ? null : new SyncProgress<DeepScanProgress>(p => progress.Report(new ValidationProgress(checkpoint.Path, "Scanning tensor data", p.BytesDone, p.BytesTotal))),
                    cancellationToken).ConfigureAwait(false);
                findings.AddRange(deep.Findings);
                scans = deep.Scans;
                sha = deep.Sha256;
            }
            catch (Exception ex) when (ex is CheckpointFormatException || ReaderFailure.Wrap(ex, checkpoint.Path, "the deep scan", cancellationToken) is not null)
            {
                // The scan could not finish: its reason is a finding, and a hash it would have computed is unavailable.
                findings.Add((ex as CheckpointFormatException ?? ReaderFailure.Wrap(ex, checkpoint.Path, "the deep scan", cancellationToken)!).ToFinding());
            }
        }
        else if (wantSha)
        {
            sha = await HashAsync(checkpoint.Path, progress, cancellationToken).ConfigureAwait(false);
        }
        if (wantSha) AddShaFinding(findings, checkpoint.Path, sha, options.ExpectedSha256);

        return new CheckpointValidation
        {
            Path = checkpoint.Path,
            IsValid = findings.All(f => f.Severity != FindingSeverity.Error),
            Findings = findings,
            Checkpoint = checkpoint,
            Format = checkpoint.Format,
            Sha256 = sha,
            ParameterCount = checkpoint.ParameterCount,
            Deep = options.Deep,
            TensorScans = scans,
        };
    }

    private async Task<string> HashAsync(string path, IProgress<ValidationProgress>? progress, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        long done = 0;
        var bytes = progress is null ? null : new SyncProgress<long>(n => progress.Report(new ValidationProgress(path, "Hashing", done += n, length)));
        return await _hasher.HashFileAsync(path, bytes, cancellationToken).ConfigureAwait(false);
    }

    private static void AddShaFinding(List<Finding> findings, string path, string? sha, string? expected)
    {
        if (sha is null)
        {
            findings.Add(new Finding(FindingSeverity.Error, "CKPT_SHA256_UNAVAILABLE", "the file could not be read to its end, so its SHA-256 is unknown") { Path = path });
        }
        else if (expected is not null && !string.Equals(sha, expected.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new Finding(FindingSeverity.Error, "CKPT_SHA256_MISMATCH", $"SHA-256 is {sha} but {expected.Trim().ToLowerInvariant()} was expected") { Path = path });
        }
    }
}
