using ModelRelease.Cli.Commands;

namespace ModelRelease.Cli.Output;

/// <summary>A <see cref="ReleaseReport"/> as people read it: the verdict, what the checks found, the checkpoints, the card, the plan, the tag and the verification.</summary>
public static class ReleaseRendering
{
    public static string Render(ReleaseReport r)
    {
        var text = new System.Text.StringBuilder();
        text.Append($"Release {r.RepoId} {r.TagName} at {r.Endpoint}: {Verdict(r)}\n");

        if (r.Findings.Count > 0)
        {
            var findings = new TextTable("Severity", "Code", "File", "Message");
            foreach (var f in r.Findings.OrderBy(f => f.Severity == FindingSeverity.Error ? 0 : f.Severity == FindingSeverity.Warning ? 1 : 2))
            {
                findings.Add(f.Severity, f.Code, f.Path is null ? "" : Path.GetFileName(f.Path), f.Message);
            }
            text.Append('\n').Append(findings);
        }

        var checkpoints = new TextTable("Checkpoint", "Format", "Parameters", "Unique", "Expected", "Valid", "SHA-256").AlignRight(2, 3, 4);
        foreach (var v in r.Gate.Validations)
        {
            var p = r.Parameters.FirstOrDefault(x => x.Path == v.Path);
            checkpoints.Add(Path.GetFileName(v.Path), v.Format, p?.TotalText, p?.UniqueText, p?.Expected is { } e ? ParameterCountText.Format(e) : "", v.IsValid ? "yes" : "NO", v.Sha256);
        }
        if (checkpoints.Count > 0) text.Append('\n').Append(checkpoints);
        var others = r.Gate.Files.Where(f => f.Role is FileRole.TrainingState or FileRole.Pickle or FileRole.Shard).ToList();
        if (others.Count > 0) text.Append($"Also checked: {string.Join(", ", others.Select(f => $"{Path.GetFileName(f.Path)} ({f.Role}{(f.Refused ? ", REFUSED" : "")})"))}\n");

        text.Append('\n').Append(r.Card.Origin switch
        {
            CardOrigin.None => "Model card: none (--no-card).",
            CardOrigin.Given => $"Model card: {r.Card.Path} (given) {(r.Card.Validation?.IsValid == true ? "passes the card gate." : "does NOT pass the card gate.")}",
            _ => $"Model card: written{(r.Card.Written ? "" : " (what-if: not kept)")} to {r.Card.Path}; {(r.Card.Validation?.IsValid == true ? "passes the card gate." : $"{r.Card.OpenLines} line(s) still say [More Information Needed]; it does NOT pass the card gate.")}",
        }).Append('\n');

        if (r.Plan is { } plan)
        {
            text.Append('\n').Append(r.Publish is null ? PublishCommand.RenderPlan(plan) : PublishCommand.Render(r.Publish));
        }
        if (r.Tag is { } tag) text.Append($"\nTagged {tag.Name} at {tag.CommitOid}{(tag.Created ? "" : " (it was already there)")}{(tag.LocalRepository is null ? "" : $", and in {tag.LocalRepository}")}.\n");
        else if (r.Outcome == ReleaseOutcome.Planned) text.Append($"\nWould tag {r.TagName} and commit '{r.CommitMessage}'.\n");
        if (r.Verification is { } v2)
        {
            text.Append($"Downloaded {v2.FileCount} file(s) of {v2.Revision} ({ByteSizeText.Format(v2.Bytes)}), each verified against its Hub hash, and compared byte for byte with the local files: "
                + (v2.Identical ? "identical.\n" : "DIFFERENT: " + string.Join(", ", v2.Mismatched) + "\n"));
        }
        return text.ToString();
    }

    /// <summary>A family release: the verdict, the family's findings, a row per variant, then each variant's report.</summary>
    public static string Render(FamilyReleaseReport f)
    {
        var text = new System.Text.StringBuilder();
        var verdict = f.Outcome switch
        {
            ReleaseOutcome.Released => "every variant released and verified.",
            ReleaseOutcome.Planned => "what-if: every check of every variant passed; nothing was written.",
            ReleaseOutcome.Refused => $"REFUSED before the first write ({f.ErrorCount} error(s)); nothing of the family was written.",
            ReleaseOutcome.Declined => "declined; nothing was written.",
            ReleaseOutcome.Incomplete => "INCOMPLETE: a write failed after some variants were released (see below).",
            _ => "released, but a downloaded release DIFFERS from its local files.",
        };
        text.Append($"Release of {f.Family ?? Path.GetFileName(f.Manifest)} {f.TagName} ({f.Variants.Count} variant(s)): {verdict}\n");
        if (f.Findings.Count > 0)
        {
            var findings = new TextTable("Severity", "Code", "Message");
            foreach (var x in f.Findings) findings.Add(x.Severity, x.Code, x.Message);
            text.Append('\n').Append(findings);
        }
        var rows = new TextTable("Repository", "Outcome", "Errors", "Commit", "First error");
        foreach (var v in f.Variants)
        {
            var first = v.Findings.FirstOrDefault(x => x.Severity == FindingSeverity.Error);
            rows.Add(v.RepoId, v.Outcome, v.ErrorCount, v.CommitOid?[..Math.Min(12, v.CommitOid.Length)], first is null ? "" : $"{first.Code}: {first.Message}");
        }
        text.Append('\n').Append(rows);
        if (f.LocalCommit is not null) text.Append($"\nTagged {f.TagName} in {f.LocalRepository} at {f.LocalCommit} (CHANGELOG.md has the entry).\n");
        foreach (var v in f.Variants) text.Append("\n").Append(Render(v));
        return text.ToString();
    }

    private static string Verdict(ReleaseReport r) => r.Outcome switch
    {
        ReleaseOutcome.Released => "released and verified.",
        ReleaseOutcome.Planned => r.ErrorCount == 0 ? "what-if: every check passed; nothing was written." : $"what-if: {r.ErrorCount} check(s) failed; nothing was written.",
        ReleaseOutcome.Refused => $"REFUSED before the first write ({r.ErrorCount} error(s)); nothing was written.",
        ReleaseOutcome.Declined => "declined; nothing was written.",
        _ => "published, but the downloaded release DIFFERS from the local files.",
    };
}
