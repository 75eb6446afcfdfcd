namespace ModelRelease.Core.Cards;

/// <summary>
/// Stable codes of model cards: the findings <c>Test-ModelCard</c> / <c>card test</c> return, and the codes of the
/// errors the card cmdlets and commands stop with. Every code is documented in about_ModelRelease; a test enumerates
/// this catalogue against the codes the source uses.
/// </summary>
public static class CardCodes
{
    // Findings of a card that cannot be read as a card (always errors; no policy changes them).
    /// <summary>The file does not start with a YAML front matter block.</summary>
    public const string NoFrontMatter = "CARD_NO_FRONT_MATTER";
    /// <summary>The front matter is not YAML, or not a mapping (huggingface_hub refuses it too).</summary>
    public const string YamlInvalid = "CARD_YAML_INVALID";
    /// <summary>The file is not UTF-8 text.</summary>
    public const string NotUtf8 = "CARD_NOT_UTF8";
    /// <summary>The file is larger than a card can be.</summary>
    public const string TooLarge = "CARD_TOO_LARGE";

    // Findings of a card that was read; the policy says which are errors, warnings or off.
    /// <summary>Text left from a template or a draft: a placeholder ([More Information Needed], "More information needed", {MODEL_NAME}) or TODO/TBD as a word outside code.</summary>
    public const string Unfinished = "CARD_UNFINISHED";
    /// <summary>A section the policy expects is not there (matched by meaning under the default policy, by title under strict).</summary>
    public const string SectionMissing = "CARD_SECTION_MISSING";
    /// <summary>A section the policy expects holds nothing a reader sees (blank, or only HTML comments).</summary>
    public const string SectionEmpty = "CARD_SECTION_EMPTY";
    /// <summary>A metadata key the policy requires is missing or empty (license, under the default policy).</summary>
    public const string MetadataMissing = "CARD_METADATA_MISSING";
    /// <summary>A key a text model should have is missing (language, when pipeline_tag or tags name a text task); a warning by default.</summary>
    public const string MetadataExpected = "CARD_METADATA_EXPECTED";
    /// <summary>A license (or an item of a license list) the Hub does not know.</summary>
    public const string LicenseUnknown = "CARD_LICENSE_UNKNOWN";
    /// <summary>license: other without license_name and license_link.</summary>
    public const string LicenseOtherIncomplete = "CARD_LICENSE_OTHER_INCOMPLETE";
    /// <summary>A model-index that huggingface_hub's ModelCardData would refuse to load.</summary>
    public const string ModelIndexInvalid = "CARD_MODEL_INDEX_INVALID";
    /// <summary>A language that is not an ISO 639 code (or code/multilingual).</summary>
    public const string LanguageInvalid = "CARD_LANGUAGE_INVALID";
    /// <summary>An unquoted yes/no/on/off/y/n that YAML 1.1 readers (PyYAML) take for a boolean.</summary>
    public const string YamlAmbiguous = "CARD_YAML_AMBIGUOUS";
    /// <summary>A metric in a body table that disagrees with model-index.</summary>
    public const string MetricMismatch = "CARD_METRIC_MISMATCH";
    /// <summary>A parameter count in the body that disagrees with the checkpoint given.</summary>
    public const string ParameterMismatch = "CARD_PARAMETER_MISMATCH";
    /// <summary>The Hub's validate-yaml refused the metadata (with -Online / --online).</summary>
    public const string HubRejected = "CARD_HUB_REJECTED";

