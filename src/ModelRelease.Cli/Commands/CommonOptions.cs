using System.CommandLine;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Cli.Commands;

/// <summary>Options and arguments several commands share, and the path handling they share.</summary>
internal static class CommonOptions
{
    /// <summary>
    /// Marks <paramref name="option"/> as a version given on the command line: a value the one reader of versions
    /// (<see cref="VersionParser"/>) cannot read (VER_SYNTAX, VER_PARTS, …) is bad usage, exit 2 with the command's usage,
    /// found while parsing, before anything is read or written. Every option that takes a version goes through here, so
    /// every command treats a malformed version alike. (A version read from a file or the Hub stays the job's failure.)
    /// </summary>
    public static Option<T> ReadsVersion<T>(this Option<T> option)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!VersionParser.TryParse(token.Value, out _, out var error)) result.AddError($"{option.Name} {Core.PrintableText.Escape(error.Message)}");
            }
        });
        return option;
    }

    /// <summary>Marks a tag family option (v, model-v, vllm-v{version}, hub-v): one the core's tag reader does not know is bad usage, like a malformed version.</summary>
    public static Option<T> ReadsTagFamily<T>(this Option<T> option) => option.ReadsWith(value => Core.Operations.Tags.TagOperation.Family(value, []));

    /// <summary>Marks a weights version option: one the core's weights-version reader refuses (1.1.1, 1.1-rc1) is bad usage.</summary>
    public static Option<T> ReadsWeightsVersion<T>(this Option<T> option) => option.ReadsWith(value => Core.Operations.Weights.WeightsOperation.ReadVersion(value));

    /// <summary>Marks a tag format option (vllm-v{version}): one the core's tag template reader refuses is bad usage.</summary>
    public static Option<T> ReadsTagTemplate<T>(this Option<T> option) => option.ReadsWith(value => TagTemplate.Parse(value));

    /// <summary>
    /// Each value of <paramref name="option"/> goes through <paramref name="read"/>, a reader of the core; a typed error
    /// it raises (the core's rule, not the face's) is bad usage, found while parsing, before anything runs.
    /// </summary>
    private static Option<T> ReadsWith<T>(this Option<T> option, Action<string> read)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                try
                {
                    read(token.Value);
                }
                catch (ModelReleaseException ex)
                {
                    result.AddError($"{option.Name} {Core.PrintableText.Escape(ex.Message)}");
                }
            }
        });
        return option;
    }

    public static Option<bool> Json() => new("--json") { Description = "Print the records as JSON (camelCase property names) instead of tables." };

    public static Argument<string[]> Paths() => new("path")
    {
        Description = "Checkpoint files or folders (a folder stands for the checkpoint files directly in it).",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>Full paths; a path that does not exist is kept so the reader reports it with its code.</summary>
    public static List<string> Expand(IEnumerable<string> paths) => CheckpointFiles.Expand(FullPaths(paths)).ToList();

    /// <summary>Full paths as given (an argument that looks like an option and names nothing is bad usage).</summary>
    public static List<string> FullPaths(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        var unknown = list.FirstOrDefault(p => p.StartsWith('-') && !File.Exists(p) && !Directory.Exists(p));
        if (unknown is not null) throw new UsageException($"unknown option '{unknown}'.");
        return list.Select(p => Path.GetFullPath(p)).ToList();
    }

    public static long? ParseCount(string? text, string option)
    {
        if (text is null) return null;
        return ParameterCountText.TryParse(text, out var n) ? n : throw new UsageException($"{option}: '{text}' is not a parameter count; write it like 15800000, 15.8M, 1.2B or 350K.");
    }

    public static double ParseTolerance(string? text) =>
        text is null ? 0 : ToleranceText.TryParse(text, out var v) ? v : throw new UsageException($"--tolerance: '{text}' is not a tolerance; write it like 1% or 0.01 (at most 100%).");

    public static string Dims(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";
}
