using System.Diagnostics;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Releases;

namespace ModelRelease.Core.Operations.Release;

/// <summary>The release downloaded back by its tag and compared byte for byte with the local files.</summary>
public sealed partial class ReleaseJob
{
    private async Task<ReleaseVerification> VerifyAsync(RepoRef repo, string tagName, IReadOnlyList<PublishSource> files, IProgress<ReleaseProgress>? progress, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("modelrelease-verify-").FullName;
        try
        {
            var saved = await session.Downloads.DownloadAsync(repo, tagName, files.Select(f => f.PathInRepo).ToList(), folder,
                progress is null ? null : new SyncProgress<Hub.Download.DownloadProgress>(p => progress.Report(new ReleaseProgress(ReleaseStage.Verifying, $"Downloading {p.Path}", p.BytesDone, p.BytesTotal, "downloading"))), ct).ConfigureAwait(false);
            var mismatched = new List<string>();
            foreach (var f in files)
            {
                if (!await SameBytesAsync(f.LocalPath, Path.Combine(folder, f.PathInRepo), ct).ConfigureAwait(false)) mismatched.Add(f.PathInRepo);
            }
            return new ReleaseVerification { Revision = tagName, FileCount = saved.Count, Bytes = saved.Sum(s => s.Size), Mismatched = mismatched };
        }
        finally
        {
            TryDelete(folder);
        }
    }

    private static async Task<bool> SameBytesAsync(string a, string b, CancellationToken ct)
    {
        if (!File.Exists(b) || new FileInfo(a).Length != new FileInfo(b).Length) return false;
        await using var x = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        await using var y = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var bx = new byte[1 << 20];
        var by = new byte[1 << 20];
        while (true)
        {
            var n = await x.ReadAtLeastAsync(bx, bx.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            var m = await y.ReadAtLeastAsync(by, by.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            if (n != m || !bx.AsSpan(0, n).SequenceEqual(by.AsSpan(0, m))) return false;
            if (n == 0) return true;
        }
    }
}
