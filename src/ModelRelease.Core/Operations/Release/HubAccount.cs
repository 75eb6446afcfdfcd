using System.Text.Json;

namespace ModelRelease.Core.Operations.Release;

/// <summary>Who a token belongs to (whoami-v2): the user, the organisations it writes to, and the token's role.</summary>
public sealed record HubAccount(string Name, IReadOnlyList<string> Organizations, string? TokenRole)
{
    /// <summary>Reads the whoami-v2 answer: <c>name</c>, <c>orgs[].name</c> (an org where the user's role is read is left out), <c>auth.accessToken.role</c>.</summary>
    public static HubAccount From(JsonElement whoami)
    {
        var name = whoami.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        var orgs = new List<string>();
        if (whoami.TryGetProperty("orgs", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var org in list.EnumerateArray())
            {
                if (org.ValueKind != JsonValueKind.Object || !org.TryGetProperty("name", out var o) || o.ValueKind != JsonValueKind.String) continue;
                if (org.TryGetProperty("roleInOrg", out var role) && role.ValueKind == JsonValueKind.String && role.GetString() == "read") continue;
                orgs.Add(o.GetString()!);
            }
        }
        string? tokenRole = null;
        if (whoami.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.Object
            && auth.TryGetProperty("accessToken", out var token) && token.ValueKind == JsonValueKind.Object
            && token.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String)
        {
            tokenRole = r.GetString();
        }
        return new HubAccount(name, orgs, tokenRole);
    }

    /// <summary>Why this account cannot write to <paramref name="ns"/>, or null when it can.</summary>
    public string? CannotWriteTo(string ns)
    {
        if (string.Equals(TokenRole, "read", StringComparison.OrdinalIgnoreCase)) return $"the token of {Name} is read-only";
        if (string.Equals(ns, Name, StringComparison.Ordinal) || Organizations.Contains(ns, StringComparer.Ordinal)) return null;
        return $"{Name} is neither '{ns}' nor a member of it (organisations: {(Organizations.Count == 0 ? "none" : string.Join(", ", Organizations))})";
    }
}
