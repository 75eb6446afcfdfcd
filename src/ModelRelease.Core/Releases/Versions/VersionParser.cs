using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases.Versions;

/// <summary>
/// The one reader of versions: every place a version is given (tags, bumps, names, ranges, package versions) reads it
/// here. It returns the version and, when the input was not canonical SemVer 2, a note saying how it was read.
/// <list type="bullet">
/// <item>SemVer 2 as it is: <c>1.2.0</c>, <c>1.2.0-rc.1</c>, <c>1.2.0+build.5</c> (no note).</item>
/// <item>A <c>v</c> prefix is dropped: <c>v1.2.0</c> → 1.2.0.</item>
/// <item>Two numbers get a patch of 0: <c>1.1</c> → 1.1.0. One number (<c>1</c>) or four (<c>1.2.3.4</c>) are refused.</item>
/// <item>Leading zeros are dropped (<c>01.2.0</c> → 1.2.0); pre-release labels are written in lower case (<c>-RC.1</c> → -rc.1).</item>
/// <item>PEP 440 pre-releases become SemVer ones: <c>a1</c>/<c>alpha1</c> → <c>-alpha.1</c>, <c>b1</c>/<c>beta1</c> →
/// <c>-beta.1</c>, <c>rc1</c>/<c>c1</c>/<c>pre1</c>/<c>preview1</c> → <c>-rc.1</c>, with any of <c>-</c>, <c>_</c>,
/// <c>.</c> or nothing as separators and 0 when the number is left out (<c>2.0.0rc</c> → 2.0.0-rc.0). A single
/// SemVer identifier of that shape is split the same way (<c>2.0.0-rc1</c> → 2.0.0-rc.1) so that rc.10 sorts after rc.9.</item>
/// <item>PEP 440 development releases: <c>1.2.0.dev3</c> → <c>1.2.0-dev.3</c> (after a pre-release:
/// <c>1.2.0a1.dev2</c> → <c>1.2.0-alpha.1.dev.2</c>). Under SemVer precedence <c>dev</c> sorts after alpha and beta and
/// before rc, where PEP 440 puts it first.</item>
/// <item>PEP 440 post-releases become build metadata: <c>1.2.0.post1</c> → <c>1.2.0+post.1</c> (also <c>-post1</c>,
/// <c>.rev1</c>, <c>.r1</c>). SemVer has no post-releases: it ranks with 1.2.0 in precedence and in ranges.</item>
/// <item>PEP 440 local versions become build metadata: <c>1.2.0+cu118</c> stays <c>1.2.0+cu118</c>.</item>
/// <item>Refused: PEP 440 epochs (<c>1!2.0</c>) and development releases of post-releases (<c>1.0.post1.dev2</c>).</item>
/// </list>
/// Errors are <see cref="VersionException"/>s (VersionInvalid) with a code from <see cref="VersionCodes"/>.
/// </summary>
public static partial class VersionParser
{
    /// <summary>The longest text read as a version.</summary>
    public const int MaxLength = 256;

