using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Parameters;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease params PATH... [--expected 15.8M --tolerance 1%]</c> (Measure-ModelParameter).</summary>
internal static class ParamsCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = CommonOptions.Paths();
        var json = CommonOptions.Json();
        var expected = new Option<string?>("--expected") { Description = "The count each checkpoint should have: 15.8M, 1.2B, 350K or a number. Exit 1 when outside the tolerance." };
        var tolerance = new Option<string?>("--tolerance") { Description = "Allowed deviation from --expected: 1% or 0.01 (default 0)." };
        var command = new Command("params", "Count parameters from the header: total, unique (shared storage once), by dtype and by top-level module.") { paths, json, expected, tolerance };
        command.SetAction(async (parse, ct) =>
        {
            var want = CommonOptions.ParseCount(parse.GetValue(expected), "--expected");
            var tol = CommonOptions.ParseTolerance(parse.GetValue(tolerance));
            var reports = new List<ParameterReport>();
            var failed = false;
            using var session = CliSession.Open(console);
            await foreach (var r in session.Inspector.InspectManyAsync(CommonOptions.Expand(parse.GetValue(paths)!), ct).ConfigureAwait(false))
            {
                if (r.Checkpoint is null)
                {
                    failed = true;
                    await console.Error.WriteLineAsync("modelrelease: " + r.Error!.Message).ConfigureAwait(false);
                    continue;
                }
                var report = ParameterCounter.Measure(r.Checkpoint, want, want is null ? null : tol);
                failed |= report.WithinTolerance == false;
                reports.Add(report);
            }
            await console.Out.WriteAsync(parse.GetValue(json) ? Json.Serialize(reports) + "\n" : Render(reports)).ConfigureAwait(false);
            return failed ? CliApp.CheckFailed : CliApp.Ok;
        });
        return command;
    }

    public static string Render(IReadOnlyList<ParameterReport> reports)
    {
        var table = new TextTable("Name", "Total", "Unique", "Exact total", "Expected", "Deviation", "OK").AlignRight(1, 2, 3, 4, 5);
        foreach (var r in reports)
        {
            table.Add(Path.GetFileName(r.Path), r.TotalText, r.UniqueText, r.Total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                r.Expected is { } e ? ParameterCountText.Format(e) : "", r.Deviation is { } d ? d.ToString("P2", System.Globalization.CultureInfo.InvariantCulture) : "",
                r.WithinTolerance switch { true => "yes", false => "NO", null => "" });
        }
        var text = table.ToString();
        foreach (var r in reports)
        {
            var byType = new TextTable("DType", "Elements").AlignRight(1);
            foreach (var (k, v) in r.ByDType) byType.Add(k, v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            var byGroup = new TextTable("Group", "Elements").AlignRight(1);
            foreach (var (k, v) in r.ByGroup.OrderByDescending(kv => kv.Value).Take(20)) byGroup.Add(k, v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            text += $"\n{r.Path}\n{byType}\n{byGroup}";
            if (r.ByGroup.Count > 20) text += $"({r.ByGroup.Count - 20} more groups; --json lists them all)\n";
        }
        return text;
    }
}
