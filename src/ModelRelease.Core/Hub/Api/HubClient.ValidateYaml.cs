using System.Net;
using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>validate-yaml: the Hub's own check of a card's metadata.</summary>
public sealed partial class HubClient
{
    /// <summary>The Hub's check of a README's metadata: the error messages (none when it is accepted).</summary>
    /// <remarks>A failure names <paramref name="target"/> (the card's file, when there is one), else README.md.</remarks>
    public async Task<IReadOnlyList<string>> ValidateYamlAsync(string readme, string repoType, CancellationToken ct = default, object? target = null)
    {
        var body = new ValidateYamlBody(readme, repoType);
        target ??= "README.md";
        var response = await SendAsync(() => Request(HttpMethod.Post, Api("api/validate-yaml"), JsonBody(body, HubRequestJson.Default.ValidateYamlBody)), "validate-yaml", target, true, ct, HttpStatusCode.BadRequest).ConfigureAwait(false);
        var refused = response.StatusCode == HttpStatusCode.BadRequest;
        var errors = await ReadJsonAsync(response, "validate-yaml", target, ParseYamlErrors, ct).ConfigureAwait(false);
        // A refusal that names no problem is not the Hub's answer: it must not read as "accepted".
        return refused && errors.Count == 0 ? throw Malformed("validate-yaml", "a 400 answer that lists no error", target) : errors;
    }

    /// <summary>validate-yaml: <c>{errors: [{message}], warnings: [...]}</c> (400 when there are errors).</summary>
    private static List<string> ParseYamlErrors(JsonElement root) =>
        HubJson.OptionalItems(root, "errors").Select(e => HubJson.OptionalString(e, "message") ?? e.ToString()).ToList();
}
