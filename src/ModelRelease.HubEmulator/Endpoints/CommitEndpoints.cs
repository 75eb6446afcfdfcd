using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelRelease.HubEmulator.Faults;
using ModelRelease.HubEmulator.Http;
using ModelRelease.HubEmulator.Storage;

namespace ModelRelease.HubEmulator.Endpoints;

/// <summary>The NDJSON commit endpoint: one atomic commit guarded by the parent commit.</summary>
internal static class CommitEndpoints
{
    private static readonly Regex ParentPattern = new("^[0-9a-f]{5,40}$", RegexOptions.CultureInvariant);

    public static void Map(IEndpointRouteBuilder app, HubContext hub)
    {
        app.MapPost($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/commit/{{rev}}", async (HttpContext http, string type, string ns, string name, string rev) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Writable(http, t, id);
            var user = hub.RequireUser(http);
            var revision = HubContext.Decode(rev);
            var createPr = http.Request.Query["create_pr"] is var q && (q == "1" || q == "true");

            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Length == 0) throw HubError.BadRequest("Empty commit payload");
            string? summary = null, description = null, parent = null;
            var operations = new List<CommitOperation>();
            for (var i = 0; i < lines.Length; i++)
            {
                JsonElement line;
                try
                {
                    line = JsonDocument.Parse(lines[i]).RootElement;
                }
                catch (JsonException ex)
                {
                    throw HubError.BadRequest($"Line {i + 1} of the commit payload is not JSON: {ex.Message}");
                }
                var key = line.TryGetProperty("key", out var k) ? k.GetString() : null;
                if (!line.TryGetProperty("value", out var value)) throw HubError.BadRequest($"Line {i + 1} has no value");
                if (i == 0 && key != "header") throw HubError.BadRequest("The first line of a commit must be its header");
                switch (key)
                {
                    case "header":
                        summary = value.TryGetProperty("summary", out var s) ? s.GetString() : null;
                        description = value.TryGetProperty("description", out var d) ? d.GetString() : null;
                        parent = value.TryGetProperty("parentCommit", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                        if (parent is not null && !ParentPattern.IsMatch(parent)) throw HubError.BadRequest("parentCommit must be 5 to 40 hex digits");
                        break;
                    case "file":
                        {
                            var path = CleanPath(value.GetProperty("path").GetString());
                            var encoding = value.TryGetProperty("encoding", out var e) ? e.GetString() : "base64";
                            var content = value.GetProperty("content").GetString() ?? "";
                            byte[] bytes;
                            try
                            {
                                bytes = encoding == "utf-8" ? Encoding.UTF8.GetBytes(content) : Convert.FromBase64String(content);
                            }
                            catch (FormatException)
                            {
                                throw HubError.BadRequest($"The content of {path} is not valid base64");
                            }
                            operations.Add(new AddRegularFile(path, bytes));
                            break;
                        }
                    case "lfsFile":
                        {
                            var path = CleanPath(value.GetProperty("path").GetString());
                            var oid = GitNames.RequireSha256(value.GetProperty("oid").GetString());
                            long? size = value.TryGetProperty("size", out var z) && z.TryGetInt64(out var zz) ? zz : null;
                            operations.Add(new AddLfsFile(path, oid, size));
                            break;
                        }
                    case "deletedFile":
                        operations.Add(new DeleteFile(CleanPath(value.GetProperty("path").GetString())));
                        break;
                    case "deletedFolder":
                        operations.Add(new DeleteFolder(CleanPath(value.GetProperty("path").GetString())));
                        break;
                    default:
                        throw HubError.BadRequest($"Unknown commit line key '{key}'");
                }
            }
            if (string.IsNullOrWhiteSpace(summary)) throw HubError.BadRequest("The commit summary must not be empty");
            foreach (var readme in operations.OfType<AddRegularFile>().Where(f => f.Path == "README.md"))
            {
                var problems = CardMetadataRules.Check(Encoding.UTF8.GetString(readme.Content));
                if (problems.Count > 0) throw HubError.BadRequest("Invalid metadata in README.md: " + string.Join("; ", problems));
            }
            var (commit, pr) = await hub.Store.CommitAsync(t, id, revision, parent, operations, summary!, description ?? "", user, createPr, http.RequestAborted).ConfigureAwait(false);
            hub.Statistics.AddCommit();
            if (hub.Faults.Roll("commit", FaultInjector.Kind.LoseResponse) is not null)
            {
                http.Abort(); // the commit landed; the client never hears about it
                return Results.Empty;
            }
            var baseUrl = HubContext.BaseUrl(http) + "/" + HubContext.ContentPrefix(t) + id;
            return HubContext.Json(new CommitAnswer(true, commit.Id, $"{baseUrl}/commit/{commit.Id}", "", pr is null ? null : $"{baseUrl}/discussions/{pr}"));
        }).WithMetadata(new HubEndpointName("commit"));
    }

    /// <summary>
    /// Paths as the Hub takes them: leading "/" and "./" dropped; empty, ".", "..", ".git" and ".cache" segments,
    /// control characters (NUL included) and over-long names refused.
    /// </summary>
    public static string CleanPath(string? path)
    {
        var p = (path ?? "").Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal) || p.StartsWith('/')) p = p.StartsWith('/') ? p[1..] : p[2..];
        var problem = GitNames.PathProblem(p) ?? (p.Split('/').Contains(".cache") ? "the path has a '.cache' segment" : null);
        if (problem is not null) throw HubError.BadRequest($"Invalid path in repository: '{GitNames.Printable(path)}': {problem}");
        return p;
    }
}
