using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using ModelRelease.Core.Hashing;

namespace ModelRelease.Core.Hub.Download;

/// <summary>
/// Downloads a revision (or chosen files) of a repository, pinned to the commit the revision names:
/// each file goes first to <c>DEST/.cache/huggingface/download/PATH.incomplete</c> (huggingface_hub's place for
/// partial files; no repository path can be there, since the Hub refuses '.cache' segments), resumes with a Range
/// request when a partial file is there, is verified against the Hub's hash (the LFS SHA-256, or the git blob id of
/// regular files) and only then takes its final name. A file already there and verified is not fetched again.
/// </summary>
public sealed class Downloader(HubClient client, FileHasher? hasher = null)
{
    private readonly FileHasher _hasher = hasher ?? new FileHasher();

    public async Task<IReadOnlyList<SavedFile>> DownloadAsync(RepoRef repo, string revision, IReadOnlyList<string>? paths, string destination,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        await DownloadToFolderAsync(repo, revision, new DownloadSelection(paths ?? [], [], []), destination, progress, cancellationToken).ConfigureAwait(false);

    /// <summary>The files <paramref name="selection"/> picks, into the plain folder <paramref name="destination"/>.</summary>
    public async Task<IReadOnlyList<SavedFile>> DownloadToFolderAsync(RepoRef repo, string revision, DownloadSelection selection, string destination,
        IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (commit, wanted) = await ListAsync(repo, revision, selection, cancellationToken).ConfigureAwait(false);
        var root = Path.GetFullPath(destination);
        Directory.CreateDirectory(root);
        return await ForEachAsync(wanted, progress, (file, onBytes, ct) => FetchAsync(repo, revision, commit, file, root, onBytes, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The commit <paramref name="revision"/> names and the files of it <paramref name="selection"/> picks.</summary>
    public async Task<(string Commit, IReadOnlyList<HubRepoFile> Files)> ListAsync(RepoRef repo, string revision, DownloadSelection selection, CancellationToken cancellationToken)
    {
        var info = await client.GetRepoInfoAsync(repo, revision, cancellationToken).ConfigureAwait(false)
            ?? throw new HubException(HubErrorIds.RepoNotFound, ErrorKind.NotFound, $"The repository {repo} does not exist", repo.Id);
        var all = new List<HubRepoFile>();
        await foreach (var f in client.ListTreeAsync(repo, info.Sha, null, recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (f.Type == "file") all.Add(f with { Revision = revision });
        }
        return (info.Sha, selection.Apply(all, repo));
    }

    /// <summary>Runs <paramref name="fetch"/> for each file, several at once, reporting the bytes of all of them; results in the files' order.</summary>
    internal async Task<IReadOnlyList<SavedFile>> ForEachAsync(IReadOnlyList<HubRepoFile> wanted, IProgress<DownloadProgress>? progress,
        Func<HubRepoFile, Action<long>, CancellationToken, Task<SavedFile>> fetch, CancellationToken cancellationToken)
    {
        var total = wanted.Sum(f => f.Size);
        long done = 0;
        var filesDone = 0;
        var results = new SavedFile[wanted.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, wanted.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, client.Options.MaxParallelFiles), CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var file = wanted[i];
            long mine = 0;
            results[i] = await fetch(file, n =>
            {
                var d = Interlocked.Add(ref done, n);
                var f = Interlocked.Add(ref mine, n);
                progress?.Report(new DownloadProgress(file.Path, d, total, Volatile.Read(ref filesDone), wanted.Count, f, file.Size));
            }, ct).ConfigureAwait(false);
            Interlocked.Increment(ref filesDone);
            progress?.Report(new DownloadProgress(file.Path, Interlocked.Read(ref done), total, Volatile.Read(ref filesDone), wanted.Count, file.Size, file.Size));
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Where partial downloads live, under the destination.</summary>
    public static string PartialFolder(string destination) => Path.Combine(Path.GetFullPath(destination), ".cache", "huggingface", "download");

    private async Task<SavedFile> FetchAsync(RepoRef repo, string revision, string commit, HubRepoFile file, string root, Action<long> onBytes, CancellationToken ct)
    {
        if (RepoPath.Problem(file.Path) is { } problem)
        {
            throw new HubException(HubErrorIds.DownloadPathInvalid, ErrorKind.Security, $"{repo} lists a file '{RepoPath.Printable(file.Path)}' that cannot be written: {problem}", RepoPath.Printable(file.Path));
        }
        var target = Path.GetFullPath(Path.Combine(root, file.Path));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new HubException(HubErrorIds.DownloadPathInvalid, ErrorKind.Security, $"'{file.Path}' would be written outside {root}", file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var expected = file.LfsOid ?? file.BlobId ?? throw new HubException(HubErrorIds.DownloadVerificationFailed, ErrorKind.InvalidData, $"The Hub gave no hash for {file.Path}", file.Path);
        SavedFile Saved(long downloaded, bool resumed) => new() { RepoId = repo.Id, Revision = revision, CommitOid = commit, PathInRepo = file.Path, Path = target, Size = file.Size, BytesDownloaded = downloaded, VerifiedHash = expected, Resumed = resumed };

        if (File.Exists(target) && new FileInfo(target).Length == file.Size && await VerifyAsync(target, file, ct).ConfigureAwait(false))
        {
            onBytes(file.Size);
            return Saved(0, false);
        }

        var part = Path.Combine(PartialFolder(root), file.Path.Replace('/', Path.DirectorySeparatorChar) + ".incomplete");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        var (downloaded, resumed) = await FetchVerifiedAsync(repo, commit, file, part, onBytes, ct).ConfigureAwait(false);
        File.Move(part, target, overwrite: true);
        return Saved(downloaded, resumed);
    }

    /// <summary>
    /// Fetches <paramref name="file"/> into <paramref name="part"/> — resuming what is there with a Range request — and
    /// verifies it against the Hub's hash; a partial file that does not verify is fetched again once. On return the
    /// verified content is at <paramref name="part"/>.
    /// </summary>
    internal async Task<(long Downloaded, bool Resumed)> FetchVerifiedAsync(RepoRef repo, string commit, HubRepoFile file, string part, Action<long> onBytes, CancellationToken ct)
    {
        var expected = file.LfsOid ?? file.BlobId ?? throw new HubException(HubErrorIds.DownloadVerificationFailed, ErrorKind.InvalidData, $"The Hub gave no hash for {file.Path}", file.Path);
        long downloaded = 0;
        var resumed = false;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var have = File.Exists(part) ? new FileInfo(part).Length : 0;
            if (have > file.Size) { File.Delete(part); have = 0; }
            resumed |= have > 0;
            if (have > 0) onBytes(have);
            // The hash is computed while the bytes arrive; only a fetch that did not see the whole file in order
            // (nothing left to fetch, a 416) verifies from disk.
            using var hash = DownloadHash.For(file);
            if (have < file.Size || !File.Exists(part)) downloaded += await FetchRangeAsync(repo, commit, file, part, have, onBytes, hash, ct).ConfigureAwait(false);
            if (File.Exists(part) && new FileInfo(part).Length == file.Size && (hash?.Covered == file.Size ? hash.Matches() : await VerifyAsync(part, file, ct).ConfigureAwait(false))) return (downloaded, resumed);
            if (File.Exists(part)) File.Delete(part); // corrupt or foreign partial content: start over once
            onBytes(-Math.Min(file.Size, have + downloaded));
        }
        throw new HubException(HubErrorIds.DownloadVerificationFailed, ErrorKind.InvalidData, $"{file.Path} from {repo}@{commit[..12]} does not match its hash {expected} after two downloads", file.Path)
        {
            RecommendedAction = "Check the network path (a proxy altering content?) and run again.",
        };
    }

    private async Task<long> FetchRangeAsync(RepoRef repo, string commit, HubRepoFile file, string part, long from, Action<long> onBytes, DownloadHash? hash, CancellationToken ct)
    {
        var (response, _) = await client.DownloadAsync(repo, commit, file.Path, from, ct).ConfigureAwait(false);
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable) return 0;
            var append = from > 0 && response.StatusCode == HttpStatusCode.PartialContent;
            if (from > 0 && !append) onBytes(-from); // the server sent the whole file: start over
            if (append && hash is not null) await hash.AppendFileAsync(part, from, ct).ConfigureAwait(false); // the resumed part, read once
            using var output = File.OpenHandle(part, append ? FileMode.Open : FileMode.Create, FileAccess.Write, FileShare.Read);
            var input = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            // The copy runs on a pool thread with blocking reads and writes: measured on 2 GiB from loopback, this took
            // 0.75x the time of awaited reads and writes, and FileStream's own buffer in between had tripled the kernel
            // time (bench/RESULTS.md). Cancelling aborts the response, which ends a blocked read.
            using var abort = ct.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
            var received = new StrongBox<long>();
            try
            {
                await Task.Run(() => Copy(input, output, append ? from : 0, file, hash, onBytes, received, ct), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException)
            {
                ct.ThrowIfCancellationRequested();
                // The connection dropped mid-file: what arrived is already in the .incomplete file and the next attempt resumes.
                throw new HubException(HubErrorIds.Unreachable, ErrorKind.ConnectionFailed, $"The download of {file.Path} was interrupted after {received.Value} bytes; run again to resume", file.Path);
            }
            return received.Value;
        }
    }

    /// <summary>Copies the response body to <paramref name="output"/> from <paramref name="offset"/>, each piece hashed and written at its place as it arrives (no second buffer).</summary>
    private static void Copy(Stream input, SafeFileHandle output, long offset, HubRepoFile file, DownloadHash? hash, Action<long> onBytes, StrongBox<long> received, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                if (offset + n > file.Size) throw new HubException(HubErrorIds.DownloadVerificationFailed, ErrorKind.InvalidData, $"{file.Path}: the Hub sent more than its {file.Size} bytes", file.Path);
                hash?.Append(buffer.AsSpan(0, n));
                RandomAccess.Write(output, buffer.AsSpan(0, n), offset);
                offset += n;
                received.Value += n;
                onBytes(n);
            }
            // A cancelled download ends its read by disposing the response, which reads as the end of the body: that is
            // a cancellation, not a short file (a short file would be deleted as unverifiable).
            ct.ThrowIfCancellationRequested();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal async Task<bool> VerifyAsync(string path, HubRepoFile file, CancellationToken ct)
    {
        if (file.LfsOid is { } oid) return string.Equals(await _hasher.HashFileAsync(path, null, ct).ConfigureAwait(false), oid, StringComparison.OrdinalIgnoreCase);
        // A regular file: its git blob id, through the same hash a download computes as the bytes arrive.
        using var hash = DownloadHash.For(file);
        if (hash is null) return false;
        await hash.AppendFileAsync(path, new FileInfo(path).Length, ct).ConfigureAwait(false);
        return hash.Matches();
    }
}
