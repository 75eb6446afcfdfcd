using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using ModelRelease.HubEmulator.Http;
using ModelRelease.HubEmulator.Storage;

namespace ModelRelease.HubEmulator.Endpoints;

/// <summary>Tree listing, paths-info, resolve (with the Hub's headers and ranges), LFS downloads, commit history.</summary>
internal static class ReadEndpoints
{
    public static void Map(IEndpointRouteBuilder app, HubContext hub)
    {
        app.MapGet($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/tree/{{rev}}/{{**path}}", (HttpContext http, string type, string ns, string name, string rev, string? path) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Visible(http, t, id);
            var revision = HubContext.Decode(rev);
            var commit = (hub.Store.Resolve(t, id, revision) ?? throw HubError.RevisionNotFound(revision)).Commit;
            var folder = HubContext.Decode(path ?? "").Trim('/');
            var recursive = http.Request.Query["recursive"] == "true" || http.Request.Query["recursive"] == "1";
            var expand = http.Request.Query["expand"] == "true";
            var entries = Entries(commit, folder, recursive);
            if (entries is null) throw HubError.EntryNotFound(folder);
            var pageSize = expand ? Math.Min(50, hub.Options.PageSize) : hub.Options.PageSize;
            var start = int.TryParse(http.Request.Query["cursor"], out var c) ? Math.Max(0, c) : 0;
            var page = entries.Skip(start).Take(pageSize).Select(e => Describe(e, expand ? commit : null)).ToList();
            if (start + pageSize < entries.Count)
            {
                var next = $"{HubContext.BaseUrl(http)}{http.Request.Path}?recursive={recursive.ToString().ToLowerInvariant()}&expand={expand.ToString().ToLowerInvariant()}&cursor={start + pageSize}";
                http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
            }
            return HubContext.Json(page);
        }).WithMetadata(new HubEndpointName("tree"));

