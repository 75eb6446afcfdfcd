using ModelRelease.Core.Checkpoints.Comparison;
using ModelRelease.Core.Operations.Tags;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Operations.Versions;

/// <summary>
/// Step-ModelVersion and <c>modelrelease version bump</c>: the next version of a tag family. The current version is
/// the newest version the family's tags name (or the one given; a family with no release yet starts from 0.0.0);
/// the bump is the one asked for, or the one the comparison of the last release's checkpoint with the new one
/// implies (tensors added, removed, reshaped or retyped: major; the same layout with new values: minor; nothing
/// changed: no new version, VersionBumpInvalid). Every version is read by <see cref="VersionParser"/> and every loose
/// reading is in the result's notes.
/// </summary>
public sealed class VersionBumpOperation(ModelReleaseSession session)
{
    public async Task<VersionBumpResult> BumpAsync(VersionBumpOptions options, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var template = TemplateOf(options.Family, options.Templates);
        var (_, family) = TagOperation.Family(options.Family, options.Templates);
        var notes = new List<string>();
        if (options.Increment is not null && options.Checkpoint is not null)
        {
            throw Invalid("give the part to bump or a checkpoint to compare, not both", options.Checkpoint);
        }
        if (options.Increment is null && options.Checkpoint is null)
        {
            throw Invalid("give the part to bump (Major, Minor, Patch, Prerelease) or the new checkpoint to compare with the last release's", options.Repo?.Id);
        }

        // The current version.
        SemanticVersion? current = null;
        string? previousTag = null;
        if (options.From is { } from)
        {
            var parsed = VersionParser.Parse(from);
            if (parsed.Note is { } note) notes.Add(note);
            current = parsed.Version;
        }
        else if (options.Repo is { } repo)
        {
            var latest = await session.Tag.LatestAsync(repo, options.Family, options.Templates, cancellationToken).ConfigureAwait(false);
            if (latest is not null)
            {
                current = VersionParser.Parse(latest.Version!).Version;
                previousTag = latest.Name;
                if (latest.Note is { } note) notes.Add($"tag {latest.Name}: {note}");
            }
        }
        else
        {
            throw Invalid("give the repository whose release tags hold the current version, or the current version itself", null);
        }

        VersionIncrement increment;
        string reason;
        CheckpointComparison? comparison = null;
        if (options.Increment is { } asked)
        {
            increment = asked;
            reason = current is null ? $"{asked} bump asked for; the family {family} has no release yet, so it starts from 0.0.0" : $"{asked} bump asked for";
        }
        else
        {
            comparison = await CompareAsync(options, previousTag, progress, cancellationToken).ConfigureAwait(false);
            (increment, reason) = Suggest(comparison);
        }

        var next = VersionBumper.Next(current ?? new SemanticVersion(0, 0, 0), increment, options.Label);
        return new VersionBumpResult
        {
            RepoId = options.From is null ? options.Repo?.Id : null,
            Family = family ?? template.Family,
            PreviousTag = previousTag,
            Previous = current?.ToString(),
            Next = next.ToString(),
            NextTag = template.Format(next),
            Increment = increment,
            Suggested = options.Increment is null,
            Reason = reason,
            Comparison = comparison,
            Notes = notes,
        };
    }

    /// <summary>The format a family names its tags with: a built-in family, a template, or a component prefix followed by {version}.</summary>
    public static TagTemplate TemplateOf(string family, IReadOnlyList<string> templates)
    {
        var f = family.Trim();
        if (f.Contains('{', StringComparison.Ordinal)) return TagTemplate.Parse(f);
        var own = templates.Select(TagTemplate.Parse).FirstOrDefault(t => t.Family == f);
        if (own is not null) return own;
        if (f.Length > 2 && (f.EndsWith("-v", StringComparison.Ordinal) || f.EndsWith("@v", StringComparison.Ordinal)) && !TagTemplates.BuiltIn.Any(t => t.Family == f))
        {
            return TagTemplate.Parse(f + "{version}");
        }
        return TagTemplates.Resolve(f);
    }

