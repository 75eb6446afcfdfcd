using System.Collections;
using System.Management.Automation;
using ModelRelease.Core.Releases.Names;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Builds a model, repository, artifact, file or tag name from its fields with a name template.</para>
/// </summary>
/// <remarks>
/// Templates: variant ({org}/{model}[-{variant}]; a base variant may have no suffix), descriptive
/// ({base}-{dataset}-r{rank}-a{alpha}-e{epochs}-{trainedAt:yyyyMMdd-HHmmss}[-{format}[-{exportedAt:yyyyMMdd-HHmmss}]]),
/// artifact ({runtime}[-{quant}]-{name:descriptive}[-v{version}].tar.gz), file ({name}-{size}-{quant}.gguf), the tag
/// families v, model-v, export-v, weights-v, or a template of your own with the same {field[:format]} syntax. Every
/// value is checked against its field (a whole number, a timestamp, a version, a word without '-'); the name is read
/// back and must give the same fields (NAME_AMBIGUOUS otherwise: pass -Variant for a base variant without a suffix);
/// a repository name must keep the Hub's rules (96 characters, letters, digits, '-', '_', '.', no '--' or '..', no '-'
/// or '.' at either end). Loose values (a version v2.0, a timestamp in ISO form) are written canonically and said
/// in a warning. From the pipeline, each object's properties (a CSV row, a ModelName's Fields) are its fields;
/// properties the template has no field for are skipped.
/// </remarks>
/// <example>
/// <code>New-ModelName descriptive @{ base = 'phi3mini4k'; dataset = 'minimal'; rank = 32; alpha = 64; epochs = 20; trainedAt = [datetime]'2025-09-14 13:24:16'; format = 'q4_k_m-gguf' }</code>
/// <para>phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf: a descriptive name for a GGUF export.</para>
/// </example>
/// <example>
/// <code>Import-Csv ./runs.csv | New-ModelName descriptive | Select-Object -ExpandProperty Name</code>
/// <para>A name for each training run in a CSV file whose columns are the template's fields.</para>
/// </example>
/// <example>
/// <code>'small', 'base', 'large' | ForEach-Object { New-ModelName variant @{ org = 'org'; model = 'stick-gen'; variant = $_ } }</code>
/// <para>The repositories of a model family, one per variant.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "ModelName", DefaultParameterSetName = FieldSet)]
[OutputType(typeof(ModelName))]
public sealed class NewModelNameCommand : ModelReleaseCmdlet
{
    private const string FieldSet = "Field";
    private const string InputObjectSet = "InputObject";

    /// <summary>A template's name (variant, descriptive, artifact, file, v, model-v, export-v, weights-v) or a template of your own ({org}/{model}-{size:word}).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Template { get; set; } = "";

    /// <summary>The fields' values by name (names match without regard to case; a null or empty value leaves an optional part out).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = FieldSet)]
    [Alias("Fields")]
    public IDictionary Field { get; set; } = new Hashtable();

    /// <summary>An object whose properties are the fields (a CSV row, a ModelName, a hashtable).</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    /// <summary>The family's variants (small, base, large): the values {variant} may take; they also tell a base without a suffix from a model name with '-'.</summary>
    [Parameter]
    public string[]? Variant { get; set; }

    protected override void ProcessInput()
    {
        var fields = ParameterSetName == FieldSet ? FromDictionary(Field) : FromObject(InputObject is null ? null : PSObject.AsPSObject(InputObject));
        try
        {
            var name = new ModelNames().Build(Template, fields, Variant, ignoreUnknownFields: ParameterSetName == InputObjectSet);
            foreach (var note in name.Notes) WriteWarningLine(note);
            WriteObject(name);
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Template);
        }
    }

    private static Dictionary<string, object?> FromDictionary(IDictionary? table)
    {
        var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (table is null) return fields;
        foreach (var key in table.Keys)
        {
            fields[(key is PSObject p ? p.BaseObject : key).ToString()!] = Plain(table[key]);
        }
        return fields;
    }

    private static Dictionary<string, object?> FromObject(PSObject? input)
    {
        if (input?.BaseObject is IDictionary table) return FromDictionary(table);
        if (input?.BaseObject is ModelName name) return name.Fields.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        var fields = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (input is null) return fields;
        foreach (var property in input.Properties.Where(p => p.IsGettable))
        {
            object? value;
            try
            {
                value = property.Value;
            }
            catch (GetValueException)
            {
                continue;
            }
            fields[property.Name] = Plain(value);
        }
        return fields;
    }

    /// <summary>The value under its PSObject wrapper; anything but text, numbers, dates and versions as text.</summary>
    private static object? Plain(object? value)
    {
        value = value is PSObject pso ? pso.BaseObject : value;
        return value switch
        {
            null or string or int or long or short or byte or uint or double or decimal or DateTime or DateTimeOffset or SemanticVersion or ParsedVersion => value,
            _ => value.ToString(),
        };
    }
}