        app.MapPost($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/paths-info/{{rev}}", async (HttpContext http, string type, string ns, string name, string rev) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Visible(http, t, id);
            var revision = HubContext.Decode(rev);
            var commit = (hub.Store.Resolve(t, id, revision) ?? throw HubError.RevisionNotFound(revision)).Commit;
            List<string> paths;
            var expandForm = false;
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
                paths = form["paths"].Where(p => p is not null).Select(p => p!).ToList();
                expandForm = form["expand"] == "true" || form["expand"] == "True";
            }
            else
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
                paths = body.RootElement.GetProperty("paths").EnumerateArray().Select(p => p.GetString() ?? "").ToList();
                expandForm = body.RootElement.TryGetProperty("expand", out var e) && e.ValueKind == JsonValueKind.True;
            }
            if (paths.Count > 1000) throw new HubError(413, "too many parameters");
            var expand = expandForm || http.Request.Query["expand"] == "true";
            var result = new List<TreeEntryAnswer>();
            foreach (var p in paths.Select(p => p.Trim('/')))
            {
                if (commit.Files.FirstOrDefault(f => f.Path == p) is { } file) result.Add(Describe(new Entry(file, null), expand ? LastCommit(hub, t, id, commit, file) : null));
                else if (commit.Files.Any(f => f.Path.StartsWith(p + "/", StringComparison.Ordinal))) result.Add(Describe(new Entry(null, p), expand ? commit : null));
            }
            return HubContext.Json(result);
        }).WithMetadata(new HubEndpointName("paths-info"));

        foreach (var prefix in new[] { "", "/datasets", "/spaces" })
        {
            var type = prefix.Length == 0 ? "model" : prefix[1..^1];
            app.MapMethods(prefix + "/{ns}/{name}/resolve/{rev}/{**path}", ["GET", "HEAD"], (HttpContext http, string ns, string name, string rev, string path) =>
                Resolve(http, hub, type, HubContext.Decode(ns) + "/" + HubContext.Decode(name), HubContext.Decode(rev), HubContext.Decode(path)))
                .WithMetadata(new HubEndpointName("resolve"));
            app.MapMethods(prefix + "/{ns}/{name}/raw/{rev}/{**path}", ["GET", "HEAD"], (HttpContext http, string ns, string name, string rev, string path) =>
                Raw(http, hub, type, HubContext.Decode(ns) + "/" + HubContext.Decode(name), HubContext.Decode(rev), HubContext.Decode(path)))
                .WithMetadata(new HubEndpointName("resolve"));
        }

        app.MapMethods("/_lfs/download/{token}", ["GET", "HEAD"], (HttpContext http, string token) =>
        {
            var f = hub.Signer.Verify(token);
            if (f is null || f[0] != "download") throw new HubError(403, "The download URL is invalid or has expired", "Forbidden");
            var oid = f[1];
            if (!hub.Store.HasLfsObject(oid, out var size)) throw HubError.EntryNotFound(oid);
            http.Response.Headers["X-Linked-Etag"] = $"\"{oid}\"";
            http.Response.Headers["X-Linked-Size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (f.Length > 2) http.Response.Headers["X-Repo-Commit"] = f[2];
            return Results.File(hub.Store.LfsObjectPath(oid), "application/octet-stream", entityTag: new EntityTagHeaderValue($"\"{oid}\""), enableRangeProcessing: true);
        }).WithMetadata(new HubEndpointName("download"));

        app.MapGet($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/commits/{{rev}}", (HttpContext http, string type, string ns, string name, string rev) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Visible(http, t, id);
            var revision = HubContext.Decode(rev);
            var head = (hub.Store.Resolve(t, id, revision) ?? throw HubError.RevisionNotFound(revision)).Commit;
            var all = hub.Store.History(t, id, head).ToList();
            var pageSize = Math.Min(hub.Options.PageSize, 100);
            var start = int.TryParse(http.Request.Query["p"], out var p) ? Math.Max(0, p) * pageSize : 0;
            http.Response.Headers["X-Total-Count"] = all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (start + pageSize < all.Count)
            {
                http.Response.Headers.Link = $"<{HubContext.BaseUrl(http)}{http.Request.Path}?p={start / pageSize + 1}>; rel=\"next\"";
            }
            return HubContext.Json(all.Skip(start).Take(pageSize).Select(c => new CommitListItem(
                c.Id, c.Title, c.Message, [new CommitAuthorAnswer(c.Author)],
                c.Date.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), c.Parents)).ToList());
        }).WithMetadata(new HubEndpointName("commits"));
    }

    private sealed record Entry(FileEntry? File, string? Folder);

    /// <summary>The newest commit, from <paramref name="head"/> back, that gave <paramref name="file"/> its content (the Hub's lastCommit of a path).</summary>
    private static CommitRecord LastCommit(HubContext hub, string type, string id, CommitRecord head, FileEntry file)
    {
        var last = head;
        foreach (var c in hub.Store.History(type, id, head).Skip(1))
        {
            if (!c.Files.Any(f => f.Path == file.Path && f.BlobId == file.BlobId)) break;
            last = c;
        }
        return last;
    }

    /// <summary>The entries under <paramref name="folder"/> (null when it does not exist), folders first, then by path.</summary>
    private static List<Entry>? Entries(CommitRecord commit, string folder, bool recursive)
    {
        var prefix = folder.Length == 0 ? "" : folder + "/";
        var under = commit.Files.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (folder.Length > 0 && under.Count == 0) return null;
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var files = new List<FileEntry>();
        foreach (var f in under)
        {
            var rest = f.Path[prefix.Length..];
            var parts = rest.Split('/');
            if (recursive)
            {
                for (var i = 1; i < parts.Length; i++) folders.Add(prefix + string.Join('/', parts[..i]));
                files.Add(f);
            }
            else if (parts.Length == 1)
            {
                files.Add(f);
            }
            else
            {
                folders.Add(prefix + parts[0]);
            }
        }
        return folders.Select(d => new Entry(null, d)).Concat(files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new Entry(f, null))).ToList();
    }

    private static TreeEntryAnswer Describe(Entry e, CommitRecord? lastCommit)
    {
        var last = lastCommit is null ? null : new LastCommitAnswer(lastCommit.Id, lastCommit.Title, lastCommit.Date.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        if (e.File is { } f)
        {
            return new TreeEntryAnswer("file", f.Path, f.Size, f.BlobId, f.Lfs is null ? null : new TreeLfsAnswer(f.Lfs.Oid, f.Lfs.Size, f.Lfs.PointerSize), last);
        }
        return new TreeEntryAnswer("directory", e.Folder!, 0, Git.GitObjects.BlobId(System.Text.Encoding.UTF8.GetBytes(e.Folder!)), null, last);
    }

    /// <summary>What git stores at the path: the file itself, or for LFS files their pointer.</summary>
    private static IResult Raw(HttpContext http, HubContext hub, string type, string id, string rev, string path)
    {
        hub.Visible(http, type, id);
        var commit = (hub.Store.Resolve(type, id, rev) ?? throw HubError.RevisionNotFound(rev)).Commit;
        http.Response.Headers["X-Repo-Commit"] = commit.Id;
        var file = commit.Files.FirstOrDefault(f => f.Path == path) ?? throw HubError.EntryNotFound(path);
        if (file.Lfs is { } lfs)
        {
            var pointer = System.Text.Encoding.UTF8.GetBytes(Git.GitObjects.LfsPointer(lfs.Oid, lfs.Size));
            return Results.File(pointer, "text/plain; charset=utf-8", entityTag: new EntityTagHeaderValue($"\"{file.BlobId}\""), enableRangeProcessing: true);
        }
        return Results.File(hub.Store.BlobFilePath(file.BlobId), "text/plain; charset=utf-8", entityTag: new EntityTagHeaderValue($"\"{file.BlobId}\""), enableRangeProcessing: true);
    }

    private static IResult Resolve(HttpContext http, HubContext hub, string type, string id, string rev, string path)
    {
        hub.Visible(http, type, id);
        var resolved = hub.Store.Resolve(type, id, rev) ?? throw HubError.RevisionNotFound(rev);
        var commit = resolved.Commit;
        http.Response.Headers["X-Repo-Commit"] = commit.Id;
        var file = commit.Files.FirstOrDefault(f => f.Path == path) ?? throw HubError.EntryNotFound(path);
        if (file.Lfs is { } lfs)
        {
            var token = hub.Signer.Sign("download", lfs.Oid, commit.Id);
            http.Response.Headers["X-Linked-Etag"] = $"\"{lfs.Oid}\"";
            http.Response.Headers["X-Linked-Size"] = lfs.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers.ETag = $"\"{file.BlobId}\"";
            return Results.Redirect($"{HubContext.BaseUrl(http)}/_lfs/download/{token}", permanent: false);
        }
        return Results.File(hub.Store.BlobFilePath(file.BlobId), "application/octet-stream", entityTag: new EntityTagHeaderValue($"\"{file.BlobId}\""), enableRangeProcessing: true);
    }
}
