using System.CommandLine;
using ModelRelease.Core.Cards;

namespace ModelRelease.Cli.Commands;

/// <summary>The inputs of a written card that 'card new' and 'release' share: config, metrics, language and the prose of its sections.</summary>
internal static class CardInputOptions
{
    public static Option<string?> Config() => new("--config") { Description = "The training config (YAML or JSON), rendered as a hyperparameter table." };

    public static Option<string?> Metrics() => new("--metrics") { Description = "Evaluation metrics (JSON): a results table and model-index." };

    public static Option<string[]> Language() => new("--language") { Description = "ISO 639 language codes.", AllowMultipleArgumentsPerToken = true, CustomParser = Split };

    public static Option<string?> Sections() => new("--sections") { Description = "Prose for the card's sections from one file: a YAML or JSON mapping of section name to Markdown (model_summary, model_description, direct_use, …)." };

    public static string[] Split(System.CommandLine.Parsing.ArgumentResult result) =>
        result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    /// <summary>The sections of a --sections file, with the --section name=text items given one by one over them.</summary>
    public static Dictionary<string, string> ReadSections(string? file, IReadOnlyDictionary<string, string> items)
    {
        var sections = file is null ? new Dictionary<string, string>(StringComparer.Ordinal) : CardSections.FromFile(Path.GetFullPath(file));
        foreach (var (name, text) in items) sections[name] = text;
        return sections;
    }
}
