using System.CommandLine;
using System.Globalization;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Releases.Names;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease name new TEMPLATE --field k=v…</c> (New-ModelName) and <c>modelrelease name parse NAME…</c> (ConvertFrom-ModelName).</summary>
internal static class NameCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("name", "Build and read model, repository, artifact, file and tag names with name templates (variant, descriptive, artifact, file, v, model-v, export-v, weights-v, or your own).");
        command.Subcommands.Add(New(console));
        command.Subcommands.Add(Parse(console));
        return command;
    }

    private static Option<string[]> Variants() => new("--variant")
    {
        Description = "The family's variants (small,base,large): the values {variant} may take; they tell org/model (the base, no suffix) from org/model-variant.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Command New(CliConsole console)
    {
        var template = new Argument<string>("template") { Description = "A template's name (variant, descriptive, artifact, file, v, model-v, export-v, weights-v) or a template of your own ('{org}/{model}-{size:word}')." };
        var fields = new Option<string[]>("--field", "-f") { Description = "A field's value as name=value; repeat for each field (rank=32, trainedAt=20250914-132416).", AllowMultipleArgumentsPerToken = true };
        var variants = Variants();
        var json = CommonOptions.Json();
        var command = new Command("new", "Build a name from its fields (checked, read back, and held to the Hub's repository-name rules).") { template, fields, variants, json };
        command.SetAction(async (parse, ct) =>
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in parse.GetValue(fields) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0) throw new UsageException($"--field: '{pair}' is not name=value.");
                values[pair[..equals].Trim()] = pair[(equals + 1)..];
            }
            var name = new ModelNames().Build(parse.GetValue(template)!, values, List(parse.GetValue(variants)));
            foreach (var note in name.Notes) await console.Error.WriteLineAsync("modelrelease: note: " + Core.PrintableText.Escape(note)).ConfigureAwait(false);
            await console.Out.WriteLineAsync(parse.GetValue(json) ? Json.Serialize(name) : Core.PrintableText.Escape(name.Name)).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Parse(CliConsole console)
    {
        var names = new Argument<string[]>("name") { Description = "Names to read.", Arity = ArgumentArity.OneOrMore };
        var template = new Option<string?>("--template", "-t") { Description = "The template to read them with; without it, the first built-in template that reads each name." };
        var variants = Variants();
        var json = CommonOptions.Json();
        var field = new Option<string?>("--field") { Description = "Print only this field's value, one line per name (for a shell variable); a name without it is an error." };
        var command = new Command("parse", "Read the fields of names; a name that does not fit says which part of the template did not match.") { names, template, variants, field, json };
        command.SetAction(async (parse, ct) =>
        {
            var read = new List<ModelName>();
            var failed = false;
            foreach (var text in parse.GetValue(names)!)
            {
                try
                {
                    var name = new ModelNames().Parse(text, parse.GetValue(template), List(parse.GetValue(variants)));
                    foreach (var note in name.Notes) await console.Error.WriteLineAsync($"modelrelease: note: {Core.PrintableText.Escape(text)}: {Core.PrintableText.Escape(note)}").ConfigureAwait(false);
                    read.Add(name);
                }
                catch (ModelNameException ex) when (ex.ErrorId == ModelNameException.ModelNameInvalid)
                {
                    failed = true;
                    await console.Error.WriteLineAsync("modelrelease: " + Core.PrintableText.Escape(ex.Message)).ConfigureAwait(false);
                }
            }
            if (parse.GetValue(field) is { } only)
            {
                foreach (var name in read)
                {
                    var hit = name.Fields.FirstOrDefault(kv => string.Equals(kv.Key, only, StringComparison.OrdinalIgnoreCase));
                    if (hit.Key is null) throw new UsageException($"--field: the {name.Template} template has no field '{only}' (it has {string.Join(", ", name.Fields.Keys)}).");
                    await console.Out.WriteLineAsync(Core.PrintableText.Escape(hit.Value is null ? "" : Shown(hit.Value))).ConfigureAwait(false);
                }
                return failed ? CliApp.CheckFailed : CliApp.Ok;
            }
            await console.Out.WriteAsync(parse.GetValue(json) ? Json.Serialize(read) + "\n" : Render(read)).ConfigureAwait(false);
            return failed ? CliApp.CheckFailed : CliApp.Ok;
        });
        return command;
    }

    private static IReadOnlyList<string>? List(string[]? values) =>
        values is null or { Length: 0 } ? null : values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    public static string Render(IReadOnlyList<ModelName> names)
    {
        var text = "";
        foreach (var name in names)
        {
            var table = new TextTable("Field", "Value");
            foreach (var (field, value) in name.Fields) table.Add(field, Shown(value));
            text += (text.Length == 0 ? "" : "\n") + $"{name.Name} ({name.Template}: {name.TemplateText})\n{table}";
            foreach (var finding in name.Findings) text += $"  {finding.Severity} {finding.Code}: {finding.Message}\n";
        }
        return text;
    }

    private static string Shown(object? value) => value switch
    {
        null => "(none)",
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
