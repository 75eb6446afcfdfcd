using System.Text.RegularExpressions;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Core.Checkpoints.Parameters;

namespace ModelRelease.Core.Cards;

/// <summary>
/// One card per variant of a family (small, base, large) in one call. Every <c>{variant}</c> in the repo id,
/// config, metrics, template, checkpoint and output paths is replaced by the variant's name; checkpoints given directly
/// go to the variant whose name is a whole word of their path. Each card carries a table of the whole family.
/// </summary>
public static partial class CardFamily
{
    public const string Token = "{variant}";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex VariantName();

    public static string? Expand(string? pattern, string variant) => pattern?.Replace(Token, variant, StringComparison.Ordinal);

    /// <summary>Checks variant names: letters, digits, '.', '_' and '-', distinct.</summary>
    public static void CheckVariants(IReadOnlyList<string> variants)
    {
        foreach (var v in variants)
        {
            if (!VariantName().IsMatch(v)) throw new ModelCardException("ModelCardVariantInvalid", CardCodes.VariantName, null, null, $"variant '{v}' is not a name (letters, digits, '.', '_' and '-', at most 64)", ErrorKind.InvalidArgument);
        }
        var twice = variants.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ModelCardException("ModelCardVariantInvalid", CardCodes.VariantName, null, null, $"variant '{twice.Key}' is given twice", ErrorKind.InvalidArgument);
    }

    /// <summary>Several cards are never written to one file: with two variants or more, an output path must hold {variant}.</summary>
    public static void CheckOutputPattern(string? output, IReadOnlyList<string> variants)
    {
        if (output is not null && variants.Count > 1 && !output.Contains(Token, StringComparison.Ordinal))
        {
            throw new ModelCardException("ModelCardVariantInvalid", CardCodes.VariantOutput, output, null, $"{variants.Count} variants would all be written to this one file; put {Token} in the path (out/{Token}/README.md)", ErrorKind.InvalidArgument);
        }
    }

    /// <summary>Piped checkpoints whose path has the variant as a whole word (models/base/…, llm-base.gguf).</summary>
    public static IReadOnlyList<Checkpoint> CheckpointsOf(IEnumerable<Checkpoint> checkpoints, string variant) =>
        checkpoints.Where(c => Names(c.Path, variant)).ToList();

