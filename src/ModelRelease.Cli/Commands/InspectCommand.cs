using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Checkpoints;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease inspect PATH...</c>: what each checkpoint is, from its header (Get-Checkpoint).</summary>
internal static class InspectCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = CommonOptions.Paths();
        var json = CommonOptions.Json();
        var tensors = new Option<bool>("--tensors") { Description = "List every tensor (name, canonical dtype and the format's own name for it, shape, offset, bytes)." };
        var metadata = new Option<bool>("--metadata") { Description = "Show the metadata (long arrays are abbreviated; --json prints them whole)." };
        var command = new Command("inspect", "Read each checkpoint's header: format, tensors, metadata, shards, parameter count.") { paths, json, tensors, metadata };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console);
            var results = new List<CheckpointReadResult>();
            await foreach (var r in session.Inspector.InspectManyAsync(CommonOptions.Expand(parse.GetValue(paths)!), ct).ConfigureAwait(false)) results.Add(r);
            var ok = results.Where(r => r.Checkpoint is not null).Select(r => r.Checkpoint!).ToList();
            foreach (var failed in results.Where(r => r.Error is not null))
            {
                await console.Error.WriteLineAsync("modelrelease: " + failed.Error!.Message).ConfigureAwait(false);
            }
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(Json.Serialize(ok)).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteAsync(Render(ok, parse.GetValue(tensors), parse.GetValue(metadata))).ConfigureAwait(false);
            }
            return results.Any(r => r.Error is not null) ? CliApp.CheckFailed : CliApp.Ok;
        });
        return command;
    }

    public static string Render(IReadOnlyList<Checkpoint> checkpoints, bool tensors, bool metadata)
    {
        var summary = new TextTable("Name", "Format", "Size", "Tensors", "Parameters", "Shards", "Notes").AlignRight(2, 3, 4, 5);
        foreach (var c in checkpoints)
        {
            var notes = string.Join("; ", new[] { c.FileType, c.FormatVersion is { } v ? $"v{v}" : null, c.ByteOrder == "big" ? "big-endian" : null }
                .Concat(c.Findings.Select(f => $"{f.Severity} {f.Code}")).Where(s => s is not null));
            summary.Add(c.Name, c.Format, ByteSizeText.Format(c.Length), c.TensorCount, ParameterCountText.Format(c.ParameterCount), c.Shards.Count, notes);
        }
        var text = checkpoints.Count == 0 ? "" : summary.ToString();
        foreach (var c in checkpoints)
        {
            if (metadata && c.Metadata.Count > 0)
            {
                var table = new TextTable("Key", "Value");
                foreach (var (key, value) in c.Metadata) table.Add(key, Abbreviate(value));
                text += $"\n{c.Path} metadata:\n{table}";
            }
            if (tensors)
            {
                var table = new TextTable("Name", "DType", "Stored as", "Shape", "Elements", "Offset", "Bytes").AlignRight(4, 5, 6);
                foreach (var t in c.Tensors) table.Add(t.Name, t.DType, t.FormatDType, CommonOptions.Dims(t.Shape), t.ElementCount, t.ByteOffset, t.ByteLength);
                text += $"\n{c.Path} tensors:\n{table}";
            }
        }
        return text;
    }

    private static string Abbreviate(object? value)
    {
        if (value is string s) return s.Length > 120 ? s[..117] + "..." : s;
        if (value is System.Collections.IEnumerable items and not string)
        {
            var list = items.Cast<object?>().Take(9).ToList();
            var count = items.Cast<object?>().Count();
            var head = string.Join(", ", list.Take(8).Select(v => v?.ToString()));
            return count > 8 ? $"[{head}, ... ({count} items)]" : $"[{head}]";
        }
        return value?.ToString() ?? "null";
    }
}
