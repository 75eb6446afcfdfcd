using System.Text.RegularExpressions;

namespace ModelRelease.Core.Hub;

/// <summary>A repository on the Hub: <c>org/name</c> and its type (model, dataset, space).</summary>
public sealed partial record RepoRef(string Id, string Type = "model")
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static RepoRef Parse(string id, string type = "model")
    {
        if (!IdPattern().IsMatch(id) || id.Contains("..", StringComparison.Ordinal))
        {
            throw new HubException(HubErrorIds.RepoIdInvalid, ErrorKind.InvalidArgument, $"'{PrintableText.Escape(id)}' is not a repository id; write it as namespace/name (letters, digits, '-', '_', '.').", PrintableText.Escape(id));
        }
        // The rest of the Hub's rules (huggingface_hub's validate_repo_id): no '--' (the shared cache's separator), no name ending in '-', '.' or '.git'.
        if (id.Contains("--", StringComparison.Ordinal) || id.Split('/').Any(p => p.EndsWith('-') || p.EndsWith('.') || p.EndsWith(".git", StringComparison.Ordinal)))
        {
            throw new HubException(HubErrorIds.RepoIdInvalid, ErrorKind.InvalidArgument, $"'{id}' is a name the Hub refuses: no '--' or '..' in it, and no part ending in '-', '.' or '.git'.", id);
        }
        if (type is not ("model" or "dataset" or "space")) throw new HubException(HubErrorIds.RepoIdInvalid, ErrorKind.InvalidArgument, $"'{type}' is not a repository type (model, dataset, space).", id);
        return new RepoRef(id, type);
    }

    /// <summary>API family: <c>models/org/name</c>.</summary>
    public string ApiPath => $"{Type}s/{Id}";

    /// <summary>Content family prefix: <c>org/name</c> for models, <c>datasets/org/name</c> otherwise.</summary>
    public string ContentPath => Type == "model" ? Id : $"{Type}s/{Id}";

    public override string ToString() => Type == "model" ? Id : $"{Type}s/{Id}";
}
