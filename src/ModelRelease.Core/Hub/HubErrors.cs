using System.Net;
using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>Turns a Hub error response into a <see cref="HubException"/> with a stable id and the Hub's own message.</summary>
public static class HubErrors
{
    public static async Task<HubException> FromResponseAsync(HttpResponseMessage response, string what, object? target, HubToken? token, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var code = Header(response, "X-Error-Code");
        var headerMessage = Header(response, "X-Error-Message");
        string? bodyMessage = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (text.Length > 0 && text.Length < 64 * 1024)
            {
                bodyMessage = text.TrimStart().StartsWith('{') ? JsonMessage(text) : text.Length < 500 && !text.Contains("<html", StringComparison.OrdinalIgnoreCase) ? text.Trim() : null;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
        {
        }
        var hubMessage = PrintableText.Escape(headerMessage ?? bodyMessage ?? response.ReasonPhrase ?? "");
        var requestId = Header(response, "X-Request-Id");
        var message = $"{what}: {status} {response.ReasonPhrase}. {hubMessage}" + (requestId is null ? "" : $" (request id {requestId})");
        message = token?.Redact(message) ?? Redaction.Redact(message);

        var (id, kind, next) = (status, code) switch
        {
            (401, _) when headerMessage?.Contains("Invalid credentials", StringComparison.OrdinalIgnoreCase) == true =>
                (HubErrorIds.Unauthorized, ErrorKind.Authentication, $"The token{(token is null ? "" : $" from {token.Source}")} was refused: check it, or make a new one at https://huggingface.co/settings/tokens and set HF_TOKEN."),
            (_, "RepoNotFound") => (HubErrorIds.RepoNotFound, ErrorKind.NotFound, "Check the repository id; private repositories need a token that can read them."),
            (401, _) => (HubErrorIds.Unauthorized, ErrorKind.Authentication, "Set HF_TOKEN (or log in) with a token that can access this repository."),
            (403, _) => (HubErrorIds.Forbidden, ErrorKind.PermissionDenied, "Use a token with write access to this namespace."),
            (_, "RevisionNotFound") => (HubErrorIds.RevisionNotFound, ErrorKind.NotFound, "Check the branch, tag or commit name."),
            (_, "EntryNotFound") => (HubErrorIds.EntryNotFound, ErrorKind.NotFound, null),
            (404, _) => (HubErrorIds.NotFound, ErrorKind.NotFound, null),
            (409, _) => (HubErrorIds.Conflict, ErrorKind.AlreadyExists, null),
            (412, _) => (HubErrorIds.CommitConflict, ErrorKind.Conflict, "Someone committed to the branch meanwhile; run the publish again to build on the new head."),
            (429, _) => (HubErrorIds.RateLimited, ErrorKind.ConnectionFailed, "Wait for the rate-limit window to pass, then run again."),
            (400 or 413 or 422, _) => (HubErrorIds.BadRequest, ErrorKind.InvalidArgument, null),
            _ => (HubErrorIds.RequestFailed, ErrorKind.ConnectionFailed, "The Hub had a problem; run again (an interrupted publish resumes)."),
        };
        return new HubException(id, kind, message, target, status, code) { RecommendedAction = next };
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    private static string? JsonMessage(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            string? Get(string key) => root.TryGetProperty(key, out var v) ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Array => string.Join("; ", v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.TryGetProperty("message", out var m) ? m.GetString() : e.ToString())),
                _ => null,
            } : null;
            var error = Get("error") ?? Get("message") ?? Get("errors");
            var description = Get("error_description");
            return description is null ? error : $"{error}: {description}";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsTransient(HttpStatusCode status) => (int)status is 408 or 429 or 500 or 502 or 503 or 504;
}
