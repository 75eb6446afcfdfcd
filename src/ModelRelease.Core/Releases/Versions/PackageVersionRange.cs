using System.Globalization;
using System.Text.RegularExpressions;
using NuGet.Versioning;

namespace ModelRelease.Core.Releases.Versions;

/// <summary>How a range was written.</summary>
public enum RangeForm
{
    /// <summary>A PEP 440 specifier set: <c>&gt;=1.0.0,&lt;2.0.0</c>, <c>~=1.4</c>, <c>==1.*</c>, <c>!=1.2.3</c>.</summary>
    Pep440,

    /// <summary>NuGet's interval notation: <c>[1.0.0,2.0.0)</c>, <c>(,2.0)</c>, <c>[1.2.0]</c>.</summary>
    Interval,
}

/// <summary>One end of a range.</summary>
public sealed record RangeBound(SemanticVersion Version, bool Inclusive)
{
    public override string ToString() => Version + (Inclusive ? " (included)" : " (excluded)");
}

/// <summary>
/// A range of package versions, in either notation; each keeps its ecosystem's meaning.
/// <para>PEP 440 (clauses joined by commas, all must hold): <c>&gt;=</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&lt;</c>, <c>==</c>,
/// <c>!=</c>, <c>==1.*</c>/<c>!=1.4.*</c> (prefix match on the release numbers), <c>~=1.4</c> (≥1.4 and ==1.*) and
/// <c>~=1.4.2</c> (≥1.4.2 and ==1.4.*). As Python's <c>packaging</c> checks an installed version: a pre-release is
/// accepted when a clause allows it, except that <c>&lt;2.0.0</c> excludes the pre-releases of 2.0.0 (unless 2.0.0 is
/// written as a pre-release). <c>===</c> and a bare version are refused.</para>
/// <para>Interval (NuGet's own parser and its <c>Satisfies</c>): <c>[</c>/<c>]</c> include, <c>(</c>/<c>)</c> exclude,
/// an empty side is unbounded, <c>[1.2.0]</c> is exactly 1.2.0; pre-releases of the upper bound are inside
/// (<c>[1.0.0,2.0.0)</c> holds 2.0.0-rc.1).</para>
/// Versions inside a range are read by <see cref="VersionParser"/> (so <c>~=1.4</c>, <c>&gt;=2.0rc1</c> work). Versions compare
/// by SemVer 2 precedence, so a PEP 440 post-release (build metadata +post.N) counts as its release.
/// </summary>
public sealed partial class PackageVersionRange
{
    private readonly IReadOnlyList<Clause> _clauses;
    private readonly VersionRange? _interval;

    private PackageVersionRange(string text, RangeForm form, IReadOnlyList<Clause> clauses, VersionRange? interval, RangeBound? lower, RangeBound? upper)
    {
        Text = text;
        Form = form;
        _clauses = clauses;
        _interval = interval;
        Lower = lower;
        Upper = upper;
    }

    /// <summary>The range as written (trimmed).</summary>
    public string Text { get; }

    public RangeForm Form { get; }

    /// <summary>The lowest version the range can hold (null: unbounded).</summary>
    public RangeBound? Lower { get; }

    /// <summary>The highest version the range can hold (null: unbounded).</summary>
    public RangeBound? Upper { get; }

    public override string ToString() => Text;