    // Errors that stop a card cmdlet or command.
    /// <summary>The card file does not exist.</summary>
    public const string NotFound = "CARD_NOT_FOUND";
    /// <summary>The card (or its folder) could not be read or written.</summary>
    public const string Io = "CARD_IO";
    /// <summary>The target file exists and -Force / --force was not given.</summary>
    public const string Exists = "CARD_EXISTS";
    /// <summary>The target file is read-only.</summary>
    public const string ReadOnly = "CARD_READ_ONLY";
    /// <summary>A metadata change cannot be made without rewriting other YAML.</summary>
    public const string YamlUneditable = "CARD_YAML_UNEDITABLE";
    /// <summary>A metadata key is empty.</summary>
    public const string MetadataKey = "CARD_METADATA_KEY";
    /// <summary>A metadata value given on the command line is not YAML.</summary>
    public const string MetadataValue = "CARD_METADATA_VALUE";
    /// <summary>A metadata value nests too deep (a hashtable that contains itself).</summary>
    public const string ValueDepth = "CARD_VALUE_DEPTH";
    /// <summary>The template file does not exist.</summary>
    public const string TemplateMissing = "CARD_TEMPLATE_MISSING";
    /// <summary>The template file is not UTF-8 text or is too large.</summary>
    public const string TemplateText = "CARD_TEMPLATE_TEXT";
    /// <summary>A '{{' in the template starts no placeholder.</summary>
    public const string TemplateSyntax = "CARD_TEMPLATE_SYNTAX";
    /// <summary>The template names a placeholder that does not exist.</summary>
    public const string TemplateUnknown = "CARD_TEMPLATE_UNKNOWN";
    /// <summary>The training config file does not exist.</summary>
    public const string ConfigMissing = "CARD_CONFIG_MISSING";
    /// <summary>The training config is not a YAML or JSON mapping.</summary>
    public const string ConfigYaml = "CARD_CONFIG_YAML";
    /// <summary>The metrics file does not exist.</summary>
    public const string MetricsMissing = "CARD_METRICS_MISSING";
    /// <summary>The metrics file is not JSON.</summary>
    public const string MetricsJson = "CARD_METRICS_JSON";
    /// <summary>The metrics have the wrong shape.</summary>
    public const string MetricsShape = "CARD_METRICS_SHAPE";
    /// <summary>The sections file does not exist.</summary>
    public const string SectionsMissing = "CARD_SECTIONS_MISSING";
    /// <summary>The sections file is not a YAML or JSON mapping.</summary>
    public const string SectionsYaml = "CARD_SECTIONS_YAML";
    /// <summary>A section in the sections file is not text.</summary>
    public const string SectionsShape = "CARD_SECTIONS_SHAPE";
    /// <summary>The policy file does not exist (and is not a built-in name: default, strict).</summary>
    public const string PolicyMissing = "CARD_POLICY_MISSING";
    /// <summary>The policy file is not a YAML mapping.</summary>
    public const string PolicyYaml = "CARD_POLICY_YAML";
    /// <summary>A policy key is unknown or has the wrong shape.</summary>
    public const string PolicyShape = "CARD_POLICY_SHAPE";
    /// <summary>A variant name is not a name, or is given twice.</summary>
    public const string VariantName = "CARD_VARIANT_NAME";
    /// <summary>Several variants would be written to one file.</summary>
    public const string VariantOutput = "CARD_VARIANT_OUTPUT";
    /// <summary>{variant} is used but no variants were given.</summary>
    public const string VariantMissing = "CARD_VARIANT_MISSING";
    /// <summary>A variant's checkpoint does not exist.</summary>
    public const string CheckpointMissing = "CARD_CHECKPOINT_MISSING";

    /// <summary>The codes a card check can return as findings.</summary>
    public static IReadOnlyList<string> Findings { get; } =
    [
        NoFrontMatter, YamlInvalid, NotUtf8, TooLarge, Unfinished, SectionMissing, SectionEmpty, MetadataMissing, MetadataExpected,
        LicenseUnknown, LicenseOtherIncomplete, ModelIndexInvalid, LanguageInvalid, YamlAmbiguous, MetricMismatch, ParameterMismatch, HubRejected,
    ];

    /// <summary>The findings a policy may make errors, warnings or turn off (those of a card that could be read).</summary>
    public static IReadOnlyList<string> Adjustable { get; } =
    [
        Unfinished, SectionMissing, SectionEmpty, MetadataMissing, MetadataExpected, LicenseUnknown, LicenseOtherIncomplete,
        ModelIndexInvalid, LanguageInvalid, YamlAmbiguous, MetricMismatch, ParameterMismatch,
    ];

    /// <summary>The codes of errors that stop a card cmdlet or command.</summary>
    public static IReadOnlyList<string> Errors { get; } =
    [
        NotFound, Io, Exists, ReadOnly, YamlUneditable, MetadataKey, MetadataValue, ValueDepth, TemplateMissing, TemplateText, TemplateSyntax,
        TemplateUnknown, ConfigMissing, ConfigYaml, MetricsMissing, MetricsJson, MetricsShape, SectionsMissing, SectionsYaml, SectionsShape,
        PolicyMissing, PolicyYaml, PolicyShape, VariantName, VariantOutput, VariantMissing, CheckpointMissing,
        // These four are also errors when a card is read outside a check (Get-ModelCard).
        NoFrontMatter, YamlInvalid, NotUtf8, TooLarge,
    ];

    /// <summary>Every card code, once.</summary>
    public static IReadOnlyList<string> All { get; } = Findings.Concat(Errors).Distinct(StringComparer.Ordinal).ToList();
}
