using System.Text;
using ModelRelease.Core.Registry.Audit;
using ModelRelease.Core.Registry.Documents;

namespace ModelRelease.Core.Registry.Reports;

/// <summary>The three files of a quarterly audit, rendered from <see cref="AuditFacts"/>.</summary>
internal static class AuditReportWriter
{
    public static string Report(AuditFacts f)
    {
        var sb = new StringBuilder();
        sb.Append($"# Model audit report {f.Quarter}\n\n");
        sb.Append($"- Period: {f.Quarter.From:yyyy-MM-dd} to {f.Quarter.To.AddDays(-1):yyyy-MM-dd} (UTC)\n");
        sb.Append($"- Registry: {Cell(f.Location.Display)}\n");
        sb.Append($"- Audit log: {f.Verification.EntryCount} entries, head `{f.Verification.HeadHash}`, chain intact\n");
        sb.Append($"- Deployments: {f.Deployments.Count}; status changes: {f.Changes.Count}; rollbacks: {f.Incidents.Count}; parameter changes: {f.ParameterChanges.Count}\n\n");

        sb.Append("## Production during the period\n\n| Component | At the start | At the end |\n|---|---|---|\n");
        foreach (var (component, (start, end)) in f.Production) sb.Append($"| {component} | {start ?? "(none)"} | {end ?? "(none)"} |\n");

        sb.Append("\n## Deployments\n");
        if (f.Deployments.Count == 0) sb.Append("\nNo version reached production in the period.\n");
        foreach (var d in f.Deployments)
        {
            var c = d.Change;
            sb.Append($"\n### {c.Component} {c.Version} ({d.Version.ModelId})\n\n");
            sb.Append($"- Reached production: {c.At:yyyy-MM-dd HH:mm:ss}Z, by {Cell(c.Actor)}, from {ModelStatusText.Format(c.From)}\n");
            sb.Append($"- Reason: {Cell(c.Reason)}\n");
            sb.Append($"- Approvals: {(c.Approvers.Count == 0 ? "(none)" : string.Join(", ", c.Approvers.Select(Cell)))}\n");
            sb.Append($"- Gate: {(c.Emergency ? "**skipped (emergency)** — " : "")}{Cell(c.Gate)}\n");
            if (d.Comparison is { } cmp)
            {
                sb.Append($"- Metrics against {(cmp.PreviousVersion ?? "(no previous version)")}: {cmp.Improved} better, {cmp.Regressed} worse\n\n");
                sb.Append($"| Metric | Better when | {cmp.PreviousVersion ?? "previous"} | {c.Version} | Change | Verdict |\n|---|---|---|---|---|---|\n");
                foreach (var m in cmp.Metrics)
                {
                    sb.Append($"| {m.Name} | {(m.Direction == MetricDirection.Higher ? "higher" : "lower")} | {Num(m.Previous)} | {Num(m.Value)} | {(m.Delta is { } delta ? (delta >= 0 ? "+" : "") + AuditFacts.Number(delta) : "")} | {m.Verdict} |\n");
                }
            }
            else
            {
                sb.Append($"- Metrics: not compared ({Cell(d.ComparisonProblem ?? "")})\n");
            }
        }

        sb.Append("\n## Status changes\n\n");
        if (f.Changes.Count == 0) sb.Append("None.\n");
        else
        {
            sb.Append("| Entry | At (UTC) | Component | Version | From | To | By | Approvers | Reason | Gate |\n|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var c in f.Changes)
            {
                sb.Append($"| {c.Sequence} | {c.At:yyyy-MM-dd HH:mm} | {c.Component} | {c.Version} | {ModelStatusText.Format(c.From)} | {ModelStatusText.Format(c.To)} | {Cell(c.Actor)}{(c.Automatic ? " (automatic)" : "")} | {Cell(string.Join(", ", c.Approvers))} | {Cell(c.Reason)} | {(c.Emergency ? "**emergency** " : "")}{Cell(c.Gate)} |\n");
            }
        }

        sb.Append("\n## Rollbacks and incidents\n\n");
        if (f.Incidents.Count == 0) sb.Append("None.\n");
        else
        {
            sb.Append("| Incident | At (UTC) | Component | From | To | Reported by | What | Why |\n|---|---|---|---|---|---|---|---|\n");
            foreach (var i in f.Incidents)
            {
                sb.Append($"| {i.Id} | {i.At:yyyy-MM-dd HH:mm} | {i.Component} | {i.FromVersion} | {i.ToVersion} | {Cell(i.ReportedBy)} | {Cell(i.What)} | {Cell(i.Reason)} |\n");
            }
        }

        sb.Append("\n## Parameter changes\n\n");
        if (f.ParameterChanges.Count == 0) sb.Append("None (parameter_changes.json lists them when there are).\n");
        else
        {
            sb.Append("| Kind | Id | Effective | Approved by | Values | Metrics | Recorded (UTC) |\n|---|---|---|---|---|---|---|\n");
            foreach (var (set, _) in f.ParameterChanges)
            {
                sb.Append($"| {set.Kind} | {set.ParameterId} | {set.EffectiveDate:yyyy-MM-dd} | {Cell(set.ApprovedBy)} | {Pairs(set.Values)} | {Pairs(set.Metrics)} | {set.RecordedAt:yyyy-MM-dd HH:mm} |\n");
            }
        }
        sb.Append($"\nCompliance: see compliance_checklist.md ({(f.Flags.Count == 0 ? "nothing flagged" : $"{f.Flags.Count} flag(s)")}).\n");
        return sb.ToString();
    }

    public static string ParameterChanges(AuditFacts f) => StoreJson.Serialize(w =>
    {
        w.WriteStartObject();
        w.WriteString("quarter", f.Quarter.ToString());
        w.WriteString("from", AuditChain.Time(f.Quarter.From));
        w.WriteString("to", AuditChain.Time(f.Quarter.To));
        w.WriteStartArray("changes");
        foreach (var (set, sequence) in f.ParameterChanges)
        {
            w.WriteStartObject();
            w.WriteNumber("auditEntry", sequence);
            w.WriteString("kind", set.Kind);
            w.WriteString("file", Path.GetRelativePath(f.Location.Root, f.Location.ParameterFile(set.Kind)).Replace('\\', '/'));
            w.WritePropertyName("entry");
            ParameterFile.Write(w, set);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string Checklist(AuditFacts f)
    {
        var sb = new StringBuilder();
        sb.Append($"# Compliance checklist {f.Quarter}\n\n");
        var gateFlags = f.Flags.Where(x => x.Code == ModelRegistryCodes.GateSkipped).ToList();
        var parameterFlags = f.Flags.Where(x => x.Code == ModelRegistryCodes.ParameterFileChanged).ToList();
        var unapproved = f.Deployments.Where(d => d.Change.Approvers.Count == 0 && !d.Change.Gate.StartsWith("rollback", StringComparison.Ordinal)).ToList();
        Item(sb, true, $"The audit log's hash chain is intact: {f.Verification.EntryCount} entries, the database and audit.jsonl agree");
        Item(sb, gateFlags.Count == 0, gateFlags.Count == 0 ? $"Every status change of the period ({f.Changes.Count}) passed its gate" : $"{gateFlags.Count} status change(s) skipped their gate (emergency)");
        Item(sb, unapproved.Count == 0, unapproved.Count == 0 ? $"Every deployment of the period ({f.Deployments.Count}) names its approvers (rollbacks restore an approved version)" : $"{unapproved.Count} deployment(s) without approvers");
        Item(sb, f.Incidents.Count == f.Changes.Count(c => c.To == ModelStatus.CriticalIssue), $"Every rollback has its incident record ({f.Incidents.Count})");
        Item(sb, parameterFlags.Count == 0, parameterFlags.Count == 0 ? $"The parameter files ({f.ParameterFiles}) hold exactly what the registry recorded" : $"{parameterFlags.Count} difference(s) between the parameter files and the registry (changed by hand)");
        sb.Append("\n## Flags\n\n");
        if (f.Flags.Count == 0) sb.Append("None.\n");
        else
        {
            sb.Append("| Code | Component | Version | Audit entry | File | What |\n|---|---|---|---|---|---|\n");
            foreach (var flag in f.Flags)
            {
                sb.Append($"| {flag.Code} | {flag.Component ?? ""} | {flag.Version ?? ""} | {flag.Sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""} | {Cell(flag.Path is null ? "" : Path.GetRelativePath(f.Location.Root, flag.Path).Replace('\\', '/'))} | {Cell(flag.Message)} |\n");
            }
        }
        return sb.ToString();
    }

    private static void Item(StringBuilder sb, bool ok, string text) => sb.Append($"- [{(ok ? "x" : " ")}] {Cell(text)}\n");

    private static string Num(double? value) => value is { } v ? AuditFacts.Number(v) : "";

    private static string Pairs(IReadOnlyDictionary<string, double> values) => Cell(string.Join(", ", values.Select(v => $"{v.Key}={AuditFacts.Number(v.Value)}")));

    /// <summary>Text safe in a Markdown table cell: one line, pipes escaped, no control characters.</summary>
    private static string Cell(string text) => Core.PrintableText.Escape(text).Replace("|", "\\|", StringComparison.Ordinal);
}
