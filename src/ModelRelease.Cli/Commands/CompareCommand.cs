using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Comparison;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease compare REFERENCE DIFFERENCE [--content]</c> (Compare-Checkpoint).</summary>
internal static class CompareCommand
{
    public static Command Create(CliConsole console)
    {
        var reference = new Argument<string>("reference") { Description = "The older checkpoint." };
        var difference = new Argument<string>("difference") { Description = "The newer checkpoint." };
        var json = CommonOptions.Json();
        var content = new Option<bool>("--content") { Description = "Also compare tensor contents (an XxHash128 fingerprint per tensor); reads both files' data." };
        var failOn = new Option<VersionBump?>("--fail-on") { Description = "Exit 1 when the implied bump is at least this (Patch, Minor, Major)." };
        var command = new Command("compare", "Compare two checkpoints tensor by tensor and say which version bump the change implies.") { reference, difference, json, content, failOn };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var inspector = session.Inspector;
            var a = await inspector.InspectOneAsync(Path.GetFullPath(parse.GetValue(reference)!), ct).ConfigureAwait(false);
            var b = await inspector.InspectOneAsync(Path.GetFullPath(parse.GetValue(difference)!), ct).ConfigureAwait(false);
            var progress = parse.GetValue(content) ? new ConsoleProgress(console, "comparing") : null;
            long done = 0;
            var result = await new CheckpointComparer().CompareAsync(a, b, parse.GetValue(content),
                progress is null ? null : new Core.SyncProgress<long>(n => progress.Report(done += n, a.Length + b.Length)), ct).ConfigureAwait(false);
            await console.Out.WriteAsync(parse.GetValue(json) ? Json.Serialize(result) + "\n" : Render(result)).ConfigureAwait(false);
            return parse.GetValue(failOn) is { } threshold && threshold != VersionBump.None && result.ImpliedBump >= threshold ? CliApp.CheckFailed : CliApp.Ok;
        });
        return command;
    }

    public static string Render(CheckpointComparison c)
    {
        var table = new TextTable("Change", "Tensor", "Reference", "Difference");
        foreach (var n in c.Added) table.Add("added", n, "", "");
        foreach (var n in c.Removed) table.Add("removed", n, "", "");
        foreach (var t in c.Reshaped) table.Add("reshaped", t.Name, CommonOptions.Dims(t.ReferenceShape!), CommonOptions.Dims(t.DifferenceShape!));
        foreach (var t in c.Retyped) table.Add("retyped", t.Name, t.ReferenceDType, t.DifferenceDType);
        foreach (var t in c.ContentChanged) table.Add("content", t.Name, t.ReferenceFingerprint?[..12], t.DifferenceFingerprint?[..12]);
        foreach (var n in c.ContentNotCompared) table.Add("not compared", n, "", "");
        foreach (var k in c.MetadataChanged) table.Add("metadata", k, "", "");
        var head = $"{c.ReferencePath}\n  -> {c.DifferencePath}\nImplied version bump: {c.ImpliedBump}" +
                   (c.ContentCompared ? "" : " (layout only; --content also compares values)") +
                   (c.FormatChanged ? $"\nFormat: {c.ReferenceFormat} -> {c.DifferenceFormat}" : "") + $"\nUnchanged tensors: {c.UnchangedCount}\n";
        return table.Count == 0 ? head + (c.FormatChanged ? "No tensor or metadata differs; only the format.\n" : "No differences.\n") : head + "\n" + table;
    }
}