    [GeneratedRegex(@"^(?:-(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+(?<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemVerTail();

    [GeneratedRegex(@"^(?:[-_.]?(?<pl>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<pn>[0-9]+)?)?(?:-(?<pimp>[0-9]+)|[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn>[0-9]+)?)?(?:[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pep440Tail();

    [GeneratedRegex(@"^(?<label>alpha|beta|preview|pre|rc|a|b|c|dev)[-_]?(?<n>[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PepShapedIdentifier();

    [GeneratedRegex(@"^(?:post|rev|r)[-_]?(?<n>[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PepShapedPost();

    [GeneratedRegex(@"^[0-9]+!", RegexOptions.CultureInvariant)]
    private static partial Regex Epoch();

    /// <summary>Reads <paramref name="text"/>; throws <see cref="VersionException"/> when it is not a version.</summary>
    public static ParsedVersion Parse(string? text) => TryParse(text, out var version, out var error) ? version : throw error;

    /// <summary>Reads <paramref name="text"/>; false (and the error it would throw) when it is not a version.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ParsedVersion? version, [NotNullWhen(false)] out VersionException? error)
    {
        version = null;
        error = null;
        var input = text ?? "";
        var notes = new List<string>();
        var s = input.Trim();
        if (s.Length == 0) return Fail(out error, input, VersionCodes.Empty, "no version was given; write it like 1.2.0");
        if (s.Length > MaxLength) return Fail(out error, input, VersionCodes.Syntax, $"a version has at most {MaxLength} characters");
        if (s.Length != input.Length) notes.Add("surrounding spaces removed");
        if (s.Length > 1 && (s[0] == 'v' || s[0] == 'V') && char.IsAsciiDigit(s[1]))
        {
            s = s[1..];
            notes.Add("the 'v' prefix dropped (it belongs to a tag, not to the version)");
        }
        if (Epoch().IsMatch(s)) return Fail(out error, input, VersionCodes.Unsupported, "PEP 440 epochs (N!) have no SemVer form");

        // Release numbers.
        var numbers = new List<int>();
        var i = 0;
        var leadingZeros = false;
        while (true)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == start)
            {
                return Fail(out error, input, VersionCodes.Syntax, numbers.Count == 0
                    ? "a version starts with a number (1.2.0, v1.2.0)"
                    : $"expected a number after '{s[..start]}'");
            }
            var digits = s[start..i];
            if (digits.Length > 1 && digits[0] == '0') leadingZeros = true;
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return Fail(out error, input, VersionCodes.Number, $"the number {Cut(digits)} is larger than {int.MaxValue}");
            }
            numbers.Add(n);
            if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
            {
                i++;
                continue;
            }
            break;
        }
        if (numbers.Count < 2) return Fail(out error, input, VersionCodes.Syntax, "a version has at least major.minor (write 1.0 or 1.0.0)");
        if (numbers.Count > 3) return Fail(out error, input, VersionCodes.Parts, $"{numbers.Count} release numbers; a version has major.minor.patch (at most three)");
        if (leadingZeros) notes.Add("leading zeros dropped");
        if (numbers.Count == 2)
        {
            numbers.Add(0);
            notes.Add("the missing patch number taken as 0");
        }

        var rest = s[i..];
        string? pre = null;
        string? build = null;
        var semver = rest.Length == 0 ? null : SemVerTail().Match(rest);
        if (rest.Length == 0)
        {
            // a release
        }
        else if (semver is { Success: true } && !HasLeadingZero(semver.Groups["pre"].Value))
        {
            pre = semver.Groups["pre"].Success ? semver.Groups["pre"].Value : null;
            build = semver.Groups["build"].Success ? semver.Groups["build"].Value : null;
            if (pre is not null)
            {
                var lower = pre.ToLowerInvariant();
                if (PepShapedPost().Match(lower) is { Success: true } post)
                {
                    var n = post.Groups["n"].Success ? post.Groups["n"].Value : "0";
                    if (!TryNumber(n, out var postNumber)) return Fail(out error, input, VersionCodes.Number, $"the number {Cut(n)} is larger than {int.MaxValue}");
                    build = $"post.{postNumber}" + (build is null ? "" : "." + build);
                    notes.Add($"PEP 440 post-release '-{pre}' kept as build metadata '+post.{postNumber}' (it ranks with the release)");
                    pre = null;
                }
                else if (PepShapedIdentifier().Match(lower) is { Success: true } shaped)
                {
                    if (!TryNumber(shaped.Groups["n"].Value, out var number)) return Fail(out error, input, VersionCodes.Number, $"the number {Cut(shaped.Groups["n"].Value)} is larger than {int.MaxValue}");
                    var mapped = $"{Label(shaped.Groups["label"].Value)}.{number}";
                    notes.Add($"pre-release '{pre}' written as '{mapped}' (so that .10 sorts after .9)");
                    pre = mapped;
                }
                else if (!string.Equals(lower, pre, StringComparison.Ordinal))
                {
                    notes.Add("pre-release labels written in lower case (SemVer compares them letter by letter)");
                    pre = lower;
                }
            }
        }
        else if (Pep440Tail().Match(AsciiLower(rest)) is { Success: true } pep)
        {
            var identifiers = new List<string>();
            var buildParts = new List<string>();
            var described = new List<string>();
            if (pep.Groups["pl"].Success)
            {
                var n = pep.Groups["pn"].Success ? pep.Groups["pn"].Value : "0";
                if (!TryNumber(n, out var number)) return Fail(out error, input, VersionCodes.Number, $"the number {Cut(n)} is larger than {int.MaxValue}");
                identifiers.Add(Label(pep.Groups["pl"].Value.ToLowerInvariant()));
                identifiers.Add(number.ToString(CultureInfo.InvariantCulture));
                described.Add($"pre-release → '-{identifiers[0]}.{number}'");
            }
            var hasPost = pep.Groups["pimp"].Success || pep.Groups["postl"].Success;
            if (hasPost)
            {
                var n = pep.Groups["pimp"].Success ? pep.Groups["pimp"].Value : pep.Groups["postn"].Success ? pep.Groups["postn"].Value : "0";
                if (!TryNumber(n, out var number)) return Fail(out error, input, VersionCodes.Number, $"the number {Cut(n)} is larger than {int.MaxValue}");
                buildParts.Add("post");
                buildParts.Add(number.ToString(CultureInfo.InvariantCulture));
                described.Add($"post-release → build metadata '+post.{number}' (it ranks with the release)");
            }
            if (pep.Groups["devl"].Success)
            {
                if (hasPost) return Fail(out error, input, VersionCodes.Unsupported, "a development release of a post-release has no SemVer form");
                var n = pep.Groups["devn"].Success ? pep.Groups["devn"].Value : "0";
                if (!TryNumber(n, out var number)) return Fail(out error, input, VersionCodes.Number, $"the number {Cut(n)} is larger than {int.MaxValue}");
                identifiers.Add("dev");
                identifiers.Add(number.ToString(CultureInfo.InvariantCulture));
                described.Add($"development release → '.dev.{number}' in the pre-release");
            }
            if (pep.Groups["local"].Success)
            {
                var local = pep.Groups["local"].Value.ToLowerInvariant().Replace('-', '.').Replace('_', '.');
                buildParts.AddRange(local.Split('.'));
                described.Add($"local version → build metadata '{local}'");
            }
            pre = identifiers.Count == 0 ? null : string.Join('.', identifiers);
            build = buildParts.Count == 0 ? null : string.Join('.', buildParts);
            notes.Add("PEP 440 " + string.Join(", ", described));
        }
        else
        {
            return Fail(out error, input, VersionCodes.Syntax,
                $"'{Cut(rest)}' after {string.Join('.', numbers.Take(numbers.Count))} is neither a SemVer pre-release or build (-rc.1, +build.5) nor a PEP 440 suffix (rc1, .dev3, .post1)");
        }

        var canonical = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{numbers[0]}.{numbers[1]}.{numbers[2]}");
        if (pre is not null) canonical.Append('-').Append(pre);
        if (build is not null) canonical.Append('+').Append(build);
        var text2 = canonical.ToString();
        if (!NuGet.Versioning.SemanticVersion.TryParse(text2, out _))
        {
            return Fail(out error, input, VersionCodes.Syntax, $"'{Cut(text2)}' is not SemVer 2 (a numeric pre-release identifier with a leading zero, or an empty identifier)");
        }
        var result = new SemanticVersion(numbers[0], numbers[1], numbers[2], pre, build);
        var note = notes.Count == 0 || text2 == input ? null : $"'{Cut(input)}' read as {text2}: {string.Join("; ", notes)}";
        version = new ParsedVersion { Input = input, Version = result, Note = note };
        return true;
    }

    /// <summary>PEP 440 is case-blind in ASCII only: A-Z become a-z, nothing else changes.</summary>
    private static string AsciiLower(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (var i = 0; i < t.Length; i++) span[i] = t[i] is >= 'A' and <= 'Z' ? (char)(t[i] + 32) : t[i];
    });

    private static string Label(string pep) => pep switch
    {
        "a" or "alpha" => "alpha",
        "b" or "beta" => "beta",
        "c" or "rc" or "pre" or "preview" => "rc",
        _ => pep,
    };

    private static bool HasLeadingZero(string pre) =>
        pre.Length > 0 && pre.Split('.').Any(id => id.Length > 1 && id[0] == '0' && id.All(char.IsAsciiDigit));

    private static bool TryNumber(string digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Cut(string text) => VersionTextFor.Shown(text);

    private static bool Fail(out VersionException error, string input, string code, string detail)
    {
        error = new VersionException(VersionException.VersionInvalid, code, input, detail)
        {
            RecommendedAction = "Write the version as SemVer (1.2.0, 1.2.0-rc.1) or a PEP 440 version (1.2.0rc1, 1.2.0.dev3, 1.2.0.post1).",
        };
        return false;
    }
}
