using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Checkpoints;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease card new|show|test</c>: New-ModelCard, Get-ModelCard and Test-ModelCard.</summary>
internal static class CardCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("card", "Model cards: write one from the facts (new), read one (show), check one (test), change its metadata (set).");
        command.Subcommands.Add(New(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Test(console));
        command.Subcommands.Add(Set(console));
        return command;
    }

    private static Command New(CliConsole console)
    {
        var checkpoints = new Argument<string[]>("checkpoint") { Description = "Checkpoint files or folders the card describes (with --variant, {variant} is replaced).", Arity = ArgumentArity.ZeroOrMore };
        var repo = new Option<string?>("--repo") { Description = "The repository, namespace/name (may hold {variant})." };
        var version = new Option<string?>("--version") { Description = "The release version; the tag defaults to v<version>." };
        var releaseTag = new Option<string?>("--release-tag") { Description = "The release tag, when it is not v<version>." };
        var variant = new Option<string[]>("--variant") { Description = "Variants of a family (small,base,large): one card each.", AllowMultipleArgumentsPerToken = true, CustomParser = Split };
        var config = CardInputOptions.Config();
        var metrics = CardInputOptions.Metrics();
        var template = new Option<string?>("--template") { Description = "Your own Markdown template with {{ name }} placeholders." };
        var license = new Option<string?>("--license") { Description = "The Hub license id (apache-2.0, mit, …) or other." };
        var licenseName = new Option<string?>("--license-name") { Description = "The name of an 'other' license." };
        var licenseLink = new Option<string?>("--license-link") { Description = "Where an 'other' license can be read." };
        var language = CardInputOptions.Language();
        var tag = new Option<string[]>("--tag") { Description = "Hub tags.", AllowMultipleArgumentsPerToken = true, CustomParser = Split };
        var library = new Option<string?>("--library") { Description = "The library that loads the model (transformers, llama.cpp, …)." };
        var pipelineTag = new Option<string?>("--pipeline-tag") { Description = "The Hub task (text-generation, …)." };
        var baseModel = new Option<string[]>("--base-model") { Description = "Models this one derives from.", AllowMultipleArgumentsPerToken = true, CustomParser = Split };
        var dataset = new Option<string[]>("--dataset") { Description = "Training datasets.", AllowMultipleArgumentsPerToken = true, CustomParser = Split };
        var section = new Option<string[]>("--section") { Description = "Prose for a section: name=text, or name=@file to read it from a file (model_description, direct_use, …); over --sections.", AllowMultipleArgumentsPerToken = false };
        var sectionsFile = CardInputOptions.Sections();
        var output = new Option<string?>("--out", "-o") { Description = "Write the card here (a file, or a folder for README.md; may hold {variant}); otherwise it is printed." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var noHash = new Option<bool>("--no-hash") { Description = "Leave the SHA-256 column empty instead of hashing the files (hashes are cached and shared with 'publish')." };
        var json = CommonOptions.Json();
        var command = new Command("new", "Write a model card from checkpoints, config, metrics and release facts; open sections are reported on stderr and refused by 'card test'.")
        {
            checkpoints, repo, version, releaseTag, variant, config, metrics, template, license, licenseName, licenseLink, language, tag, library, pipelineTag, baseModel, dataset, section, sectionsFile, output, force, noHash, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var variants = parse.GetValue(variant) ?? [];
            var outPath = parse.GetValue(output);
            if (variants.Length > 1 && outPath is null) throw new UsageException("--variant with several variants needs --out (for example --out 'out/{variant}/README.md').");
            CardFamily.CheckOutputPattern(outPath, variants);
            var request = new CardRequest
            {
                RepoId = parse.GetValue(repo),
                Version = parse.GetValue(version),
                Tag = parse.GetValue(releaseTag),
                ConfigPath = Full(parse.GetValue(config)),
                TemplatePath = Full(parse.GetValue(template)),
                MetricsPath = Full(parse.GetValue(metrics)),
                License = parse.GetValue(license),
                LicenseName = parse.GetValue(licenseName),
                LicenseLink = parse.GetValue(licenseLink),
                Language = parse.GetValue(language) ?? [],
                Tags = parse.GetValue(tag) ?? [],
                LibraryName = parse.GetValue(library),
                PipelineTag = parse.GetValue(pipelineTag),
                BaseModel = parse.GetValue(baseModel) ?? [],
                Datasets = parse.GetValue(dataset) ?? [],
                Sections = CardInputOptions.ReadSections(parse.GetValue(sectionsFile), Sections(parse.GetValue(section) ?? [])),
            };
            var paths = (parse.GetValue(checkpoints) ?? []).Select(Path.GetFullPath).ToList();
            using var session = CliSession.Open(console);
            CardHashing? hashing = null;
            if (!parse.GetValue(noHash))
            {
                var bar = new ConsoleProgress(console, "sha256");
                hashing = session.CardHashing(new SyncProgress<(long Done, long Total)>(p => bar.Report(p.Done, p.Total)));
            }
            var cards = await CardFamily.BuildAsync(request, variants, paths, session.Inspector, ct, hashing).ConfigureAwait(false);
            var written = new List<ModelCard>();
            foreach (var card in cards)
            {
                var open = CardBuilder.OpenLines(card);
                if (open > 0)
                {
                    await console.Error.WriteLineAsync($"modelrelease: {card.RepoId ?? card.Variant ?? "card"}: {open} line(s) still say {CardBuilder.Missing} (give --section name=text, --license, --language, --metrics, --config)").ConfigureAwait(false);
                }
                if (outPath is null)
                {
                    written.Add(card);
                    continue;
                }
                written.Add(await CardFile.WriteAsync(card, Path.GetFullPath(CardFamily.Expand(outPath, card.Variant ?? "")!), parse.GetValue(force), ct).ConfigureAwait(false));
            }
            if (parse.GetValue(json)) await console.Out.WriteAsync(Json.Serialize(written) + "\n").ConfigureAwait(false);
            else if (outPath is null) await console.Out.WriteAsync(written[0].Text).ConfigureAwait(false);
            else foreach (var card in written) await console.Out.WriteLineAsync($"wrote {card.Path}").ConfigureAwait(false);
            // A card with open sections is written and reported; 'card test' is the gate that refuses it.
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var path = new Argument<string?>("path") { Description = "A card file, or a folder with a README.md.", Arity = ArgumentArity.ZeroOrOne };
        var repo = new Option<string?>("--repo") { Description = "Read README.md from this Hub repository instead." };
        var repoType = HubOptions.RepoType();
        var revision = HubOptions.Revision();
        var endpoint = HubOptions.Endpoint();
        var verbose = HubOptions.Verbose();
        var text = new Option<bool>("--text") { Description = "Print the card as it is, byte for byte." };
        var json = CommonOptions.Json();
        var command = new Command("show", "Read a model card: its metadata and the sections of its body.") { path, repo, repoType, revision, endpoint, verbose, text, json };
        command.SetAction(async (parse, ct) =>
        {
            ModelCard card;
            if (parse.GetValue(repo) is { } id)
            {
                if (parse.GetValue(path) is not null) throw new UsageException("give a path or --repo, not both.");
                using var session = CliSession.Open(console, parse, endpoint, verbose);
                card = await CardHub.ReadAsync(session.Hub, Core.Hub.RepoRef.Parse(id, parse.GetValue(repoType)!), parse.GetValue(revision)!, ct).ConfigureAwait(false);
            }
            else
            {
                card = await CardFile.ReadAsync(Path.GetFullPath(parse.GetValue(path) ?? throw new UsageException("give a card path or --repo.")), ct).ConfigureAwait(false);
            }
            if (parse.GetValue(text)) await console.Out.WriteAsync(card.Text).ConfigureAwait(false);
            else if (parse.GetValue(json)) await console.Out.WriteAsync(Json.Serialize(card) + "\n").ConfigureAwait(false);
            else await console.Out.WriteAsync(Render(card)).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Test(CliConsole console)
    {
        var paths = new Argument<string[]>("path") { Description = "Card files, or folders with a README.md.", Arity = ArgumentArity.OneOrMore };
        var policy = new Option<string?>("--policy") { Description = "The policy: default (the default), strict (the gate of earlier versions), or a team's YAML file that changes one of them (extends, required_metadata, required_sections, severity, …)." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A checkpoint whose parameter count the card must state." };
        var online = new Option<bool>("--online") { Description = "Also ask the Hub's validate-yaml." };
        var repoType = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var verbose = HubOptions.Verbose();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing; the exit code says it all." };
        var json = CommonOptions.Json();
        var command = new Command("test", "Check model cards: unfinished text, sections, metadata, license, language, model-index, metrics and parameter count. Exit 1 when any card fails.")
        {
            paths, policy, checkpoint, online, repoType, endpoint, verbose, quiet, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var rules = parse.GetValue(policy) is { } p ? CardPolicy.Select(p, Path.GetFullPath) : CardPolicy.Default;
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var against = parse.GetValue(checkpoint) is { } c ? await session.Inspector.InspectAsync(Path.GetFullPath(c), ct).ConfigureAwait(false) : null;
            var client = parse.GetValue(online) ? session.Hub : null;
            var results = new List<ModelCardValidation>();
            foreach (var given in parse.GetValue(paths)!)
            {
                var (validation, card) = await CardValidator.ValidateFileAsync(Path.GetFullPath(given), rules, against, ct).ConfigureAwait(false);
                if (client is not null && card is not null) validation = await CardHub.ValidateOnlineAsync(client, card, validation, parse.GetValue(repoType)!, ct).ConfigureAwait(false);
                results.Add(validation);
            }
            if (!parse.GetValue(quiet))
            {
                await console.Out.WriteAsync(parse.GetValue(json) ? Json.Serialize(results) + "\n" : Render(results)).ConfigureAwait(false);
            }
            return results.All(r => r.IsValid) ? CliApp.Ok : CliApp.CheckFailed;
        });
        return command;
    }

    private static Command Set(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "The card file (or a folder with a README.md) to change in place." };
        var license = new Option<string?>("--license") { Description = "The Hub license id." };
        var licenseName = new Option<string?>("--license-name") { Description = "The name of an 'other' license." };
        var licenseLink = new Option<string?>("--license-link") { Description = "Where an 'other' license can be read." };
        var language = new Option<string[]>("--language") { Description = "ISO 639 language codes (replaces the list).", AllowMultipleArgumentsPerToken = true, CustomParser = Split };
        var tag = new Option<string[]>("--tag") { Description = "Hub tags (replaces the list).", AllowMultipleArgumentsPerToken = true, CustomParser = Split };
        var library = new Option<string?>("--library") { Description = "The library that loads the model." };
        var pipelineTag = new Option<string?>("--pipeline-tag") { Description = "The Hub task." };
        var baseModel = new Option<string[]>("--base-model") { Description = "Models this one derives from.", AllowMultipleArgumentsPerToken = true, CustomParser = Split };
        var dataset = new Option<string[]>("--dataset") { Description = "Training datasets.", AllowMultipleArgumentsPerToken = true, CustomParser = Split };
        var meta = new Option<string[]>("--meta") { Description = "Any other key: key=value (the value is read as YAML, so 3 is a number and [a, b] a list)." };
        var remove = new Option<string[]>("--remove") { Description = "Keys to remove.", AllowMultipleArgumentsPerToken = true, CustomParser = Split };
        var output = new Option<string?>("--out", "-o") { Description = "Write the changed card here instead of in place (never over another file without --force)." };
        var force = new Option<bool>("--force") { Description = "With --out, overwrite an existing file." };
        var json = CommonOptions.Json();
        var command = new Command("set", "Change a card's metadata; the body, unknown keys, line endings and a BOM stay byte for byte.")
        {
            path, license, licenseName, licenseLink, language, tag, library, pipelineTag, baseModel, dataset, meta, remove, output, force, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var card = await CardFile.ReadAsync(Path.GetFullPath(parse.GetValue(path)!), ct).ConfigureAwait(false);
            var changes = CardMetadataUpdate.FromParameters(parse.GetValue(license), parse.GetValue(licenseName), parse.GetValue(licenseLink),
                NullIfEmpty(parse.GetValue(language)), NullIfEmpty(parse.GetValue(tag)), parse.GetValue(library), parse.GetValue(pipelineTag),
                NullIfEmpty(parse.GetValue(baseModel)), NullIfEmpty(parse.GetValue(dataset)));
            foreach (var item in parse.GetValue(meta) ?? [])
            {
                var eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new UsageException($"--meta '{item}': write key=value.");
                var parsed = CardYaml.ParseMapping("v: " + item[(eq + 1)..] + "\n", "--meta " + item[..eq], 1, "ModelCardMetadataInvalid", "CARD_METADATA_VALUE");
                changes.Add(new(item[..eq], parsed["v"]));
            }
            changes.AddRange((parse.GetValue(remove) ?? []).Select(k => new KeyValuePair<string, object?>(k, null)));
            if (changes.Count == 0) throw new UsageException("nothing to change: give --license, --tag, --meta key=value, --remove key, ….");
            var changed = CardDocument.WithMetadata(card, CardMetadataUpdate.Apply(card.Metadata, changes));
            var target = parse.GetValue(output) is { } o ? Path.GetFullPath(o) : card.Path!;
            var written = await CardFile.WriteAsync(changed, target, force: target == card.Path || parse.GetValue(force), ct).ConfigureAwait(false);
            await console.Out.WriteLineAsync(parse.GetValue(json) ? Json.Serialize(written) : $"wrote {written.Path}").ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    private static IReadOnlyList<string>? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;

    private static string[] Split(System.CommandLine.Parsing.ArgumentResult result) =>
        result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

    private static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);

    private static Dictionary<string, string> Sections(IEnumerable<string> given)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in given)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new UsageException($"--section '{item}': write name=text or name=@file.");
            var value = item[(eq + 1)..];
            if (value.StartsWith('@'))
            {
                var file = Path.GetFullPath(value[1..]);
                if (!File.Exists(file)) throw new UsageException($"--section {item[..eq]}: '{file}' does not exist.");
                value = File.ReadAllText(file);
            }
            sections[item[..eq]] = value;
        }
        return sections;
    }

    private static string Render(ModelCard card)
    {
        var table = new TextTable("Key", "Value");
        foreach (var (key, value) in card.Metadata) table.Add(key, Summary(value));
        var headings = card.Sections.Select(h => $"  {new string('#', h.Level)} {h.Title}");
        return $"{card.RepoId ?? card.Path}\n{table}\nSections:\n{string.Join('\n', headings)}\n";
    }

    private static string Summary(object? value) => value switch
    {
        null => "",
        List<object?> list when list.All(x => x is not (List<object?> or Dictionary<string, object?>)) => string.Join(", ", list),
        List<object?> list => $"({list.Count} items)",
        Dictionary<string, object?> map => $"({map.Count} keys)",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static string Render(IReadOnlyList<ModelCardValidation> results)
    {
        var table = new TextTable("Card", "Valid", "Errors", "Warnings").AlignRight(2, 3);
        foreach (var r in results) table.Add(r.Path ?? r.RepoId ?? "", r.IsValid ? "yes" : "NO", r.ErrorCount, r.WarningCount);
        var text = table.ToString();
        var findings = new TextTable("Card", "Line", "Code", "Message");
        foreach (var r in results)
        {
            foreach (var f in r.Findings) findings.Add(Path.GetFileName(f.Path ?? r.Path ?? ""), f.Line, f.Code, f.Message);
        }
        if (findings.Count > 0) text += "\n" + findings;
        return text;
    }
}
