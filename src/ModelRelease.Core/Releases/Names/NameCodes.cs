namespace ModelRelease.Core.Releases.Names;

/// <summary>Stable codes of the name rules (enumerated by a test: unique, prefixed NAME_).</summary>
public static class NameCodes
{
    /// <summary>A template's text does not parse (an unclosed brace or bracket, a field twice, two fields with nothing between).</summary>
    public const string TemplateSyntax = "NAME_TEMPLATE_SYNTAX";

    /// <summary>A template name that is not one of the built-in templates (and has no {field}).</summary>
    public const string TemplateUnknown = "NAME_TEMPLATE_UNKNOWN";

    /// <summary>A part of the template did not match the name (the error names the part and the position).</summary>
    public const string Part = "NAME_PART";

    /// <summary>The name goes on after the template ends.</summary>
    public const string Trailing = "NAME_TRAILING";

    /// <summary>No built-in template reads the name (when none was named).</summary>
    public const string NoTemplate = "NAME_NO_TEMPLATE";

    /// <summary>A field's text matched its place but is not a value of its kind (month 13, a version that does not parse).</summary>
    public const string FieldValue = "NAME_FIELD_VALUE";

    /// <summary>Building: a field the template needs was not given.</summary>
    public const string FieldMissing = "NAME_FIELD_MISSING";

    /// <summary>Building: a field the template does not have was given.</summary>
    public const string FieldUnknown = "NAME_FIELD_UNKNOWN";

    /// <summary>Building: a nested name and its own fields were both given and disagree.</summary>
    public const string FieldConflict = "NAME_FIELD_CONFLICT";

    /// <summary>Building: the name would read back with other fields (a model with '-' and no variant, say).</summary>
    public const string Ambiguous = "NAME_AMBIGUOUS";

    /// <summary>The name is longer than any name this reads (512 characters).</summary>
    public const string TooLong = "NAME_TOO_LONG";

    /// <summary>Building: the name breaks the rules of what it names (the Hub's repository-name rules, file-name rules, tag rules).</summary>
    public const string Rules = "NAME_RULES";

    /// <summary>A repository name part longer than 96 characters.</summary>
    public const string HubLength = "NAME_HUB_LENGTH";

    /// <summary>A repository name with a character other than letters, digits, '-', '_' and '.'.</summary>
    public const string HubCharacter = "NAME_HUB_CHARACTER";

    /// <summary>A repository name with '--' or '..'.</summary>
    public const string HubDoubled = "NAME_HUB_DOUBLED";

    /// <summary>A repository name that starts or ends with '-' or '.'.</summary>
    public const string HubEdge = "NAME_HUB_EDGE";

    /// <summary>A repository id with an empty part or more than one '/'.</summary>
    public const string HubParts = "NAME_HUB_PARTS";

    /// <summary>A repository name ending in '.git'.</summary>
    public const string HubSuffix = "NAME_HUB_SUFFIX";

    /// <summary>A file name with '/', '\' or a control character, empty, '.' or '..', or longer than 255 bytes.</summary>
    public const string FileName = "NAME_FILE";

    /// <summary>A tag name git or the Hub would refuse.</summary>
    public const string TagName = "NAME_TAG";

    /// <summary>The quantization a GGUF file name says is not the file's general.file_type.</summary>
    public const string QuantizationMismatch = "NAME_QUANT_MISMATCH";

    /// <summary>A GGUF file name says a quantization, and the file has no general.file_type to check it against.</summary>
    public const string QuantizationUnverified = "NAME_QUANT_UNVERIFIED";

    /// <summary>A GGUF file name names more than one quantization.</summary>
    public const string QuantizationAmbiguous = "NAME_QUANT_AMBIGUOUS";

    /// <summary>The size a name says (3b, 135m, small) is not the parameter count within the tolerance.</summary>
    public const string SizeMismatch = "NAME_SIZE_MISMATCH";

    /// <summary>A size label that is not a count (small, base) and has no expected count to check against.</summary>
    public const string SizeUnknown = "NAME_SIZE_UNKNOWN";
}
