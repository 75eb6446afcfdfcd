using System.Text.RegularExpressions;

namespace ModelRelease.Core.Hub;

/// <summary>Pull requests as the Hub names them: a commit answer's <c>pullRequestUrl</c> ends in <c>/discussions/{n}</c>, and its ref is <c>refs/pr/{n}</c>.</summary>
public static partial class PullRequests
{
    [GeneratedRegex(@"/discussions/(\d{1,9})/?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>The number at the end of <paramref name="url"/>, or null.</summary>
    public static int? Number(string? url) =>
        url is not null && NumberPattern().Match(url) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static string Ref(int number) => $"refs/pr/{number}";
}
