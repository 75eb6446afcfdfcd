namespace ModelRelease.Core.Releases.Registry;

/// <summary>Stable codes of the weights-registry rules (enumerated by a test: unique, prefixed REG_).</summary>
public static class RegistryCodes
{
    /// <summary>The file is not JSON (the finding names the line and byte).</summary>
    public const string Json = "REG_JSON";

    /// <summary>A value of the wrong JSON type.</summary>
    public const string SchemaType = "REG_SCHEMA_TYPE";

    /// <summary>A required field is missing.</summary>
    public const string SchemaRequired = "REG_SCHEMA_REQUIRED";

    /// <summary>A field the schema does not know.</summary>
    public const string SchemaAdditional = "REG_SCHEMA_ADDITIONAL";

    /// <summary>A string that does not match its pattern (a SHA-256 that is not 64 hex digits, a version key such as 1.x).</summary>
    public const string SchemaPattern = "REG_SCHEMA_PATTERN";

    /// <summary>A string too short or too long.</summary>
    public const string SchemaLength = "REG_SCHEMA_LENGTH";

    /// <summary>A number out of its range (a negative size).</summary>
    public const string SchemaRange = "REG_SCHEMA_RANGE";

    /// <summary>A value other than the one allowed (schemaVersion 2).</summary>
    public const string SchemaValue = "REG_SCHEMA_VALUE";

    /// <summary>A string that is not in its format (a publish date that is not RFC 3339).</summary>
    public const string SchemaFormat = "REG_SCHEMA_FORMAT";

    /// <summary>An object or list with too few entries (a model without versions).</summary>
    public const string SchemaSize = "REG_SCHEMA_SIZE";

    /// <summary>The same key twice in one object.</summary>
    public const string DuplicateKey = "REG_DUPLICATE_KEY";

    /// <summary>A package range that does not parse.</summary>
    public const string Range = "REG_RANGE";

    /// <summary>latest names no version of the model.</summary>
    public const string Latest = "REG_LATEST";

    /// <summary>A tag that is not a valid tag name, or names another version than its key.</summary>
    public const string Tag = "REG_TAG";

    /// <summary>The registry file does not exist.</summary>
    public const string NotFound = "REG_NOT_FOUND";

    /// <summary>A model the registry does not have.</summary>
    public const string ModelUnknown = "REG_MODEL_UNKNOWN";

    /// <summary>A weights version the model does not have.</summary>
    public const string VersionUnknown = "REG_VERSION_UNKNOWN";

    /// <summary>Registering a version the model already has, with other content.</summary>
    public const string VersionExists = "REG_VERSION_EXISTS";

    /// <summary>Registering weights for a model under another repository or file than the registry has.</summary>
    public const string ModelConflict = "REG_MODEL_CONFLICT";

    /// <summary>A registration's version that cannot be a registry key (major.minor or major.minor.patch).</summary>
    public const string VersionKey = "REG_VERSION_KEY";

    /// <summary>The file changed between computing a patch and writing it.</summary>
    public const string Changed = "REG_CHANGED";

    /// <summary>The file could not be read or written.</summary>
    public const string Io = "REG_IO";

    /// <summary>No weights load in the package version (the WeightsCompatibility error).</summary>
    public const string Incompatible = "REG_INCOMPATIBLE";

    /// <summary>Verify: the entry's tag does not exist on the Hub.</summary>
    public const string VerifyTagMissing = "REG_VERIFY_TAG_MISSING";

    /// <summary>Verify: the weights file is not in the repository at the entry's tag.</summary>
    public const string VerifyFileMissing = "REG_VERIFY_FILE_MISSING";

    /// <summary>Verify: the file at the tag is not an LFS file, so it has no SHA-256 to compare.</summary>
    public const string VerifyNotLfs = "REG_VERIFY_NOT_LFS";

    /// <summary>Verify: the file's LFS oid at the tag is not the SHA-256 the registry records.</summary>
    public const string VerifySha256 = "REG_VERIFY_SHA256";

    /// <summary>Verify: the file's size at the tag is not the size the registry records.</summary>
    public const string VerifySize = "REG_VERIFY_SIZE";

    /// <summary>Verify: the repository cannot be read (missing, or the Hub refused).</summary>
    public const string VerifyRepository = "REG_VERIFY_REPOSITORY";
}
