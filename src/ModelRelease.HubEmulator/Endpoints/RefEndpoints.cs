using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelRelease.HubEmulator.Http;

namespace ModelRelease.HubEmulator.Endpoints;

/// <summary>Refs listing, tags and branches.</summary>
internal static class RefEndpoints
{
    public static void Map(IEndpointRouteBuilder app, HubContext hub)
    {
        app.MapGet($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/refs", (HttpContext http, string type, string ns, string name) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Visible(http, t, id);
            var refs = hub.Store.GetRefs(t, id);
            var includePrs = http.Request.Query["include_prs"] is var q && (q == "1" || q == "true");
            return HubContext.Json(new RefsAnswer(
                refs.Branches.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => new RefAnswer(b.Key, "refs/heads/" + b.Key, b.Value)),
                [],
                refs.Tags.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => new RefAnswer(x.Key, "refs/tags/" + x.Key, x.Value.Commit, x.Value.Message)),
                includePrs ? refs.PullRequests.Select(p => new RefAnswer($"refs/pr/{p.Key}", $"refs/pr/{p.Key}", p.Value)) : null));
        }).WithMetadata(new HubEndpointName("refs"));

        app.MapPost($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/tag/{{rev}}", async (HttpContext http, string type, string ns, string name, string rev) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Writable(http, t, id);
            var revision = HubContext.Decode(rev);
            var commit = (hub.Store.Resolve(t, id, revision) ?? throw HubError.RevisionNotFound(revision)).Commit;
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            var tag = body.RootElement.TryGetProperty("tag", out var tg) ? tg.GetString() ?? "" : "";
            var message = body.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var overwrite = http.Request.Query["overwrite"] is var o && (o == "1" || o == "true");
            await hub.Store.CreateTagAsync(t, id, tag, commit.Id, message, overwrite, http.RequestAborted).ConfigureAwait(false);
            return HubContext.Json(new RefAnswer(tag, "refs/tags/" + tag, commit.Id));
        }).WithMetadata(new HubEndpointName("tag"));

        app.MapDelete($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/tag/{{tag}}", async (HttpContext http, string type, string ns, string name, string tag) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Writable(http, t, id);
            await hub.Store.DeleteRefAsync(t, id, HubContext.Decode(tag), tag: true, http.RequestAborted).ConfigureAwait(false);
            return Results.Ok();
        }).WithMetadata(new HubEndpointName("tag"));

        app.MapPost($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/branch/{{branch}}", async (HttpContext http, string type, string ns, string name, string branch) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Writable(http, t, id);
            string start = "main";
            if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
                if (body.RootElement.TryGetProperty("startingPoint", out var s) && s.ValueKind == JsonValueKind.String) start = s.GetString()!;
            }
            var commit = (hub.Store.Resolve(t, id, start) ?? throw HubError.RevisionNotFound(start)).Commit;
            await hub.Store.CreateBranchAsync(t, id, HubContext.Decode(branch), commit.Id, http.RequestAborted).ConfigureAwait(false);
            return Results.Ok();
        }).WithMetadata(new HubEndpointName("branch"));

        app.MapDelete($"/api/{RepoEndpoints.Types}/{{ns}}/{{name}}/branch/{{branch}}", async (HttpContext http, string type, string ns, string name, string branch) =>
        {
            var (t, id) = RepoEndpoints.Repo(type, ns, name);
            hub.Writable(http, t, id);
            await hub.Store.DeleteRefAsync(t, id, HubContext.Decode(branch), tag: false, http.RequestAborted).ConfigureAwait(false);
            return Results.Ok();
        }).WithMetadata(new HubEndpointName("branch"));
    }
}
