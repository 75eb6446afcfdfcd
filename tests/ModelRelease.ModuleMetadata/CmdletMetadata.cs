namespace ModelRelease.ModuleMetadata;

public sealed record ParameterSetMetadata(string Name, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

public sealed record ParameterMetadata(string Name, string Type, bool IsSwitch, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetMetadata> Sets, bool SupportsWildcards, string DeclaringType, string? Completer = null);

public sealed record CmdletMetadata(
    string Name,
    string Verb,
    string Noun,
    string ClassName,
    bool SupportsShouldProcess,
    string? DefaultParameterSetName,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ParameterMetadata> Parameters);

public sealed record PropertyMetadata(string Name, string Type);

public sealed record ModuleMetadataDocument(
    IReadOnlyList<CmdletMetadata> Cmdlets,
    IReadOnlyList<string> ApprovedVerbs,
    IReadOnlyList<string> CommonParameters,
    IReadOnlyDictionary<string, IReadOnlyList<PropertyMetadata>> OutputTypeProperties);
