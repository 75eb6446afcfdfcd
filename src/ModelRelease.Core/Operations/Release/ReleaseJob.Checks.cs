using System.Diagnostics;
using ModelRelease.Core.Checkpoints.Parameters;
using ModelRelease.Core.Checkpoints.Validation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.Core.Operations.Gate;
using ModelRelease.Core.Releases;

namespace ModelRelease.Core.Operations.Release;

/// <summary>The release's checks against the Hub and the local repository: read only, each failure a finding.</summary>
public sealed partial class ReleaseJob
{
    /// <summary>whoami, the namespace, and the publish plan (read only; it also asks the Hub's validate-yaml about the card).</summary>
    private async Task<(string? User, PublishPlan? Plan)> CheckHubAsync(ReleaseOptions options, IReadOnlyList<PublishSource> files, string message, List<Finding> findings, CancellationToken ct)
    {
        var hub = session.Hub;
        if (hub.Token is null)
        {
            findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.NoToken,
                $"no token for {hub.Endpoint}: a release writes. Set HF_TOKEN to a write token, or log in"));
            return (null, null);
        }
        string? user = null;
        try
        {
            using var whoami = await hub.WhoAmIDocumentAsync(ct).ConfigureAwait(false);
            var account = HubAccount.From(whoami.RootElement);
            user = account.Name;
            var ns = options.Repo.Id.Split('/')[0];
            if (account.CannotWriteTo(ns) is { } why)
            {
                findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.NamespaceForbidden, $"the token ({hub.Token}) cannot write to {options.Repo.Id}: {why}"));
                return (user, null);
            }
            if (files.Count == 0) return (user, null); // nothing to publish: the gate's finding says why
            if (await CardRejectedAsync(hub, options.Repo, files, ct).ConfigureAwait(false) is { } rejected)
            {
                findings.Add(rejected);
                return (user, null);
            }
            var plan = await session.Publisher().PlanAsync(Request(options, files, message, []), null, ct).ConfigureAwait(false);
            return (user, plan);
        }
        catch (HubException ex)
        {
            findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.HubCheckFailed, $"{ex.ErrorId}: {ex.Message}"));
            return (user, null);
        }
    }

    /// <summary>The Hub's own check of the card's metadata (validate-yaml; a Hub without it has nothing to say).</summary>
    private static async Task<Finding?> CardRejectedAsync(HubClient hub, RepoRef repo, IReadOnlyList<PublishSource> files, CancellationToken ct)
    {
        if (files.FirstOrDefault(f => f.PathInRepo == "README.md") is not { } card || !File.Exists(card.LocalPath) || new FileInfo(card.LocalPath).Length > Cards.CardFile.MaxBytes) return null;
        IReadOnlyList<string> errors;
        try
        {
            errors = await hub.ValidateYamlAsync(await File.ReadAllTextAsync(card.LocalPath, ct).ConfigureAwait(false), repo.Type, ct, card.LocalPath).ConfigureAwait(false);
        }
        catch (HubException ex) when (ex.StatusCode is 404 or 405)
        {
            return null;
        }
        return errors.Count == 0 ? null : new Finding(FindingSeverity.Error, ReleaseCodes.CardRejected, $"the Hub refuses the card's metadata: {string.Join("; ", errors)}") { Path = card.LocalPath };
    }

    /// <summary>A tag that exists: the commit it names, and whether it already names exactly what this release leaves on the branch.</summary>
    internal sealed record ExistingTag(string Commit, bool NoOp);

    /// <summary>The tag: free; or naming exactly the head this release leaves unchanged; or moved with Force.</summary>
    private async Task<ExistingTag?> CheckTagAsync(ReleaseOptions options, string tagName, PublishPlan plan, List<Finding> findings, CancellationToken ct)
    {
        if (!plan.RepoExists) return null;
        try
        {
            var refs = await session.Hub.GetRefsAsync(options.Repo, ct).ConfigureAwait(false);
            if (refs.Branches.Any(b => b.Name == tagName))
            {
                findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.TagExists, $"{options.Repo.Id} has a branch named {tagName}: a tag of that name would make the revision ambiguous"));
                return null;
            }
            if (refs.Tags.FirstOrDefault(t => t.Name == tagName) is not { } existing) return null;
            var tag = new ExistingTag(existing.TargetCommit, !plan.HasChanges && existing.TargetCommit == plan.ParentCommit);
            if (tag.NoOp) return tag;
            findings.Add(options.Force
                ? new Finding(FindingSeverity.Warning, ReleaseCodes.TagMoves, $"tag {tagName} names {Short(existing.TargetCommit)}; the release is forced, so it moves to the release's commit (consumers pinned to it will see other weights)")
                : new Finding(FindingSeverity.Error, ReleaseCodes.TagExists,
                    $"tag {tagName} already exists on {options.Repo.Id} at {Short(existing.TargetCommit)}, and this release {(plan.HasChanges ? "changes the files" : $"would tag {Short(plan.ParentCommit!)}")}: release a new version, or force the release to move the tag"));
            return tag;
        }
        catch (HubException ex)
        {
            findings.Add(new Finding(FindingSeverity.Error, ReleaseCodes.HubCheckFailed, $"{ex.ErrorId}: {ex.Message}"));
            return null;
        }
    }
}
