using System.Diagnostics;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Releases;
using ModelRelease.Core.Releases.Manifests;

namespace ModelRelease.Core.Operations.Release;

/// <summary>
/// Publish-ModelRelease -Manifest and <c>modelrelease release --manifest</c>: a model family released from its manifest
/// (<see cref="ReleaseManifestReader"/>), one Hub repository per variant. Every variant is checked first — its
/// checkpoint gate (with the variant's name as a size label), its parameter count, its card gate, the files it must
/// contain, its tag — and the local repository once; when any check of any variant fails, nothing of the family is
/// written. Then every write of every variant is asked about, and only then are the variants released, one after
/// the other; the local repository's CHANGELOG.md gets one entry naming every variant's Hub commit, and the tag goes on
/// that commit.
/// </summary>
public sealed class FamilyReleaseJob(ModelReleaseSession session)
{
    public async Task<FamilyReleaseReport> RunAsync(FamilyReleaseOptions options, OperationDecider? decide = null, IProgress<ReleaseProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        decide ??= OperationDeciders.Always;
        var clock = Stopwatch.StartNew();
        var manifest = await ReleaseManifestReader.ReadAsync(options.ManifestPath, cancellationToken).ConfigureAwait(false);
        var version = options.Version ?? manifest.Version?.Version ?? throw new OperationException(OperationErrors.ReleaseInputInvalid, ErrorKind.InvalidArgument,
            $"{manifest.Path} gives no version and none was given: say which version the family releases", manifest.Path)
        {
            RecommendedAction = "Give -Version, or write version: 1.2.0 in the manifest.",
            CliRecommendedAction = "Give --version, or write version: 1.2.0 in the manifest.",
        };
        var tagName = TagNaming.Name(TagFormat.Version, version);
        var sections = manifest.CardSections is { } file ? CardSections.FromFile(file) : new Dictionary<string, string>();
        var policy = manifest.CardPolicy is { } policyFile ? CardPolicy.Load(policyFile) : null;
        var family = new List<Finding>();
        var prepared = new List<PreparedRelease>();
        try
        {
            // 1. Every check of every variant (and of the local repository), before any write.
            foreach (var variant in manifest.Variants)
            {
                progress?.Report(new ReleaseProgress(ReleaseStage.Checking, $"Checking {variant.Name} ({variant.Repository})"));
                prepared.Add(await session.Release.PrepareAsync(VariantOptions(manifest, variant, version, sections, policy, options), progress, cancellationToken).ConfigureAwait(false));
            }
            var local = options.LocalRepository is { } folder
                ? await LocalRelease.CheckAsync(folder, tagName, version.ToString(), options.Force, options.Push, family, cancellationToken).ConfigureAwait(false)
                : null;
            foreach (var (variant, p) in manifest.Variants.Zip(prepared).Where(x => x.Second.Refused))
            {
                var codes = p.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code).Distinct().ToList();
                family.Add(new Finding(FindingSeverity.Error, ReleaseCodes.VariantRefused,
                    $"{variant.Name} ({variant.Repository}) fails its checks ({(codes.Count == 0 ? "the Hub could not be planned against" : string.Join(", ", codes))}): nothing of the family is released"));
            }
            FamilyReleaseReport Report(ReleaseOutcome outcome, IReadOnlyList<ReleaseReport>? done = null, string? localCommit = null) => new()
            {
                Manifest = manifest.Path,
                Family = manifest.Family,
                Version = version.ToString(),
                TagName = tagName,
                Outcome = outcome,
                Variants = done ?? prepared.Select(p => p.Report(p.Refused ? ReleaseOutcome.Refused : outcome == ReleaseOutcome.Refused ? ReleaseOutcome.Planned : outcome)).ToList(),
                Findings = family,
                LocalRepository = localCommit is null ? null : local?.Repository,
                LocalCommit = localCommit,
                Elapsed = clock.Elapsed,
            };
            if (family.Any(f => f.Severity == FindingSeverity.Error)) return Report(ReleaseOutcome.Refused);

            // 2. Every write of every variant, asked before the first.
            var yes = true;
            foreach (var p in prepared) yes &= await ReleaseJob.AskAsync(p, decide, cancellationToken).ConfigureAwait(false);
            if (local is not null)
            {
                foreach (var question in LocalRelease.Questions(local, tagName)) yes &= await decide(question, cancellationToken).ConfigureAwait(false);
            }
            if (options.WhatIf) return Report(ReleaseOutcome.Planned);
            if (!yes) return Report(ReleaseOutcome.Declined);

            // 3. The variants, one after the other; then the local repository.
            var done = new List<ReleaseReport>();
            foreach (var p in prepared)
            {
                try
                {
                    done.Add(await session.Release.WriteAsync(p, progress, cancellationToken).ConfigureAwait(false));
                }
                catch (ModelReleaseException ex) when (done.Count > 0)
                {
                    family.Add(new Finding(FindingSeverity.Error, ex.ErrorId, $"{p.Options.Repo.Id}: {ex.Message}; released before it: {string.Join(", ", done.Select(d => d.RepoId))}"));
                    return Report(ReleaseOutcome.Incomplete, [.. done, .. prepared.Skip(done.Count).Select(x => x.Report(ReleaseOutcome.Declined))]);
                }
            }
            string? localCommit = null;
            if (local is not null)
            {
                var released = done.Select(d => (d.RepoId, d.CommitOid ?? d.Tag?.CommitOid ?? "")).ToList();
                localCommit = await LocalRelease.ApplyAsync(local, tagName, version.ToString(), ReleaseJob.ChangelogLines(prepared[0].Options, released),
                    $"Release {tagName} of {manifest.Family ?? Path.GetFileName(manifest.Path)}\n\n" + string.Join('\n', released.Select(r => $"Hub: {r.RepoId}@{r.Item2}")), cancellationToken).ConfigureAwait(false);
            }
            var outcome = done.All(d => d.Outcome == ReleaseOutcome.Released) ? ReleaseOutcome.Released : ReleaseOutcome.VerificationFailed;
            return Report(outcome, done, localCommit);
        }
        finally
        {
            foreach (var p in prepared) p.Dispose();
        }
    }

    /// <summary>A variant's release as the single release job runs it (the local repository is the family's, handled once).</summary>
    public static ReleaseOptions VariantOptions(ReleaseManifest manifest, ManifestVariant variant, SemanticVersion version, IReadOnlyDictionary<string, string> sections, CardPolicy? policy, FamilyReleaseOptions options) => new()
    {
        Paths = [variant.Checkpoint, .. variant.Config is null ? [] : new[] { variant.Config }, .. variant.Files],
        Repo = RepoRef.Parse(variant.Repository),
        Version = version,
        ExpectedParameterCount = variant.ExpectedParameters,
        Tolerance = variant.Tolerance,
        SizeLabels = variant.ExpectedParameters is { } count ? new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase) { [variant.Name] = count } : new Dictionary<string, long>(),
        License = manifest.License,
        Language = manifest.Language,
        ConfigPath = variant.Config,
        MetricsPath = variant.Metrics,
        Sections = sections,
        CardPolicy = policy,
        CardTemplate = variant.CardTemplate,
        AllowUnfinishedCard = options.AllowUnfinishedCard || manifest.AllowUnfinishedCard,
        Private = options.Private || manifest.Private,
        Force = options.Force,
        AllowRefusedCheckpoint = options.AllowRefusedCheckpoint,
        RequiredFiles = manifest.RequiredFiles,
        Changes = [.. manifest.Changes, .. options.Changes],
        MetricDirections = manifest.MetricDirections,
        MetricRegressionIsError = manifest.MetricRegressionIsError,
        WhatIf = options.WhatIf,
    };
}
