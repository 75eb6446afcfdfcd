namespace ModelRelease.Core.Operations.Release;

/// <summary>Finding codes of a release's checks (made before the first write), enumerated by a test.</summary>
public static class ReleaseCodes
{
    /// <summary>Warning: the target is huggingface.co, the public Hub.</summary>
    public const string PublicHub = "RELEASE_PUBLIC_HUB";

    /// <summary>A checkpoint (or a training-state pickle) among the files does not pass the checkpoint gate.</summary>
    public const string CheckpointRefused = "RELEASE_CHECKPOINT_REFUSED";

    /// <summary>No checkpoint among the files.</summary>
    public const string NoCheckpoint = "RELEASE_NO_CHECKPOINT";

    /// <summary>The card the release wrote is unfinished (refused unless -AllowUnfinishedCard / --allow-unfinished-card).</summary>
    public const string CardUnfinished = "RELEASE_CARD_UNFINISHED";

    /// <summary>The given card does not pass the card gate, or cannot be read.</summary>
    public const string CardInvalid = "RELEASE_CARD_INVALID";

    /// <summary>The Hub refuses the card's metadata (validate-yaml).</summary>
    public const string CardRejected = "RELEASE_CARD_REJECTED";

    /// <summary>No token: a release writes, so it needs one.</summary>
    public const string NoToken = "RELEASE_NO_TOKEN";

    /// <summary>The token's user may not write to the repository's namespace, or the token is read-only.</summary>
    public const string NamespaceForbidden = "RELEASE_NAMESPACE_FORBIDDEN";

    /// <summary>A check needed the Hub and the Hub refused or could not be reached.</summary>
    public const string HubCheckFailed = "RELEASE_HUB_CHECK_FAILED";

    /// <summary>The tag exists on another commit (or the release would change the files it names); -Force moves it.</summary>
    public const string TagExists = "RELEASE_TAG_EXISTS";

    /// <summary>Warning: -Force moves an existing tag to the release's commit.</summary>
    public const string TagMoves = "RELEASE_TAG_MOVES";

    /// <summary>The local repository asked for is not a folder, or not a git repository.</summary>
    public const string LocalRepositoryNotFound = "RELEASE_LOCAL_REPOSITORY_NOT_FOUND";

    /// <summary>The local repository has uncommitted changes: its HEAD would not be what was released.</summary>
    public const string LocalRepositoryDirty = "RELEASE_LOCAL_REPOSITORY_DIRTY";

    /// <summary>The local repository has the tag on another commit.</summary>
    public const string LocalTagExists = "RELEASE_LOCAL_TAG_EXISTS";

    /// <summary>Note: every file is already on the Hub with the same content; the release commits nothing.</summary>
    public const string NothingToCommit = "RELEASE_NOTHING_TO_COMMIT";

    /// <summary>A file downloaded back differs from the local one.</summary>
    public const string VerificationMismatch = "RELEASE_VERIFICATION_MISMATCH";

    /// <summary>A file the release must contain (LICENSE, config, requirements, citations…) is not among its files.</summary>
    public const string RequiredFileMissing = "RELEASE_REQUIRED_FILE_MISSING";

    /// <summary>A metric of the new card is worse than the previous release's, by its direction (a warning, or an error when asked).</summary>
    public const string MetricRegression = "RELEASE_METRIC_REGRESSION";

    /// <summary>Warning: a metric the previous release's card reported is not in the new card.</summary>
    public const string MetricDropped = "RELEASE_METRIC_DROPPED";

    /// <summary>Note: a metric whose direction (higher or lower is better) is not known was not judged.</summary>
    public const string MetricDirectionUnknown = "RELEASE_METRIC_DIRECTION_UNKNOWN";

    /// <summary>Note: the previous release's card could not be read, so neither its changelog nor its metrics were carried or compared.</summary>
    public const string PreviousCardUnreadable = "RELEASE_PREVIOUS_CARD_UNREADABLE";

    /// <summary>git has no user.name and user.email in the local repository: the changelog commit needs them.</summary>
    public const string LocalIdentityMissing = "RELEASE_LOCAL_IDENTITY_MISSING";

    /// <summary>-Push: the local repository has no remote to push the tag to.</summary>
    public const string PushRemoteMissing = "RELEASE_PUSH_REMOTE_MISSING";

    /// <summary>A variant of a family release failed a check: nothing of the family is released.</summary>
    public const string VariantRefused = "RELEASE_VARIANT_REFUSED";
}
