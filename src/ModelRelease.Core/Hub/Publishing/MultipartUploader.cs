using Microsoft.Win32.SafeHandles;

namespace ModelRelease.Core.Hub.Publishing;

/// <summary>
/// Multipart transfers that survive the process: the upload's URLs and each acknowledged part's ETag go to the
/// <see cref="UploadStateStore"/> as soon as the storage answers, so a run that is killed, cancelled or cut off is
/// resumed by the next one — it sends only the parts not yet acknowledged, then completes. Stored URLs are used
/// while they are valid (they name the upload that holds the parts); once expired, or refused, the batch endpoint's
/// fresh answer is used with the parts already acknowledged. An upload that will not be finished — its file changed,
/// its object is no longer needed, or it is older than <see cref="MaxAge"/> — is completed when every part was sent,
/// else aborted, and forgotten: it never keeps growing.
/// </summary>
internal sealed class MultipartUploader(HubClient client, UploadStateStore store)
{
    /// <summary>An upload begun longer ago than this is not resumed but cleaned up.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    /// <summary>URLs this close to expiring are not trusted for a whole part.</summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(5);

    private string Endpoint => client.Endpoint.ToString();

    private void Log(string line) => client.Options.Log?.Invoke(PrintableText.Escape(line));

    /// <summary>
    /// Uploads the parts of <paramref name="file"/> the storage has not acknowledged yet and completes the upload.
    /// <paramref name="onResumed"/> receives the bytes of parts an earlier run had sent (not sent again).
    /// </summary>
    public async Task UploadAsync(RepoRef repo, LfsAction action, PublishFile file, SafeFileHandle handle, SemaphoreSlim parts, Action<long> onBytes, Action<long> onResumed, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var info = new FileInfo(file.LocalPath);
        var stored = store.Load(Endpoint, repo, action.Oid);
        if (stored is not null && (stored.ChunkSize != action.ChunkSize || stored.Size != action.Size || now - stored.Started > MaxAge))
        {
            // Cut differently (the server's part size changed) or too old to trust: that upload cannot be continued.
            await FinishAbandonedAsync(repo, null, false, stored, ct).ConfigureAwait(false);
            stored = null;
        }
        MultipartUploadState state;
        var usingStoredUrls = false;
        if (stored is null)
        {
            state = new MultipartUploadState
            {
                Endpoint = Endpoint,
                RepoType = repo.Type,
                RepoId = repo.Id,
                Oid = action.Oid,
                Size = action.Size,
                ChunkSize = action.ChunkSize!.Value,
                CompletionUrl = action.Href!,
                PartUrls = action.PartUrls,
                ExpiresAt = action.ExpiresAt,
                LocalPath = file.LocalPath,
                PathInRepo = file.PathInRepo,
                FileLength = info.Length,
                FileLastWriteTicks = info.LastWriteTimeUtc.Ticks,
                Started = now,
            };
        }
        else
        {
            // The same object (same oid) from wherever it now is: the acknowledged parts hold exactly its bytes.
            usingStoredUrls = !stored.Expired(now, ExpiryMargin);
            state = (usingStoredUrls ? stored : stored with { CompletionUrl = action.Href!, PartUrls = action.PartUrls, ExpiresAt = action.ExpiresAt })
                with { LocalPath = file.LocalPath, PathInRepo = file.PathInRepo, FileLength = info.Length, FileLastWriteTicks = info.LastWriteTimeUtc.Ticks };
            Log($"resuming {file.PathInRepo}: {state.ETags.Count} of {state.PartCount} parts were sent by an earlier run" + (usingStoredUrls ? "" : " (with new URLs: the old ones expired)"));
            onResumed(state.AcknowledgedBytes);
        }
        var tracker = new Tracker(store, state, Log);
        tracker.Save();

        var missing = Enumerable.Range(1, state.PartCount).Where(n => !state.ETags.ContainsKey(n)).ToList();
        try
        {
            await Task.WhenAll(missing.Select(async number =>
            {
                await parts.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    var offset = (number - 1) * state.ChunkSize;
                    var etag = await client.UploadPartAsync(state.PartUrls[number - 1], handle, offset, state.PartLength(number), onBytes, file.PathInRepo, ct).ConfigureAwait(false);
                    tracker.Acknowledge(number, etag);
                }
                finally
                {
                    parts.Release();
                }
            })).ConfigureAwait(false);
            var done = tracker.State;
            await client.CompleteMultipartAsync(done.CompletionUrl, done.Oid, Enumerable.Range(1, done.PartCount).Select(n => done.ETags[n]).ToList(), file.PathInRepo, ct).ConfigureAwait(false);
        }
        catch (HubException ex) when (ex.ErrorId is HubErrorIds.Forbidden && usingStoredUrls)
        {
            // The stored URLs were refused (expired early, or the key rotated): ask the batch endpoint again, keep the parts.
            tracker.ExpireUrls();
            throw new HubException(HubErrorIds.UploadFailed, ErrorKind.ConnectionFailed, $"The upload URLs an earlier run kept for {file.PathInRepo} were refused; asking for new ones", file.PathInRepo, ex.StatusCode, ex.HubErrorCode, ex);
        }
        catch (HubException ex) when (ex.ErrorId is HubErrorIds.BadRequest or HubErrorIds.NotFound)
        {
            // The storage no longer has these parts (or not with these ETags): start this object over.
            tracker.Forget();
            throw;
        }
        tracker.Forget();
    }

    /// <summary>
    /// Uploads of <paramref name="repo"/> that this publish will not continue and that will not be resumed by another:
    /// their file changed or is gone, their path or file is in this publish with other content, or they are too old.
    /// Each is completed (every part sent) or aborted, and forgotten. Never fails the publish.
    /// </summary>
    public async Task CleanUpAsync(PublishRequest request, IReadOnlySet<string> wantedOids, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var paths = request.Files.Select(f => f.PathInRepo).ToHashSet(StringComparer.Ordinal);
        var locals = request.Files.Select(f => Path.GetFullPath(f.LocalPath)).ToHashSet(StringComparer.Ordinal);
        foreach (var state in store.List(Endpoint, request.Repo))
        {
            if (wantedOids.Contains(state.Oid)) continue; // this publish resumes it
            var abandoned = !state.FileUnchanged() || paths.Contains(state.PathInRepo) || locals.Contains(Path.GetFullPath(state.LocalPath)) || now - state.Started > MaxAge;
            if (abandoned) await FinishAbandonedAsync(request.Repo, request.Revision, request.CreatePullRequest, state, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The object is stored already (by whoever): an upload of it still under way is no longer needed.</summary>
    public async Task ForgetStoredAsync(RepoRef repo, string oid, CancellationToken ct)
    {
        if (store.Load(Endpoint, repo, oid) is { } state) await FinishAbandonedAsync(repo, null, false, state, ct).ConfigureAwait(false);
    }

    /// <summary>Completes (every part was sent) or aborts an upload that will not be continued, then forgets it.</summary>
    private async Task FinishAbandonedAsync(RepoRef repo, string? revision, bool createPullRequest, MultipartUploadState state, CancellationToken ct)
    {
        var name = $"{state.PathInRepo} ({state.Oid[..12]})";
        try
        {
            var url = state.CompletionUrl;
            if (state.Expired(DateTimeOffset.UtcNow, ExpiryMargin))
            {
                if (revision is null)
                {
                    // No fresh URL to be had here: the storage expires what it holds.
                    Log($"forgetting the unfinished upload of {name}: its URLs expired");
                    Forget(state);
                    return;
                }
                var action = (await client.LfsBatchAsync(repo, revision, [(state.Oid, state.Size)], createPullRequest, ct).ConfigureAwait(false))[0];
                if (action.AlreadyPresent || action.Href is null || action.ChunkSize != state.ChunkSize)
                {
                    Forget(state);
                    return;
                }
                url = action.Href;
            }
            if (state.IsComplete)
            {
                await client.CompleteMultipartAsync(url, state.Oid, Enumerable.Range(1, state.PartCount).Select(n => state.ETags[n]).ToList(), state.PathInRepo, ct).ConfigureAwait(false);
                Log($"completed the upload of {name} that an earlier run had sent whole");
            }
            else
            {
                var aborted = await client.AbortMultipartAsync(url, state.Oid, state.PathInRepo, ct).ConfigureAwait(false);
                Log(aborted
                    ? $"aborted the unfinished upload of {name} ({state.ETags.Count} of {state.PartCount} parts)"
                    : $"asked to abort the unfinished upload of {name}; the Hub has no such upload or no abort (its storage expires the parts)");
            }
            Forget(state);
        }
        catch (HubException ex) when (ex.ErrorId is HubErrorIds.Unreachable or HubErrorIds.RequestFailed or HubErrorIds.RateLimited)
        {
            Log($"the unfinished upload of {name} could not be cleaned up now ({ex.ErrorId}); the next publish tries again");
        }
        catch (HubException ex)
        {
            Log($"the unfinished upload of {name} is forgotten: the Hub refused to finish it ({ex.ErrorId})");
            Forget(state);
        }
    }

    private void Forget(MultipartUploadState state)
    {
        try
        {
            store.Delete(state);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log($"the upload state of {state.PathInRepo} could not be removed: {ex.Message}");
        }
    }

    /// <summary>One upload's state while its parts go out: every acknowledgement is written before the next is taken.</summary>
    private sealed class Tracker(UploadStateStore store, MultipartUploadState state, Action<string> log)
    {
        private readonly object _gate = new();
        private bool _warned;

        public MultipartUploadState State
        {
            get { lock (_gate) return state; }
        }

        public void Acknowledge(int number, string etag)
        {
            lock (_gate)
            {
                state = state with { ETags = new Dictionary<int, string>(state.ETags) { [number] = etag } };
                SaveLocked();
            }
        }

        public void ExpireUrls()
        {
            lock (_gate)
            {
                state = state with { ExpiresAt = DateTimeOffset.UnixEpoch };
                SaveLocked();
            }
        }

        public void Save()
        {
            lock (_gate) SaveLocked();
        }

        public void Forget()
        {
            lock (_gate)
            {
                try
                {
                    store.Delete(state);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    log($"the upload state of {state.PathInRepo} could not be removed: {ex.Message}");
                }
            }
        }

        /// <summary>A state that cannot be written costs the resume, never the upload.</summary>
        private void SaveLocked()
        {
            try
            {
                store.Save(state);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (!_warned) log($"the upload of {state.PathInRepo} cannot be resumed if interrupted: its state could not be written ({ex.Message})");
                _warned = true;
            }
        }
    }
}
