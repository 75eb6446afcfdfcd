using System.Text.RegularExpressions;
using ModelRelease.Core.Releases.Versions;

namespace ModelRelease.Core.Registry;

/// <summary>The checks of the values a registry call takes (names, versions, reasons, people), each a MREG_ error naming the value.</summary>
internal static partial class RegistryInput
{
    [GeneratedRegex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ComponentPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ArchitecturePattern();

    [GeneratedRegex("^[a-z0-9]+(?:[_-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static string Component(string? component)
    {
        var text = (component ?? "").Trim();
        if (text.Length is 0 or > 64 || !ComponentPattern().IsMatch(text))
        {
            throw Invalid(ModelRegistryCodes.ComponentName, component, $"'{Core.PrintableText.Escape(component ?? "")}' is not a component name: lower-case letters and digits, words joined by '-', '_' or '.', at most 64 characters (base, super-resolution)");
        }
        return text;
    }

    public static string Architecture(string? architecture)
    {
        var text = (architecture ?? "").Trim();
        if (text.Length is 0 or > 64 || !ArchitecturePattern().IsMatch(text))
        {
            throw Invalid(ModelRegistryCodes.Text, architecture, $"'{Core.PrintableText.Escape(architecture ?? "")}' is not an architecture name: one lower-case word of letters, digits, '_' or '.' (diffusion, esrgan, t5_xl)");
        }
        return text;
    }

    public static string Kind(string? kind)
    {
        var text = (kind ?? "").Trim();
        if (text.Length is 0 or > 64 || !KindPattern().IsMatch(text))
        {
            throw Invalid(ModelRegistryCodes.Text, kind, $"'{Core.PrintableText.Escape(kind ?? "")}' is not a parameter kind: lower-case words joined by '-' or '_' (noise)");
        }
        return text;
    }

    public static string Id(string? id, string what)
    {
        var text = (id ?? "").Trim();
        if (text.Length is 0 or > 100 || !IdPattern().IsMatch(text))
        {
            throw Invalid(ModelRegistryCodes.Text, id, $"'{Core.PrintableText.Escape(id ?? "")}' is not a {what}: letters, digits, '.', '_' and '-', at most 100 characters");
        }
        return text;
    }

    /// <summary>A canonical X.Y.Z[-pre] version (a loose form such as v1.2 is read as 1.2.0; build metadata is refused).</summary>
    public static string Version(string? version)
    {
        if (!VersionParser.TryParse(version, out var parsed, out var error))
        {
            throw Invalid(ModelRegistryCodes.VersionText, version, $"'{Core.PrintableText.Escape(version ?? "")}' is not a version: {error.Message}");
        }
        if (parsed.Version.Build is not null)
        {
            throw Invalid(ModelRegistryCodes.VersionText, version, $"'{version}': a registry version has no build metadata (+…); write {parsed.Version with { Build = null }}");
        }
        return parsed.Version.ToString();
    }

    /// <summary>A reason, an actor, a description: text without control characters, trimmed, not empty.</summary>
    public static string Text(string? text, string what, int max = 2000, string code = ModelRegistryCodes.Text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0) throw Invalid(code, text, $"{what} is required and may not be empty");
        if (trimmed.Length > max) throw Invalid(code, text, $"{what} has {trimmed.Length} characters; at most {max}");
        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\t')) throw Invalid(code, text, $"{what} holds control characters");
        return trimmed;
    }

    public static string Reason(string? reason) => Text(reason, "a reason (-Reason / --reason)", 2000, ModelRegistryCodes.ReasonMissing);

    /// <summary>Named people (approvers), trimmed, without duplicates (compared without case).</summary>
    public static IReadOnlyList<string> People(IEnumerable<string>? people) =>
        (people ?? []).SelectMany(p => (p ?? "").Split(',')).Select(p => p.Trim()).Where(p => p.Length > 0)
            .Select(p => Text(p, "an approver's name", 100)).DistinctBy(p => p, StringComparer.OrdinalIgnoreCase).ToList();

    public static ModelRegistryException Invalid(string code, object? target, string detail) =>
        new(ModelRegistryErrors.InputInvalid, code, target, detail, ErrorKind.InvalidArgument);
}
