using System.Management.Automation;
using ModelRelease.Core.Cards;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Checks a model card by a policy and returns findings with stable codes: errors for what is broken or unfinished (no front matter, bad YAML, a model-index huggingface_hub refuses, a missing or unknown license, leftover placeholders), warnings for what a reader would miss.</para>
/// </summary>
/// <remarks>
/// Returns a ModelCardValidation per card: IsValid (no finding is an error), Policy, and Findings, each with a code,
/// a severity, the file and the Line. The default policy makes these errors: CARD_NO_FRONT_MATTER,
/// CARD_YAML_INVALID, CARD_MODEL_INDEX_INVALID (a model-index huggingface_hub would refuse to load),
/// CARD_METADATA_MISSING (no license), CARD_LICENSE_UNKNOWN (a license, or an item of a license list, the Hub does
/// not know), CARD_UNFINISHED ("More information needed" in any case, [More Information Needed], {MODEL_NAME}, or
/// TODO and TBD as words outside code), CARD_LANGUAGE_INVALID, CARD_YAML_AMBIGUOUS (an unquoted no, yes, on or off
/// that PyYAML reads as a boolean), CARD_METRIC_MISMATCH, CARD_PARAMETER_MISMATCH and, with -Online,
/// CARD_HUB_REJECTED. It warns with CARD_SECTION_MISSING and CARD_SECTION_EMPTY (the template's sections matched by
/// meaning: "How to use" answers How to Get Started, "Limitations" answers Bias, Risks, and Limitations; a section
/// holding only an HTML comment is empty), CARD_METADATA_EXPECTED (a text model without language) and
/// CARD_LICENSE_OTHER_INCOMPLETE; tags are never required. -Policy strict is the stricter gate of earlier versions
/// (every template section by its exact title, license, tags and language, TBD, TODO and [More Information Needed]
/// anywhere, all errors); -Policy FILE names a team's YAML that changes default or strict (extends,
/// required_metadata, required_sections, severity, …). -Checkpoint compares the parameter count the card states
/// with the checkpoint's. -Online also sends the card to the Hub's validate-yaml. -Quiet returns one Boolean for
/// all cards: True only when at least one card was checked, all were valid and every path could be read.
/// </remarks>
/// <example>
/// <code>if (-not (Test-ModelCard ./release/README.md -Checkpoint ./release/model.safetensors -Quiet)) { exit 1 }</code>
/// <para>A release gate on the card.</para>
/// </example>
/// <example>
/// <code>New-ModelCard -RepoId org/model -License mit | Test-ModelCard -Policy ./card-policy.yaml | Select-Object -ExpandProperty Findings</code>
/// <para>What the team's policy still wants filled in.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "ModelCard", DefaultParameterSetName = ParameterSets.Path)]
[OutputType(typeof(ModelCardValidation))]
[OutputType(typeof(bool))]
public sealed class TestModelCardCommand : HubAccessCmdlet
{
    private const string CardSet = "Card";
    private readonly Core.CheckVerdict _verdict = new();
    private CardPolicy? _policy;

    /// <summary>A card from Get-ModelCard or New-ModelCard.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CardSet, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public ModelCard? Card { get; set; }

    /// <summary>Card files, or folders whose README.md is checked; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.Path, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Card files taken exactly as written; binds to the PSPath of Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The policy: default (when not given), strict (the gate of earlier versions), or a team's YAML file that changes one of them (extends, required_metadata, required_sections, section_match, placeholders, unfinished_words, unfinished_phrases, severity).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Policy { get; set; }

    /// <summary>The checkpoint whose parameter count the card must state (a Checkpoint object or a path).</summary>
    [Parameter]
    [CheckpointTransformation]
    public Checkpoint? Checkpoint { get; set; }

    /// <summary>Also ask the Hub's validate-yaml (at -Endpoint, HF_ENDPOINT or huggingface.co).</summary>
    [Parameter]
    public SwitchParameter Online { get; set; }

    /// <summary>model (default), dataset or space: the kind of repository the card is checked for online.</summary>
    [Parameter]
    [ValidateSet("model", "dataset", "space")]
    public string RepoType { get; set; } = "model";

    /// <summary>Return one Boolean for all cards instead of the validation objects.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _policy = Policy is null ? CardPolicy.Default : CardPolicy.Select(Policy, p => PathResolution.ResolveOutput(this, p));
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, Policy));
        }
    }

    protected override void ProcessInput()
    {
        if (ParameterSetName == CardSet)
        {
            Check(null, Card!);
            return;
        }
        var literal = ParameterSetName == ParameterSets.LiteralPath;
        foreach (var file in PathResolution.Resolve(this, literal ? LiteralPath : Path, literal, _verdict.AddUnreadable))
        {
            Check(file, null);
        }
    }

    private void Check(string? file, ModelCard? given)
    {
        try
        {
            Run(async (sink, ct) =>
            {
                var (validation, card) = given is null
                    ? await CardValidator.ValidateFileAsync(file!, _policy, Checkpoint, ct).ConfigureAwait(false)
                    : (CardValidator.Validate(given, _policy, Checkpoint), given);
                if (Online && card is not null)
                {
                    using var session = OpenSession(sink);
                    validation = await CardHub.ValidateOnlineAsync(session.Hub, card, validation, RepoType, ct).ConfigureAwait(false);
                }
                _verdict.Add(validation.IsValid);
                if (!Quiet) sink.Post(() => WriteObject(validation));
            });
        }
        catch (ModelReleaseException ex)
        {
            _verdict.AddUnreadable();
            WriteModelReleaseError(ex, file ?? given?.Path);
        }
    }

    protected override void EndProcessing()
    {
        if (!Quiet) return;
        if (_verdict.Checked == 0) WriteWarningLine("No model card was checked, so -Quiet returns False.");
        WriteObject(_verdict.Passed);
    }
}
