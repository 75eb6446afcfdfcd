namespace ModelRelease.Core.Releases.Manifests;

/// <summary>Stable codes of the release-manifest rules (enumerated by a test: unique, prefixed MAN_).</summary>
public static class ManifestCodes
{
    /// <summary>The manifest file does not exist.</summary>
    public const string NotFound = "MAN_NOT_FOUND";

    /// <summary>The file cannot be read, is too large, or is not YAML (the finding names the line).</summary>
    public const string Yaml = "MAN_YAML";

    /// <summary>A value of the wrong type.</summary>
    public const string SchemaType = "MAN_SCHEMA_TYPE";

    /// <summary>A required field is missing (a variant without a checkpoint).</summary>
    public const string SchemaRequired = "MAN_SCHEMA_REQUIRED";

    /// <summary>A field the schema does not know (a misspelt variant field).</summary>
    public const string SchemaAdditional = "MAN_SCHEMA_ADDITIONAL";

    /// <summary>A string that does not match its pattern (a variant name with a space, a repository without {variant}).</summary>
    public const string SchemaPattern = "MAN_SCHEMA_PATTERN";

    /// <summary>A string too short or too long.</summary>
    public const string SchemaLength = "MAN_SCHEMA_LENGTH";

    /// <summary>A number out of its range.</summary>
    public const string SchemaRange = "MAN_SCHEMA_RANGE";

    /// <summary>A value other than the ones allowed (schemaVersion 2, a direction other than higher or lower).</summary>
    public const string SchemaValue = "MAN_SCHEMA_VALUE";

    /// <summary>A string not in its format.</summary>
    public const string SchemaFormat = "MAN_SCHEMA_FORMAT";

    /// <summary>A list or object with too few entries (no variants).</summary>
    public const string SchemaSize = "MAN_SCHEMA_SIZE";

    /// <summary>The same key twice in one mapping.</summary>
    public const string DuplicateKey = "MAN_DUPLICATE_KEY";

    /// <summary>Two variants with one name, or two variants released to one repository.</summary>
    public const string VariantDuplicate = "MAN_VARIANT_DUPLICATE";

    /// <summary>A variant's repository is not a repository id the Hub accepts.</summary>
    public const string Repository = "MAN_REPOSITORY";

    /// <summary>An expected parameter count that is not a count (15.8M, 1.2B, 350K or a number).</summary>
    public const string Count = "MAN_COUNT";

    /// <summary>A tolerance that is not a fraction or a percentage of at most 100%.</summary>
    public const string Tolerance = "MAN_TOLERANCE";

    /// <summary>The manifest's version is not a version.</summary>
    public const string Version = "MAN_VERSION";

    /// <summary>A file or folder the manifest names does not exist.</summary>
    public const string FileMissing = "MAN_FILE_MISSING";
}
