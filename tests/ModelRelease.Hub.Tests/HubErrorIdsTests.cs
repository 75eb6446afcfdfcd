using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using ModelRelease.Core.Hub;

namespace ModelRelease.Hub.Tests;

/// <summary>The catalogue of Hub error ids is the only source of ids: each is used, none other is thrown, each is documented.</summary>
public class HubErrorIdsTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ModelRelease.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("the repository root (ModelRelease.slnx) was not found above " + AppContext.BaseDirectory);
    }

    private static IReadOnlyDictionary<string, string> Catalogue() =>
        typeof(HubErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    /// <summary>The product's C# sources (the emulator is a server with its own error vocabulary, not a face of this catalogue).</summary>
    private static IEnumerable<(string Path, string Text)> Sources() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !p.Contains("ModelRelease.HubEmulator", StringComparison.Ordinal))
            .Select(p => (Path.GetRelativePath(Root, p), File.ReadAllText(p)));

    [Fact]
    public void The_catalogue_has_unique_ids()
    {
        var catalogue = Catalogue();
        Assert.True(catalogue.Count >= 30, $"only {catalogue.Count} ids in the catalogue");
        Assert.Equal(catalogue.Count, catalogue.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.All(catalogue.Values, id => Assert.Matches("^[A-Z][A-Za-z]+$", id));
    }

    [Fact]
    public void Every_id_of_the_catalogue_is_used_by_the_code()
    {
        var code = string.Join('\n', Sources().Where(s => !s.Path.EndsWith("HubErrorIds.cs", StringComparison.Ordinal)).Select(s => s.Text));
        var unused = Catalogue().Keys.Where(name => !Regex.IsMatch(code, $@"\bHubErrorIds\.{name}\b")).ToList();
        Assert.Empty(unused);
    }

    [Fact]
    public void No_code_throws_or_tests_a_Hub_error_id_written_as_a_literal()
    {
        var ids = Catalogue().Values.ToHashSet(StringComparer.Ordinal);
        var literal = new Regex("\"([A-Za-z]+)\"");
        var offences = new List<string>();
        foreach (var (path, text) in Sources().Where(s => !s.Path.EndsWith("HubErrorIds.cs", StringComparison.Ordinal)))
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal) || line.TrimStart().StartsWith("///", StringComparison.Ordinal)) continue;
                // A HubException built with a literal id, or an id compared as a string.
                if (Regex.IsMatch(line, "HubException\\(\\s*\"") || Regex.IsMatch(line, "ErrorId\\s*(==|!=|is)\\s*\"")) offences.Add($"{path}:{i + 1}: {line.Trim()}");
                // Any catalogue id spelled out in code.
                offences.AddRange(literal.Matches(line).Where(m => ids.Contains(m.Groups[1].Value)).Select(m => $"{path}:{i + 1}: {m.Value}"));
            }
        }
        Assert.Empty(offences);
    }

    [Theory]
    [InlineData(401, null, "Invalid credentials in Authorization header")]
    [InlineData(401, null, null)]
    [InlineData(403, null, null)]
    [InlineData(404, "RepoNotFound", null)]
    [InlineData(404, "RevisionNotFound", null)]
    [InlineData(404, "EntryNotFound", null)]
    [InlineData(404, null, null)]
    [InlineData(409, null, null)]
    [InlineData(412, null, null)]
    [InlineData(429, null, null)]
    [InlineData(400, null, null)]
    [InlineData(413, null, null)]
    [InlineData(500, null, null)]
    [InlineData(418, null, null)]
    public async Task Every_id_the_Hub_s_answers_map_to_is_in_the_catalogue(int status, string? code, string? message)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("{}") };
        if (code is not null) response.Headers.TryAddWithoutValidation("X-Error-Code", code);
        if (message is not null) response.Headers.TryAddWithoutValidation("X-Error-Message", message);
        var error = await HubErrors.FromResponseAsync(response, "test", null, null, CancellationToken.None);
        Assert.Contains(error.ErrorId, Catalogue().Values);
    }

    [Fact]
    public void Every_id_is_documented_in_the_about_topic_s_error_list()
    {
        var about = File.ReadAllLines(Path.Combine(Root, "en-US", "about_ModelRelease.help.txt"));
        var start = Array.FindIndex(about, l => l == "ERRORS");
        Assert.True(start >= 0, "about_ModelRelease has no ERRORS section");
        var end = Array.FindIndex(about, start + 1, l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        var listed = about[start..(end < 0 ? about.Length : end)]
            .Select(l => Regex.Match(l, "^ {8}([A-Z][A-Za-z]+) +\\S"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        var catalogue = Catalogue().Values.ToList();
        var undocumented = catalogue.Where(id => !listed.Contains(id)).ToList();
        Assert.Empty(undocumented);
        // And the list names no Hub id that the code does not have.
        var unknown = listed.Where(id => id.StartsWith("Hub", StringComparison.Ordinal) && !catalogue.Contains(id)).ToList();
        Assert.Empty(unknown);
    }
}