    private async Task<CheckpointComparison> CompareAsync(VersionBumpOptions options, string? previousTag, IProgress<long>? progress, CancellationToken ct)
    {
        string? downloaded = null;
        try
        {
            string previous;
            if (options.Previous is { } local)
            {
                previous = local;
            }
            else if (options.PreviousFile is { } file && options.Repo is { } repo)
            {
                if (previousTag is null) throw Invalid($"{repo} has no release tag of the family {options.Family} to download {file} from; give the last release's checkpoint on disk", repo.Id);
                downloaded = Directory.CreateTempSubdirectory("modelrelease-previous-").FullName;
                var saved = await session.Downloads.DownloadAsync(repo, previousTag, [file], downloaded, null, ct).ConfigureAwait(false);
                previous = saved.Count == 1 ? saved[0].Path : Path.Combine(downloaded, file);
            }
            else
            {
                throw Invalid("give the last release's checkpoint: on disk, or as a file of the repository at its latest release tag", options.Checkpoint);
            }
            var reference = await session.Inspector.InspectAsync(previous, ct).ConfigureAwait(false);
            var difference = await session.Inspector.InspectAsync(options.Checkpoint!, ct).ConfigureAwait(false);
            return await new CheckpointComparer().CompareAsync(reference, difference, options.CompareContent, progress, ct).ConfigureAwait(false);
        }
        finally
        {
            if (downloaded is not null)
            {
                try { Directory.Delete(downloaded, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>The bump a comparison implies, and why in words.</summary>
    public static (VersionIncrement Increment, string Reason) Suggest(CheckpointComparison c)
    {
        static string Few(IEnumerable<string> names)
        {
            var list = names.ToList();
            return string.Join(", ", list.Take(3)) + (list.Count > 3 ? $" and {list.Count - 3} more" : "");
        }
        switch (c.ImpliedBump)
        {
            case VersionBump.Major:
                var parts = new List<string>();
                if (c.Added.Count > 0) parts.Add($"{c.Added.Count} tensor(s) added ({Few(c.Added)})");
                if (c.Removed.Count > 0) parts.Add($"{c.Removed.Count} removed ({Few(c.Removed)})");
                if (c.Reshaped.Count > 0) parts.Add($"{c.Reshaped.Count} reshaped ({Few(c.Reshaped.Select(t => t.Name))})");
                if (c.Retyped.Count > 0) parts.Add($"{c.Retyped.Count} retyped ({Few(c.Retyped.Select(t => t.Name))})");
                return (VersionIncrement.Major, $"the layout changed: {string.Join("; ", parts)}: code that loads the last release cannot load this one as it is");
            case VersionBump.Minor:
                return (VersionIncrement.Minor, $"the same layout with new values in {c.ContentChanged.Count} tensor(s) ({Few(c.ContentChanged.Select(t => t.Name))}): a compatible new release");
            case VersionBump.Patch:
                return (VersionIncrement.Patch, "only metadata changed");
            default:
                throw Invalid(c.ContentCompared
                    ? $"{Path.GetFileName(c.DifferencePath)} holds exactly what the last release's {Path.GetFileName(c.ReferencePath)} holds: there is nothing to release"
                    : $"{Path.GetFileName(c.DifferencePath)} has the layout of {Path.GetFileName(c.ReferencePath)} and the contents were not compared: compare them, or say which part to bump", c.DifferencePath);
        }
    }

    private static OperationException Invalid(string message, object? target) =>
        new(OperationErrors.VersionBumpInvalid, ErrorKind.InvalidArgument, message, target)
        {
            RecommendedAction = "Bump a part (-Increment Minor, --increment minor), or compare the new checkpoint with the last release's (-Checkpoint and -Previous or -PreviousFile).",
        };
}
