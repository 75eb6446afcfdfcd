using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelRelease.HubEmulator.Faults;
using ModelRelease.HubEmulator.Storage;

namespace ModelRelease.HubEmulator.Http;

/// <summary>What every endpoint shares: the store, options, signer, faults, and the auth and URL rules.</summary>
public sealed class HubContext(HubStore store, HubEmulatorOptions options, UrlSigner signer, FaultInjector faults, EmulatorStatistics statistics)
{
    public HubStore Store { get; } = store;
    public HubEmulatorOptions Options { get; } = options;
    public UrlSigner Signer { get; } = signer;
    public FaultInjector Faults { get; } = faults;
    public EmulatorStatistics Statistics { get; } = statistics;
    public MultipartUploads Multipart { get; } = new();

    /// <summary>"models" → "model".</summary>
    public static string? RepoType(string plural) => plural switch
    {
        "models" => "model",
        "datasets" => "dataset",
        "spaces" => "space",
        _ => null,
    };

    /// <summary>Prefix of the content URL family: "" for models, "datasets/" …</summary>
    public static string ContentPrefix(string type) => type == "model" ? "" : type + "s/";

    public static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>The user a request's Bearer token belongs to; null without a token; throws 401 for a token that is not known.</summary>
    public string? User(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return null;
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        if (token.Length > 0 && Options.Tokens.TryGetValue(token, out var user)) return user;
        throw new HubError(401, "Invalid credentials in Authorization header", null);
    }

    /// <summary>The emulator's own endpoints need its admin token; without one configured they are closed.</summary>
    public void RequireAdmin(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        if (Options.AdminToken is not { } admin)
        {
            throw new HubError(403, "The emulator's admin endpoints are closed: start it with --admin-token hf_…", "Forbidden");
        }
        var expected = System.Text.Encoding.UTF8.GetBytes(admin);
        var given = System.Text.Encoding.UTF8.GetBytes(token);
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, given))
        {
            throw new HubError(401, "The emulator's admin endpoints need its admin token: Authorization: Bearer <admin token>", null);
        }
    }

    public string RequireUser(HttpContext http) =>
        User(http) ?? throw new HubError(401, "You must be authenticated to access this endpoint: send Authorization: Bearer <token>", null);

    public bool MayWrite(string user, string repoId)
    {
        var ns = repoId.Split('/')[0];
        return Options.AnyNamespace || ns == user || Options.Organizations.Contains(ns);
    }

    /// <summary>The repository, if the caller may see it (private repositories need a valid token).</summary>
    public RepoRecord Visible(HttpContext http, string type, string id)
    {
        var repo = Store.GetRepo(type, id);
        var user = User(http);
        if (repo is null || (repo.Private && (user is null || !MayWrite(user, id))))
        {
            throw new HubError(repo is null ? 404 : 401, $"Repository not found: {id}", "RepoNotFound");
        }
        return repo;
    }

    public RepoRecord Writable(HttpContext http, string type, string id)
    {
        var user = RequireUser(http);
        var repo = Visible(http, type, id);
        if (!MayWrite(user, id)) throw new HubError(403, $"You don't have the rights to write to {id}", "Forbidden");
        return repo;
    }

    public static string Decode(string segment) => Uri.UnescapeDataString(segment);

    /// <summary>An answer by its runtime type, from <see cref="EmulatorJson"/>'s source-generated metadata.</summary>
    public static IResult Json(object value, int status = 200) => Results.Json(value, JsonOptions.GetTypeInfo(value.GetType()), statusCode: status);

    /// <summary>Web defaults, nulls left out; the types are <see cref="EmulatorJson"/>'s (source-generated).</summary>
    public static JsonSerializerOptions JsonOptions => EmulatorJson.Default.Options;

    public static async Task WriteErrorAsync(HttpContext http, HubError error)
    {
        http.Response.StatusCode = error.Status;
        if (error.Code is not null) http.Response.Headers["X-Error-Code"] = error.Code;
        // A header carries ASCII only: anything else in the message (…, quotes, names) becomes '?' there; the JSON body has it whole.
        http.Response.Headers["X-Error-Message"] = new string(error.Message.Select(c => c is >= ' ' and <= '~' ? c : c is '\n' or '\r' or '\t' ? ' ' : '?').ToArray());
        await http.Response.WriteAsJsonAsync(new ErrorAnswer(error.Message), EmulatorJson.Default.ErrorAnswer).ConfigureAwait(false);
    }
}
