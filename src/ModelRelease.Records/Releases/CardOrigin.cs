namespace ModelRelease;

/// <summary>Where the model card of a release comes from.</summary>
public enum CardOrigin
{
    /// <summary>No card (-NoCard, --no-card): a README.md among the files is published as it is.</summary>
    None,

    /// <summary>The user's card (-CardPath, --card, or a README.md in a released folder): it must pass the card gate.</summary>
    Given,

    /// <summary>Written by the release from the checkpoints, config, metrics and prose.</summary>
    Written,
}
