using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Core.Operations.Publish;

/// <summary>A publish planned once — the gate's verdict, the request and what the Hub has — and executed as it is.</summary>
public sealed record PublishOperationPlan
{
    public required PublishOptions Options { get; init; }

    public required PublishRequest Request { get; init; }

    /// <summary>Every file, LFS or regular, new, updated or unchanged (the records -WhatIf and --what-if show).</summary>
    public required PublishPlan Plan { get; init; }

    public required CheckpointGateResult Gate { get; init; }

    /// <summary>The branch the publish creates before its commit (-CreateBranch on a branch that does not exist yet); the plan is made against its starting point.</summary>
    public string? BranchToCreate { get; init; }
}
