using ModelRelease.Core.Hub;

namespace ModelRelease.Core.Operations.Tags;

/// <summary>A release tag to make: on the Hub, and (when asked) in a local git repository too.</summary>
public sealed record TagOptions
{
    public required RepoRef Repo { get; init; }

    /// <summary>The branch, tag or commit to tag.</summary>
    public required string Revision { get; init; }

    /// <summary>The tag's name (v1.2.0, weights-v1.1, …).</summary>
    public required string Name { get; init; }

    public string? Message { get; init; }

    /// <summary>Move the tag when it names another commit.</summary>
    public bool Force { get; init; }

    /// <summary>A local git repository that gets the same annotated tag at its HEAD (full path).</summary>
    public string? LocalRepository { get; init; }
}

/// <summary>What tagging would do in both places, read before anything is written.</summary>
public sealed record TagPlan(TagOptions Options, ReleaseTagPlan Hub, LocalTagPlan? Local);

/// <summary>Which tags to list (Get-ReleaseTag, <c>modelrelease tags</c>).</summary>
public sealed record TagListOptions
{
    public required RepoRef Repo { get; init; }

    /// <summary>Only this family's tags: v, model-v, export-v, weights-v (or Version, Model, Export, Weights), a template (vllm-v{version}) or a component prefix (hub-v); null lists every tag.</summary>
    public string? Family { get; init; }

    /// <summary>Tag formats of your own the reader also knows (vllm-v{version}).</summary>
    public IReadOnlyList<string> Templates { get; init; } = [];

    /// <summary>Read each tag's commit date (one request per commit).</summary>
    public bool WithDates { get; init; } = true;
}
