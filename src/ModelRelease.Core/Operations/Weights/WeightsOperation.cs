using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Operations.Publish;
using ModelRelease.Core.Releases;
using ModelRelease.Core.Releases.Registry;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Operations.Weights;

/// <summary>
/// The weights registry's writes and downloads (DESIGN.md workflow 3). Publishing weights gates the file, publishes it,
/// tags it weights-vX.Y, and only when every earlier step succeeded patches the registry (one atomic write, refused
/// when the registry changed meanwhile) — everything is checked and the patch computed before the first write, so a
/// what-if shows the upload, the tag and the exact patch. Saving downloads an entry into the local cache, verifies it
/// against the registry's SHA-256, and reuses what the cache already holds. Verifying checks every entry against the
/// Hub: the tag exists, and the file at the tag has the registry's SHA-256 (its LFS oid) and size.
/// </summary>
public sealed class WeightsOperation(ModelReleaseSession session)
{
    /// <summary>Every check of a weights publish, and the registry patch; writes nothing.</summary>
    public async Task<WeightsPublishPlan> PlanPublishAsync(WeightsPublishOptions options, CancellationToken cancellationToken = default)
    {
        var notes = new List<string>();
        var (key, v, tagName, reading) = ReadVersion(options.Version);
        if (reading is not null) notes.Add(reading);

        // The registry as it is, and where the model's weights live.
        var registryText = File.Exists(options.RegistryPath) ? (await WeightsRegistryReader.ReadAsync(options.RegistryPath, cancellationToken).ConfigureAwait(false)).Text : null;
        var model = registryText is null ? null : WeightsRegistryReader.Parse(registryText, options.RegistryPath).Find(options.Model);
        if (model is not null && options.RepoId is { } given && !string.Equals(given, model.RepoId, StringComparison.Ordinal))
        {
            throw Invalid($"{options.Model}'s weights are published to {model.RepoId} (the registry says so), not {given}", given);
        }
        var repoId = model?.RepoId ?? options.RepoId ?? throw Invalid($"the registry has no model {options.Model} yet: say which repository its weights go to (-RepoId, --repo)", options.Model);
        var repo = RepoRef.Parse(repoId);
        var file = model?.File ?? (options.PathInRepo ?? Path.GetFileName(options.WeightsPath)).Replace('\\', '/').Trim('/');

        // The gate: the weights are read, deep-scanned and hashed.
        var gate = await session.Gate.CheckAsync(new CheckpointGateOptions
        {
            Inputs = [options.WeightsPath],
            Validation = new CheckpointValidationOptions { Deep = true, ComputeSha256 = true },
            RequireCheckpoint = true,
            ReadNamedFiles = true,
            Force = options.Force,
        }, null, cancellationToken).ConfigureAwait(false);
        if (!gate.Passed && !gate.Forced) throw PublishOperation.Refused(gate, repoId);
        var sha = gate.Validations.FirstOrDefault()?.Sha256 ?? (await session.HashCache.GetOrComputeAsync(options.WeightsPath, session.Hasher, null, cancellationToken).ConfigureAwait(false)).Sha256;
        var size = new FileInfo(options.WeightsPath).Length;

        // The registry patch (conflicts refuse here, before any write).
        var patch = WeightsRegistryEditor.PlanRegistration(options.RegistryPath, registryText, Registration(options, repoId, file, key, tagName, sha, size, DateTimeOffset.UtcNow));

        // The tag: free, or already naming exactly these weights (a publish made again).
        string? existing = null;
        try
        {
            var refs = await session.Hub.GetRefsAsync(repo, cancellationToken).ConfigureAwait(false);
            if (RefNaming.ClashProblem(tagName, RefKind.Tag, refs.Branches.Select(b => b.Name), refs.Tags.Select(t => t.Name)) is { } clash)
            {
                throw new HubException(HubErrorIds.ReleaseTagNameInvalid, ErrorKind.InvalidArgument, $"{repo}: {clash}", tagName);
            }
            if (refs.Tags.FirstOrDefault(t => t.Name == tagName) is { } tag)
            {
                var there = (await session.Hub.PathsInfoAsync(repo, tag.TargetCommit, [file], cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Path == file);
                if (there?.LfsOid != sha)
                {
                    throw new HubException(HubErrorIds.ReleaseTagAlreadyExists, ErrorKind.AlreadyExists,
                        $"{tagName} already exists on {repo} and names other weights ({file} there is {(there?.LfsOid is { } oid ? "sha256 " + oid[..12] + "…" : "missing")}, these are {sha[..12]}…)", tagName, 409)
                    {
                        RecommendedAction = $"Publish these weights as a new version (weights-v{v.Major}.{v.Minor + 1}).",
                    };
                }
                existing = tag.TargetCommit;
            }
        }
        catch (HubException ex) when (ex.ErrorId == HubErrorIds.RepoNotFound)
        {
            // A new repository: no tag yet.
        }

        var request = new PublishRequest
        {
            Repo = repo,
            Revision = options.Revision,
            Files = [new PublishSource(options.WeightsPath, file)],
            CommitMessage = $"Weights {key} of {options.Model}",
            CommitDescription = $"Published with ModelRelease: {Path.GetFileName(options.WeightsPath)} as {file}, sha256 {sha}, for package versions {options.PackageVersions}",
            Private = options.Private,
        };
        var plan = await session.Publisher().PlanAsync(request, null, cancellationToken).ConfigureAwait(false);
        return new WeightsPublishPlan
        {
            Options = options, Key = key, TagName = tagName, RepoId = repoId, File = file, Sha256 = sha, Size = size, Gate = gate,
            Request = request, Plan = plan, RegistryText = registryText, Patch = patch, ExistingTagCommit = existing, Notes = notes,
        };
    }

    /// <summary>
    /// Asks about each write (the repository, the commit, the tag, the registry patch), then writes them in that order;
    /// the registry is patched only when the publish and the tag succeeded. A what-if asks every question and writes nothing.
    /// </summary>
    public async Task<WeightsPublication> PublishAsync(WeightsPublishPlan plan, OperationDecider decide, bool whatIf = false, CancellationToken cancellationToken = default)
    {
        var (options, p) = (plan.Options, plan.Plan);
        var answers = new List<bool>();
        if (!p.RepoExists)
        {
            answers.Add(await decide(options.Private
                ? new OperationQuestion(QuestionKind.CreateRepository, plan.RepoId, "Create private repository")
                : new OperationQuestion(QuestionKind.CreateRepository, plan.RepoId, "Create public repository")
                {
                    HighImpact = true,
                    HowToSkip = $"Pass -Confirm:$false to create the public repository {plan.RepoId}, or -Private to create it private (or create it first).",
                }, cancellationToken).ConfigureAwait(false));
        }
        var upload = p.Files[0];
        if (p.HasChanges)
        {
            answers.Add(await decide(new OperationQuestion(QuestionKind.Upload, $"{plan.RepoId}@{p.Revision}: {upload.PathInRepo} ({ByteSizeText.Format(upload.Size)}, {(upload.IsLfs ? "LFS" : "regular")}, {upload.Action.ToString().ToLowerInvariant()})", "Upload") { File = upload }, cancellationToken).ConfigureAwait(false));
            answers.Add(await decide(new OperationQuestion(QuestionKind.Commit, $"{plan.RepoId}@{p.Revision}", $"Commit 1 file(s), {ByteSizeText.Format(upload.Size)}: '{plan.Request.CommitMessage}'"), cancellationToken).ConfigureAwait(false));
        }
        if (plan.ExistingTagCommit is null)
        {
            answers.Add(await decide(new OperationQuestion(QuestionKind.CreateTag, $"{plan.RepoId}@{p.Revision}", $"Create tag {plan.TagName}"), cancellationToken).ConfigureAwait(false));
        }
        var registryChanges = !plan.Patch.IsEmpty || plan.RegistryText is null;
        if (registryChanges)
        {
            answers.Add(await decide(new OperationQuestion(QuestionKind.WriteRegistry, plan.Patch.Path,
                $"Apply {plan.Patch.Operations.Count} change(s): {string.Join("; ", plan.Patch.Operations.Select(o => o.Previous is null ? $"{o.Op} {o.Pointer}" : $"{o.Op} {o.Pointer}: {o.Previous} → {o.Value}"))}"), cancellationToken).ConfigureAwait(false));
        }
        WeightsPublication Result(ReleaseOutcome outcome, WeightsRegistryPatch patch, bool registered, PublishResult? published = null, ReleaseTag? tag = null) => new()
        {
            Model = options.Model, Version = plan.Key, Tag = plan.TagName, RepoId = plan.RepoId, File = plan.File, Sha256 = plan.Sha256, Size = plan.Size,
            Outcome = outcome, Gate = plan.Gate, Plan = p, Publish = published, TagResult = tag, Patch = patch, Registered = registered, Notes = plan.Notes,
            Entry = WeightsResolver.Resolve(WeightsRegistryReader.Parse(patch.NewText, patch.Path), options.Model, plan.Key),
        };
        if (whatIf) return Result(ReleaseOutcome.Planned, plan.Patch, false);
        if (answers.Any(a => !a)) return Result(ReleaseOutcome.Declined, plan.Patch, false);

        // The publish, exactly as planned.
        var hub = session.HubForWriting();
        var head = await hub.GetRepoInfoAsync(plan.Request.Repo, plan.Request.Revision, cancellationToken).ConfigureAwait(false);
        if (p.RepoExists ? head?.Sha != p.ParentCommit : head is not null)
        {
            throw new OperationException(OperationErrors.PublishPlanStale, ErrorKind.Conflict,
                $"{plan.RepoId}@{p.Revision} moved since the publish was planned (planned on {p.ParentCommit ?? "a new repository"}, now {head?.Sha ?? "missing"}); nothing was written", plan.RepoId);
        }
        var published = await session.Publisher().PublishAsync(plan.Request with { CreateRepoIfMissing = !p.RepoExists }, null, cancellationToken).ConfigureAwait(false);

        // The tag on the publish's commit (the same tag on the same commit is a no-op).
        var tagger = new ReleaseTagger(hub);
        var tagCommit = plan.ExistingTagCommit ?? published.CommitOid;
        var made = await tagger.ApplyAsync(await tagger.PlanAsync(plan.Request.Repo, tagCommit, plan.TagName, force: false, cancellationToken).ConfigureAwait(false),
            $"Weights {plan.Key} of {options.Model} ({plan.Sha256})", cancellationToken).ConfigureAwait(false);

        // Only now the registry: the patch computed from the text the plan read, dated now, written atomically.
        var patch = plan.Patch;
        if (registryChanges)
        {
            patch = WeightsRegistryEditor.PlanRegistration(options.RegistryPath, plan.RegistryText,
                Registration(options, plan.RepoId, plan.File, plan.Key, plan.TagName, plan.Sha256, plan.Size, DateTimeOffset.UtcNow));
            await WeightsRegistryEditor.ApplyAsync(patch, cancellationToken).ConfigureAwait(false);
        }
        return Result(ReleaseOutcome.Released, patch, registryChanges, published, made);
    }

    /// <summary>
    /// The entry's weights in the cache (<c>weights/&lt;sha256&gt;/&lt;file&gt;</c> under <paramref name="cacheFolder"/>, by default the
    /// session's cache folder): reused when there and verified, else downloaded and verified against the registry's SHA-256.
    /// A download is asked of <paramref name="decide"/> first (QuestionKind.Download, the cache file as its target); null when it says no.
    /// </summary>
    public async Task<SavedWeights?> SaveAsync(WeightsEntry entry, string? cacheFolder = null, IProgress<Hub.Download.DownloadProgress>? progress = null, OperationDecider? decide = null, CancellationToken cancellationToken = default)
    {
        var root = cacheFolder ?? (session.Options.CacheFolder is { } c ? Path.Combine(c, "weights") : Path.Combine(Path.GetTempPath(), "modelrelease-weights"));
        var sha = entry.Sha256.ToLowerInvariant();
        var name = Path.GetFileName(entry.File.Replace('\\', '/'));
        var target = Path.Combine(root, sha, name);
        SavedWeights Saved(bool fromCache, long downloaded) => new()
        {
            Model = entry.Model, Version = entry.Version, Tag = entry.Tag, RepoId = entry.RepoId, File = entry.File, Path = target, Sha256 = sha,
            Size = new FileInfo(target).Length, FromCache = fromCache, BytesDownloaded = downloaded,
        };
        if (File.Exists(target))
        {
            var (cached, _) = await session.HashCache.GetOrComputeAsync(target, session.Hasher, null, cancellationToken).ConfigureAwait(false);
            if (cached == sha) return Saved(fromCache: true, 0);
            File.Delete(target); // damaged or replaced: fetched again
        }
        if (decide is not null && !await decide(new OperationQuestion(QuestionKind.Download, target, $"Download {entry.RepoId}@{entry.Tag}/{entry.File} ({ByteSizeText.Format(entry.Size)})"), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        var staging = Path.Combine(root, ".download-" + Guid.NewGuid().ToString("N"));
        try
        {
            var saved = await session.Downloads.DownloadAsync(RepoRef.Parse(entry.RepoId), entry.Tag, [entry.File], staging, progress, cancellationToken).ConfigureAwait(false);
            var file = saved.Single(s => s.PathInRepo == entry.File.Replace('\\', '/').Trim('/'));
            var (actual, _) = await session.HashCache.GetOrComputeAsync(file.Path, session.Hasher, null, cancellationToken).ConfigureAwait(false);
            if (actual != sha)
            {
                throw new OperationException(OperationErrors.WeightsHashMismatch, ErrorKind.InvalidData,
                    $"{entry.RepoId}@{entry.Tag}/{entry.File} has sha256 {actual}, and the registry records {sha} for {entry.Model} {entry.Version}: nothing was kept", entry.Model)
                {
                    RecommendedAction = "Check the registry entry (Test-ModelWeights, modelrelease weights verify): the tag may have been moved to other weights.",
                };
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(file.Path, target, overwrite: true);
            return Saved(fromCache: false, file.BytesDownloaded);
        }
        finally
        {
            try { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Every entry of the registry (or of <paramref name="model"/>) checked against the Hub.</summary>
    public async Task<IReadOnlyList<WeightsVerification>> VerifyAsync(WeightsRegistry registry, string? model = null, CancellationToken cancellationToken = default)
    {
        var models = model is null ? registry.Models : [registry.Find(model) ?? throw new WeightsRegistryException(WeightsRegistryException.ModelNotFound, RegistryCodes.ModelUnknown, registry.Path,
            $"the registry has no model '{JsonSchemaValidator.Printable(model)}'; it has {string.Join(", ", registry.Models.Select(x => x.Name))}", ErrorKind.NotFound)];
        var results = new List<WeightsVerification>();
        foreach (var m in models)
        {
            var repo = RepoRef.Parse(m.RepoId);
            HubRefs? refs = null;
            string? repoProblem = null;
            try
            {
                refs = await session.Hub.GetRefsAsync(repo, cancellationToken).ConfigureAwait(false);
            }
            catch (HubException ex) when (ex.ErrorId is HubErrorIds.RepoNotFound or HubErrorIds.Unauthorized or HubErrorIds.Forbidden)
            {
                repoProblem = $"{m.RepoId} cannot be read ({ex.ErrorId}: {ex.Message})";
            }
            foreach (var version in m.Versions.OrderBy(x => x.Version, VersionOrder.Instance))
            {
                var findings = new List<Finding>();
                string? commit = null, hubSha = null;
                long? hubSize = null;
                if (repoProblem is not null)
                {
                    findings.Add(new Finding(FindingSeverity.Error, RegistryCodes.VerifyRepository, repoProblem));
                }
                else if (refs!.Tags.FirstOrDefault(t => t.Name == version.Tag) is not { } tag)
                {
                    findings.Add(new Finding(FindingSeverity.Error, RegistryCodes.VerifyTagMissing, $"{m.RepoId} has no tag {version.Tag} (tags: {string.Join(", ", refs.Tags.Select(t => t.Name).Take(10))})"));
                }
                else
                {
                    commit = tag.TargetCommit;
                    var there = (await session.Hub.PathsInfoAsync(repo, commit, [m.File], cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Path == m.File && f.Type == "file");
                    if (there is null) findings.Add(new Finding(FindingSeverity.Error, RegistryCodes.VerifyFileMissing, $"{m.RepoId}@{version.Tag} has no file {m.File}"));
                    else
                    {
                        hubSha = there.LfsOid;
                        hubSize = there.Size;
                        if (hubSha is null) findings.Add(new Finding(FindingSeverity.Error, RegistryCodes.VerifyNotLfs, $"{m.File} at {version.Tag} is a regular git file, not an LFS object: it has no SHA-256 to compare"));
                        else if (!string.Equals(hubSha, version.Sha256, StringComparison.OrdinalIgnoreCase)) findings.Add(new Finding(FindingSeverity.Error, RegistryCodes.VerifySha256, $"{m.File} at {version.Tag} has sha256 {hubSha}; the registry records {version.Sha256}"));
                        if (there.Size != version.Size) findings.Add(new Finding(FindingSeverity.Error, RegistryCodes.VerifySize, $"{m.File} at {version.Tag} has {there.Size} bytes; the registry records {version.Size}"));
                    }
                }
                results.Add(new WeightsVerification
                {
                    Model = m.Name, Version = version.Key, Tag = version.Tag, RepoId = m.RepoId, File = m.File, Sha256 = version.Sha256,
                    TagCommit = commit, HubSha256 = hubSha, HubSize = hubSize, IsValid = findings.Count == 0, Findings = findings,
                });
            }
        }
        return results;
    }

    private static WeightsRegistration Registration(WeightsPublishOptions options, string repoId, string file, string key, string tag, string sha, long size, DateTimeOffset at) => new()
    {
        Model = options.Model,
        RepoId = repoId,
        File = file,
        Version = key,
        Tag = tag,
        Sha256 = sha,
        Size = size,
        PublishedAt = at,
        PackageVersions = options.PackageVersions,
        MoveLatest = options.MoveLatest,
    };

    /// <summary>
    /// A weights version as the registry keys it: major.minor (<c>1.1</c>; <c>v1.1</c> and <c>1.1.0</c> read as 1.1, and the
    /// reading said in <c>Note</c>), with its tag (weights-v1.1). A version with a patch, a prerelease or build metadata is
    /// <see cref="OperationErrors.WeightsPublishInvalid"/>; one that is no version at all is the parser's VersionException.
    /// The CLI asks this before it runs, so such a value is bad usage there.
    /// </summary>
    public static (string Key, SemanticVersion Version, string TagName, string? Note) ReadVersion(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = VersionParser.Parse(text);
        var v = parsed.Version;
        if (v.Patch != 0 || v.Prerelease is not null || v.Build is not null)
        {
            throw Invalid($"weights versions are major.minor (1.1), tagged weights-v1.1; '{text}' reads as {v}", text);
        }
        var key = $"{v.Major}.{v.Minor}";
        var note = text.Trim() == key ? null : parsed.Note is { } n ? $"{n}; the weights version is {key}" : $"'{text}' read as the weights version {key}";
        return (key, v, TagTemplates.Weights.Format(v), note);
    }

    private static OperationException Invalid(string message, object? target) =>
        new(OperationErrors.WeightsPublishInvalid, ErrorKind.InvalidArgument, message, target);
}