    [GeneratedRegex(@"^\s*(?<op>~=|===|==|!=|<=|>=|<|>)\s*(?<v>\S(?:.*\S)?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ClausePattern();

    [GeneratedRegex(@"^(?<open>[\[(])\s*(?<lo>[^,\[\]()]*?)\s*(?:(?<comma>,)\s*(?<hi>[^,\[\]()]*?)\s*)?(?<close>[\])])$", RegexOptions.CultureInvariant)]
    private static partial Regex IntervalPattern();

    [GeneratedRegex(@"^v?(?<p>[0-9]+(?:\.[0-9]+)*)\.\*$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();

    /// <summary>Reads a range; throws <see cref="VersionException"/> (VersionRangeInvalid) naming the part that is wrong.</summary>
    public static PackageVersionRange Parse(string? text)
    {
        var s = (text ?? "").Trim();
        if (s.Length == 0) throw Error(text ?? "", VersionCodes.RangeSyntax, "no range was given; write it like >=1.0.0,<2.0.0 or [1.0.0,2.0.0)");
        if (s.Length > 1024) throw Error(s, VersionCodes.RangeSyntax, "a range has at most 1024 characters");
        return s[0] is '[' or '(' ? ParseInterval(s) : ParsePep440(s);
    }

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, out PackageVersionRange? range, out VersionException? error)
    {
        try
        {
            range = Parse(text);
            error = null;
            return true;
        }
        catch (VersionException ex)
        {
            range = null;
            error = ex;
            return false;
        }
    }

    /// <summary>True when <paramref name="version"/> is in the range.</summary>
    public bool Contains(SemanticVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (_interval is not null) return _interval.Satisfies(VersionOrder.ToNuGet(version));
        return _clauses.All(c => c.Holds(version));
    }

    private static PackageVersionRange ParseInterval(string s)
    {
        var m = IntervalPattern().Match(s);
        if (!m.Success) throw Error(s, VersionCodes.RangeSyntax, "an interval is [low,high], (low,high), a mix of the two, or [exact]; one side may be empty");
        var open = m.Groups["open"].Value[0];
        var close = m.Groups["close"].Value[0];
        var lo = m.Groups["lo"].Value;
        var hi = m.Groups["hi"].Value;
        RangeBound? lower = null, upper = null;
        if (!m.Groups["comma"].Success)
        {
            if (open != '[' || close != ']' || lo.Length == 0) throw Error(s, VersionCodes.RangeSyntax, "an exact version is written [1.2.0]; (1.2.0) holds nothing");
            var exact = Bound(s, lo);
            lower = new RangeBound(exact, true);
            upper = new RangeBound(exact, true);
        }
        else
        {
            if (lo.Length == 0 && hi.Length == 0) throw Error(s, VersionCodes.RangeSyntax, "an interval needs at least one bound");
            if (lo.Length > 0) lower = new RangeBound(Bound(s, lo), open == '[');
            if (hi.Length > 0) upper = new RangeBound(Bound(s, hi), close == ']');
        }
        CheckNotEmpty(s, lower, upper);
        var canonical = lower is not null && upper is not null && ReferenceEquals(lower.Version, upper.Version)
            ? $"[{lower.Version}]"
            : $"{open}{lower?.Version},{upper?.Version}{close}";
        if (!VersionRange.TryParse(canonical, allowFloating: false, out var interval))
        {
            throw Error(s, VersionCodes.RangeSyntax, $"NuGet does not read '{canonical}' as an interval");
        }
        return new PackageVersionRange(s, RangeForm.Interval, [], interval, lower, upper);
    }

    private static PackageVersionRange ParsePep440(string s)
    {
        var clauses = new List<Clause>();
        foreach (var part in s.Split(','))
        {
            var m = ClausePattern().Match(part);
            if (!m.Success)
            {
                var shown = part.Trim();
                if (shown.Length == 0) throw Error(s, VersionCodes.RangeSyntax, "an empty clause (two commas, or a comma at an end)");
                if (VersionParser.TryParse(shown, out _, out _)) throw Error(s, VersionCodes.RangeOperator, $"'{VersionTextFor.Shown(shown)}' is a version, not a range: write ==" + shown + " or >=" + shown);
                throw Error(s, VersionCodes.RangeSyntax, $"'{VersionTextFor.Shown(shown)}' is not a clause; a clause is an operator (>=, >, <=, <, ==, !=, ~=) and a version");
            }
            var op = m.Groups["op"].Value;
            var text = m.Groups["v"].Value;
            if (op == "===") throw Error(s, VersionCodes.RangeOperator, "=== (arbitrary equality) compares text, not versions; write == instead");
            if (PrefixPattern().Match(text) is { Success: true } prefix)
            {
                if (op is not ("==" or "!=")) throw Error(s, VersionCodes.RangeSyntax, $"a wildcard (.*) goes with == or != only, not {op}");
                var numbers = prefix.Groups["p"].Value.Split('.');
                if (numbers.Length > 3) throw Error(s, VersionCodes.RangeVersion, $"'{VersionTextFor.Shown(text)}' has more than three release numbers");
                var ints = new int[numbers.Length];
                for (var i = 0; i < numbers.Length; i++)
                {
                    if (!int.TryParse(numbers[i], NumberStyles.None, CultureInfo.InvariantCulture, out ints[i])) throw Error(s, VersionCodes.RangeVersion, $"the number {VersionTextFor.Shown(numbers[i])} is too large");
                }
                clauses.Add(new Clause(op == "==" ? ClauseKind.Prefix : ClauseKind.NotPrefix, null, ints));
                continue;
            }
            if (op == "~=" && ReleaseNumbersWritten(text) < 2) throw Error(s, VersionCodes.RangeSyntax, $"~= needs at least two release numbers (~=1.4), not '{VersionTextFor.Shown(text)}'");
            if (text.Contains('*', StringComparison.Ordinal)) throw Error(s, VersionCodes.RangeSyntax, $"'{VersionTextFor.Shown(text)}': a wildcard is written at the end, after a dot (==1.*, ==1.4.*)");
            if (!VersionParser.TryParse(text, out var parsed, out var versionError))
            {
                throw Error(s, VersionCodes.RangeVersion, $"'{VersionTextFor.Shown(text)}' in '{op}{VersionTextFor.Shown(text)}' is not a version: {versionError.Detail}");
            }
            var v = parsed.Version;
            switch (op)
            {
                case ">=": clauses.Add(new Clause(ClauseKind.AtLeast, v, null)); break;
                case ">": clauses.Add(new Clause(ClauseKind.Above, v, null)); break;
                case "<=": clauses.Add(new Clause(ClauseKind.AtMost, v, null)); break;
                case "<": clauses.Add(new Clause(ClauseKind.Below, v, null)); break;
                case "==": clauses.Add(new Clause(ClauseKind.Equal, v, null)); break;
                case "!=": clauses.Add(new Clause(ClauseKind.NotEqual, v, null)); break;
                case "~=":
                    var release = ReleaseNumbersWritten(text);
                    clauses.Add(new Clause(ClauseKind.AtLeast, v, null));
                    clauses.Add(new Clause(ClauseKind.Prefix, null, release == 2 ? [v.Major] : [v.Major, v.Minor]));
                    break;
            }
        }
        RangeBound? lower = null, upper = null;
        foreach (var c in clauses)
        {
            foreach (var (isLower, bound) in c.Bounds())
            {
                if (isLower) lower = Tighter(lower, bound, lowerSide: true);
                else upper = Tighter(upper, bound, lowerSide: false);
            }
        }
        CheckNotEmpty(s, lower, upper);
        return new PackageVersionRange(s, RangeForm.Pep440, clauses, null, lower, upper);
    }

    /// <summary>How many release numbers the text writes (1.4 → 2, v1.4.2rc1 → 3).</summary>
    private static int ReleaseNumbersWritten(string text)
    {
        var t = text.TrimStart('v', 'V');
        var count = 0;
        var i = 0;
        while (i < t.Length && char.IsAsciiDigit(t[i]))
        {
            while (i < t.Length && char.IsAsciiDigit(t[i])) i++;
            count++;
            if (i + 1 < t.Length && t[i] == '.' && char.IsAsciiDigit(t[i + 1])) i++;
            else break;
        }
        return count;
    }

    private static RangeBound Tighter(RangeBound? current, RangeBound candidate, bool lowerSide)
    {
        if (current is null) return candidate;
        var c = VersionOrder.Instance.Compare(candidate.Version, current.Version);
        if (c == 0) return current.Inclusive && !candidate.Inclusive ? candidate : current;
        return lowerSide == c > 0 ? candidate : current;
    }

    private static void CheckNotEmpty(string s, RangeBound? lower, RangeBound? upper)
    {
        if (lower is null || upper is null) return;
        var c = VersionOrder.Instance.Compare(lower.Version, upper.Version);
        if (c > 0 || (c == 0 && !(lower.Inclusive && upper.Inclusive)))
        {
            throw Error(s, VersionCodes.RangeEmpty, $"no version is both {(lower.Inclusive ? "at least" : "above")} {lower.Version} and {(upper.Inclusive ? "at most" : "below")} {upper.Version}");
        }
    }

    private static SemanticVersion Bound(string range, string text)
    {
        if (!VersionParser.TryParse(text, out var parsed, out var error))
        {
            throw Error(range, VersionCodes.RangeVersion, $"'{VersionTextFor.Shown(text)}' is not a version: {error.Detail}");
        }
        return parsed.Version;
    }

    private static VersionException Error(string input, string code, string detail) =>
        new(VersionException.VersionRangeInvalid, code, input, detail)
        {
            RecommendedAction = "Write the range in PEP 440 (>=1.0.0,<2.0.0  ~=1.4  ==1.*  !=1.2.3) or as a NuGet interval ([1.0.0,2.0.0)).",
        };

    private enum ClauseKind
    {
        AtLeast,
        Above,
        AtMost,
        Below,
        Equal,
        NotEqual,
        Prefix,
        NotPrefix,
    }

    private sealed record Clause(ClauseKind Kind, SemanticVersion? Version, int[]? Prefix)
    {
        public bool Holds(SemanticVersion v)
        {
            var order = VersionOrder.Instance;
            return Kind switch
            {
                ClauseKind.AtLeast => order.Compare(v, Version!) >= 0,
                ClauseKind.Above => order.Compare(v, Version!) > 0,
                ClauseKind.AtMost => order.Compare(v, Version!) <= 0,
                ClauseKind.Below => order.Compare(v, Version!) < 0 && !PrereleaseOfExcludedBound(v, Version!),
                ClauseKind.Equal => order.Compare(v, Version!) == 0,
                ClauseKind.NotEqual => order.Compare(v, Version!) != 0,
                ClauseKind.Prefix => MatchesPrefix(v, Prefix!),
                ClauseKind.NotPrefix => !MatchesPrefix(v, Prefix!),
                _ => false,
            };
        }

        /// <summary>PEP 440: &lt;V does not take a pre-release of V unless V is one.</summary>
        private static bool PrereleaseOfExcludedBound(SemanticVersion v, SemanticVersion bound) =>
            bound.Prerelease is null && v.Prerelease is not null && v.Major == bound.Major && v.Minor == bound.Minor && v.Patch == bound.Patch;

        private static bool MatchesPrefix(SemanticVersion v, int[] prefix)
        {
            int[] release = [v.Major, v.Minor, v.Patch];
            for (var i = 0; i < prefix.Length; i++)
            {
                if (release[i] != prefix[i]) return false;
            }
            return true;
        }

        /// <summary>The bounds this clause puts on the range (true: a lower bound).</summary>
        public IEnumerable<(bool Lower, RangeBound Bound)> Bounds()
        {
            switch (Kind)
            {
                case ClauseKind.AtLeast: yield return (true, new RangeBound(Version!, true)); break;
                case ClauseKind.Above: yield return (true, new RangeBound(Version!, false)); break;
                case ClauseKind.AtMost: yield return (false, new RangeBound(Version!, true)); break;
                case ClauseKind.Below: yield return (false, new RangeBound(Version!, false)); break;
                case ClauseKind.Equal:
                    yield return (true, new RangeBound(Version!, true));
                    yield return (false, new RangeBound(Version!, true));
                    break;
                case ClauseKind.Prefix:
                    int[] low = [Prefix![0], Prefix.Length > 1 ? Prefix[1] : 0, Prefix.Length > 2 ? Prefix[2] : 0];
                    yield return (true, new RangeBound(new SemanticVersion(low[0], low[1], low[2]), true));
                    var next = (int[])low.Clone();
                    var last = Prefix.Length - 1;
                    if (next[last] < int.MaxValue)
                    {
                        next[last]++;
                        for (var i = last + 1; i < 3; i++) next[i] = 0;
                        yield return (false, new RangeBound(new SemanticVersion(next[0], next[1], next[2]), false));
                    }
                    break;
            }
        }
    }
}
