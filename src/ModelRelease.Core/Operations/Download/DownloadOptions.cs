using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations.Download;

/// <summary>What to download and where: <c>hf download</c>'s choices.</summary>
public sealed record DownloadOptions
{
    public required RepoRef Repo { get; init; }

    /// <summary>A branch, a tag or a commit.</summary>
    public string Revision { get; init; } = "main";

    /// <summary>Files or folders in the repository; all when empty.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>A plain folder to download into; null downloads into the shared Hugging Face cache.</summary>
    public string? LocalDirectory { get; init; }
}
