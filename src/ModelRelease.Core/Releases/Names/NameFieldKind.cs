namespace ModelRelease.Core.Releases.Names;

/// <summary>
/// What a template field holds. A field's kind comes from its format (<c>{rank:int}</c>, <c>{trainedAt:yyyyMMdd-HHmmss}</c>,
/// <c>{model:words}</c>, <c>{name:descriptive}</c>) or, without one, from its name: <c>version</c> is a Version;
/// <c>major</c>, <c>minor</c>, <c>patch</c>, <c>rank</c>, <c>alpha</c>, <c>epochs</c>, <c>epoch</c>, <c>step</c>,
/// <c>steps</c>, <c>seed</c>, <c>bits</c> are Integers; <c>org</c>, <c>namespace</c>, <c>owner</c>, <c>user</c> are a
/// Namespace; <c>model</c>, <c>name</c>, <c>format</c> are Words; a name ending in <c>At</c> (<c>trainedAt</c>) or named
/// <c>date</c>, <c>time</c>, <c>timestamp</c> is a Timestamp in <c>yyyyMMdd-HHmmss</c>; anything else is a Segment.
/// </summary>
public enum NameFieldKind
{
    /// <summary>One word: letters, digits, '_' and '.' (no '-': it separates fields). Format <c>word</c>.</summary>
    Segment,

    /// <summary>Words joined by '-' (<c>q4_k_m-gguf</c>, <c>stick-gen</c>); matches as few words as the rest of the name allows. Format <c>words</c>.</summary>
    Words,

    /// <summary>A whole number without leading zeros. Format <c>int</c>.</summary>
    Integer,

    /// <summary>A date and time in the format given (<c>yyyy</c>, <c>MM</c>, <c>dd</c>, <c>HH</c>, <c>mm</c>, <c>ss</c>, <c>fff</c> and the separators <c>-</c>, <c>_</c>, <c>.</c>, <c>T</c>).</summary>
    Timestamp,

    /// <summary>A version, read by the version parser (loose forms are noted). Format <c>version</c>.</summary>
    Version,

    /// <summary>A Hub user or organisation: letters, digits, '-', '_' and '.'. Format <c>namespace</c>.</summary>
    Namespace,

    /// <summary>A name of another template inside this one (<c>{name:descriptive}</c>); its fields are fields of this template too.</summary>
    Template,
}