    /// <summary>True when <paramref name="variant"/> is a whole word of <paramref name="path"/>.</summary>
    public static bool Names(string path, string variant) =>
        Regex.IsMatch(path.Replace('\\', '/'), $@"(^|[/._-]){Regex.Escape(variant)}([/._-]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// The requests of a family from one request whose strings may hold <c>{variant}</c>: repo id, config, metrics and
    /// template paths; checkpoints from <paramref name="checkpointPatterns"/> (files or folders per variant) are
    /// read here, and given checkpoints are shared out by name.
    /// </summary>
    public static async Task<IReadOnlyList<CardRequest>> RequestsAsync(CardRequest pattern, IReadOnlyList<string> variants, IReadOnlyList<string> checkpointPatterns, CheckpointInspector inspector, CancellationToken ct = default)
    {
        CheckVariants(variants);
        var requests = new List<CardRequest>();
        foreach (var variant in variants)
        {
            var checkpoints = CheckpointsOf(pattern.Checkpoints, variant).ToList();
            foreach (var path in checkpointPatterns.Select(p => Expand(p, variant)!))
            {
                checkpoints.AddRange(await ReadCheckpointsAsync(path, inspector, $"no checkpoint for variant '{variant}' at this path", ct).ConfigureAwait(false));
            }
            var reports = pattern.Reports.Where(r => Names(r.Path, variant) || checkpoints.Any(c => string.Equals(c.Path, r.Path, StringComparison.Ordinal))).ToList();
            requests.Add(pattern with
            {
                Variant = variant,
                RepoId = Expand(pattern.RepoId, variant),
                ConfigPath = Expand(pattern.ConfigPath, variant),
                MetricsPath = Expand(pattern.MetricsPath, variant),
                TemplatePath = Expand(pattern.TemplatePath, variant),
                Checkpoints = checkpoints,
                Reports = reports,
            });
        }
        var table = FamilyTable(requests);
        return requests.Select(r => r with { Family = table }).ToList();
    }

    /// <summary>
    /// The cards of a request: one, or one per variant when <paramref name="variants"/> are given. Checkpoint paths
    /// (files or folders; with {variant} for a family) are read here.
    /// </summary>
    public static async Task<IReadOnlyList<ModelCard>> BuildAsync(CardRequest request, IReadOnlyList<string> variants, IReadOnlyList<string> checkpointPaths, CheckpointInspector inspector, CancellationToken ct = default, CardHashing? hashing = null)
    {
        IReadOnlyList<CardRequest> requests;
        if (variants.Count > 0)
        {
            requests = await RequestsAsync(request, variants, checkpointPaths, inspector, ct).ConfigureAwait(false);
        }
        else
        {
            foreach (var text in new[] { request.RepoId, request.ConfigPath, request.MetricsPath, request.TemplatePath }.Concat(checkpointPaths))
            {
                if (text?.Contains(Token, StringComparison.Ordinal) == true)
                {
                    throw new ModelCardException("ModelCardVariantInvalid", CardCodes.VariantMissing, null, null, $"'{text}' has {Token} but no variants were given (name them, for example small,base,large)", ErrorKind.InvalidArgument);
                }
            }
            var checkpoints = request.Checkpoints.ToList();
            foreach (var path in checkpointPaths)
            {
                checkpoints.AddRange(await ReadCheckpointsAsync(path, inspector, "no checkpoint at this path", ct).ConfigureAwait(false));
            }
            requests = [request with { Checkpoints = checkpoints }];
        }
        if (hashing is not null)
        {
            var hashed = new List<CardRequest>();
            foreach (var r in requests) hashed.Add(await hashing.AddAsync(r, ct).ConfigureAwait(false));
            hashing.Cache.Save();
            requests = hashed;
        }
        return requests.Select(CardBuilder.Build).ToList();
    }

    /// <summary>Checkpoints of files given directly (piped from Get-ChildItem): read once, a sharded set once.</summary>
    public static async Task<List<Checkpoint>> InspectFilesAsync(IEnumerable<string> files, CheckpointInspector inspector, CancellationToken ct = default)
    {
        var result = new List<Checkpoint>();
        await foreach (var read in inspector.InspectManyAsync(CheckpointFiles.Expand(files), ct).ConfigureAwait(false))
        {
            result.Add(read.Checkpoint ?? throw read.Error!);
        }
        return result;
    }

    private static async Task<List<Checkpoint>> ReadCheckpointsAsync(string path, CheckpointInspector inspector, string missing, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full) && !Directory.Exists(full)) throw new ModelCardException("ModelCardCheckpointMissing", CardCodes.CheckpointMissing, full, null, missing, ErrorKind.NotFound);
        return await InspectFilesAsync([full], inspector, ct).ConfigureAwait(false);
    }

    private static string FamilyTable(IReadOnlyList<CardRequest> requests)
    {
        var lines = new List<string> { "| Variant | Repository | Parameters | Formats |", "|---|---|---|---|" };
        foreach (var r in requests)
        {
            var reports = r.Reports.Count > 0 ? r.Reports : r.Checkpoints.Select(c => ParameterCounter.Measure(c)).ToList();
            var parameters = reports.Count > 0 ? ParameterCountText.Format(reports.Sum(x => x.Total)) : "—";
            var formats = r.Checkpoints.Count > 0 ? string.Join(", ", r.Checkpoints.Select(c => CardBuilder.FormatName(c.Format)).Distinct()) : "—";
            var repo = r.RepoId is null ? "—" : $"[{r.RepoId}](https://huggingface.co/{r.RepoId})";
            lines.Add($"| {r.Variant} | {repo} | {parameters} | {formats} |");
        }
        return string.Join('\n', lines);
    }
}
