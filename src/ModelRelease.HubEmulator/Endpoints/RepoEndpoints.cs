using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ModelRelease.HubEmulator.Faults;
using ModelRelease.HubEmulator.Http;
using YamlDotNet.RepresentationModel;

namespace ModelRelease.HubEmulator.Endpoints;

/// <summary>whoami, repository create/delete/info, validate-yaml, and the emulator's own admin endpoints.</summary>
internal static class RepoEndpoints
{
    public const string Types = "{type:regex(^(models|datasets|spaces)$)}";

    public static (string Type, string Id) Repo(string typePlural, string ns, string name) =>
        (HubContext.RepoType(typePlural) ?? throw new HubError(404, "Unknown repository type"), HubContext.Decode(ns) + "/" + HubContext.Decode(name));

    public static void Map(IEndpointRouteBuilder app, HubContext hub)
    {
        app.MapGet("/api/whoami-v2", (HttpContext http) =>
        {
            var user = hub.RequireUser(http);
            return HubContext.Json(new WhoAmIAnswer(
                "user", user.GetHashCode(StringComparison.Ordinal).ToString("x8", System.Globalization.CultureInfo.InvariantCulture), user, user, null, false, false, false, null, "",
                hub.Options.Organizations.Select(o => new OrgAnswer("org", o, o, o, null, false, null, "")),
                new AuthAnswer("access_token", new AccessTokenAnswer("emulator", "write", "2026-01-01T00:00:00.000Z"))));
        }).WithMetadata(new HubEndpointName("whoami"));

        app.MapPost("/api/repos/create", async (HttpContext http) =>
        {
            var user = hub.RequireUser(http);
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            var root = body.RootElement;
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw HubError.BadRequest("'name' is required");
            var org = root.TryGetProperty("organization", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "model";
            if (type is not ("model" or "dataset" or "space")) throw HubError.BadRequest($"Invalid repo type '{type}'");
            var isPrivate = (root.TryGetProperty("private", out var p) && p.ValueKind == JsonValueKind.True)
                || (root.TryGetProperty("visibility", out var v) && v.GetString() is "private" or "protected");
            var id = (name.Contains('/') ? name : (org ?? user) + "/" + name);
            if (!Storage.HubStore.IsValidRepoId(id)) throw HubError.BadRequest($"Invalid repo name '{Storage.GitNames.Printable(id)}': use namespace/name with letters, digits, '-', '_' and '.'");
            if (!hub.MayWrite(user, id)) throw new HubError(403, $"You don't have the rights to create a repo under {id.Split('/')[0]}", "Forbidden");
            var (created, repo) = await hub.Store.CreateRepoAsync(type, id, isPrivate, user, http.RequestAborted).ConfigureAwait(false);
            var url = $"{HubContext.BaseUrl(http)}/{HubContext.ContentPrefix(type)}{id}";
            return created
                ? HubContext.Json(new CreateRepoAnswer(url, id, repo.ObjectId))
                : HubContext.Json(new ConflictAnswer("You already created this model repo", url), 409);
        }).WithMetadata(new HubEndpointName("create"));

        app.MapDelete("/api/repos/delete", async (HttpContext http) =>
        {
            var user = hub.RequireUser(http);
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            var root = body.RootElement;
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw HubError.BadRequest("'name' is required");
            var org = root.TryGetProperty("organization", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "model";
            var id = name.Contains('/') ? name : (org ?? user) + "/" + name;
            if (!Storage.HubStore.IsValidRepoId(id)) throw HubError.BadRequest($"Invalid repo id '{Storage.GitNames.Printable(id)}'");
            if (!hub.MayWrite(user, id)) throw new HubError(403, $"You don't have the rights to delete {id}", "Forbidden");
            if (!await hub.Store.DeleteRepoAsync(type, id, http.RequestAborted).ConfigureAwait(false)) throw HubError.RepoNotFound(id);
            return Results.Ok();
        }).WithMetadata(new HubEndpointName("delete"));

        app.MapPut($"/api/{Types}/{{ns}}/{{name}}/settings", async (HttpContext http, string type, string ns, string name) =>
        {
            var (t, id) = Repo(type, ns, name);
            var repo = hub.Writable(http, t, id);
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw HubError.BadRequest("A JSON object of settings is expected");
            bool? isPrivate = null;
            if (root.TryGetProperty("visibility", out var v) && v.ValueKind == JsonValueKind.String)
            {
                isPrivate = v.GetString() switch
                {
                    "private" => true,
                    "public" => false,
                    "protected" when t == "space" => true,
                    var other => throw HubError.BadRequest($"Invalid visibility '{Storage.GitNames.Printable(other ?? "")}': public or private"),
                };
            }
            else if (root.TryGetProperty("private", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                isPrivate = p.GetBoolean();
            }
            if (root.TryGetProperty("gated", out var g) && !(g.ValueKind == JsonValueKind.False || g.GetString() is "auto" or "manual"))
            {
                throw HubError.BadRequest("Invalid gated value: auto, manual or false");
            }
            if (isPrivate is { } value && value != repo.Private) await hub.Store.SetPrivateAsync(t, id, value, http.RequestAborted).ConfigureAwait(false);
            return HubContext.Json(new EmptyAnswer());
        }).WithMetadata(new HubEndpointName("settings"));

        IResult Info(HttpContext http, string type, string ns, string name, string? rev)
        {
            var (t, id) = Repo(type, ns, name);
            var repo = hub.Visible(http, t, id);
            var revision = HubContext.Decode(rev ?? "main");
            var resolved = hub.Store.Resolve(t, id, revision) ?? throw HubError.RevisionNotFound(revision);
            var commit = resolved.Commit;
            return HubContext.Json(new RepoInfoAnswer(
                repo.ObjectId, id, id, id.Split('/')[0], commit.Id,
                commit.Date.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                repo.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                repo.Private, false, false, false, 0, 0, [],
                commit.Files.Select(f => new SiblingAnswer(f.Path, f.Size, f.BlobId, f.Lfs is null ? null : new SiblingLfsAnswer(f.Lfs.Oid, f.Lfs.Size, f.Lfs.PointerSize)))));
        }

        app.MapGet($"/api/{Types}/{{ns}}/{{name}}", (HttpContext http, string type, string ns, string name) => Info(http, type, ns, name, null))
            .WithMetadata(new HubEndpointName("info"));
        app.MapGet($"/api/{Types}/{{ns}}/{{name}}/revision/{{rev}}", (HttpContext http, string type, string ns, string name, string rev) => Info(http, type, ns, name, rev))
            .WithMetadata(new HubEndpointName("info"));

        app.MapPost("/api/validate-yaml", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            var content = body.RootElement.TryGetProperty("content", out var c) ? c.GetString() ?? "" : "";
            var errors = CardMetadataRules.Check(content);
            return errors.Count == 0
                ? HubContext.Json(new ValidateYamlAnswer([], []))
                : HubContext.Json(new ValidateYamlAnswer(errors.Select(e => new MessageAnswer(e)), []), 400);
        }).WithMetadata(new HubEndpointName("validate-yaml"));

        app.MapPost("/_emulator/faults", async (HttpContext http) =>
        {
            hub.RequireAdmin(http);
            var config = await JsonSerializer.DeserializeAsync(http.Request.Body, EmulatorJson.Default.FaultConfiguration, http.RequestAborted).ConfigureAwait(false);
            hub.Faults.Configuration = config ?? new FaultConfiguration();
            return Results.Ok();
        });
        app.MapGet("/_emulator/stats", (HttpContext http) =>
        {
            hub.RequireAdmin(http);
            return HubContext.Json(hub.Statistics.Snapshot(MultipartUploads.Pending(hub.Store.UploadsDirectory)));
        });
    }
}
