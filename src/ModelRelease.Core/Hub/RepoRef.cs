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
            throw new HubException(HubErrorIds.RepoIdInvalid, ErrorKind.InvalidArgument, $"'{id}' is not a repository id; write it as namespace/name (letters, digits, '-', '_', '.').", id);
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
