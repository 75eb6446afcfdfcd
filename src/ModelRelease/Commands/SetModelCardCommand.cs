using System.Collections;
using System.Management.Automation;
using ModelRelease.Core.Cards;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Changes a model card's metadata and writes it back, keeping the body byte for byte.</para>
/// </summary>
/// <remarks>
/// Only the front matter is written again: the Markdown body, the line endings, a byte order mark and every
/// metadata key you did not name (the Hub's or your own) stay as they were, in their order. A key that exists
/// keeps its place; a new key goes at the end; -Metadata @{ key = $null } removes one. The card is written back
/// to the file it was read from, or to -Path (never over another existing file unless -Force); a card read from
/// the Hub is only returned, ready for Publish-HfModel.
/// </remarks>
/// <example>
/// <code>Get-ModelCard ./README.md | Set-ModelCard -License apache-2.0 -Tag text-generation,safetensors</code>
/// <para>Updates the license and tags in place.</para>
/// </example>
/// <example>
/// <code>Get-ModelCard -RepoId org/model-base | Set-ModelCard -Metadata @{ base_model = 'org/model-pre'; deprecated = $null } | Publish-HfModel -RepoId org/model-base</code>
/// <para>Edits the published card's metadata and publishes it back.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "ModelCard", SupportsShouldProcess = true, DefaultParameterSetName = "Object")]
[OutputType(typeof(ModelCard))]
public sealed class SetModelCardCommand : ModelCardCmdlet
{
    /// <summary>The card to change, from Get-ModelCard or New-ModelCard.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ModelCard? Card { get; set; }

    /// <summary>Any other metadata keys to set; a $null value removes the key. Applied after the named parameters.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Metadata { get; set; }

    protected override void ProcessInput()
    {
        var card = Card!;
        ModelCard changed;
        try
        {
            var changes = MetadataChanges();
            changes.AddRange(PlainValues.Entries(Metadata));
            changed = CardDocument.WithMetadata(card, CardMetadataUpdate.Apply(card.Metadata, changes));
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, card.Path ?? card.RepoId);
            return;
        }
        string? target;
        try
        {
            target = OutputPath is { } output ? FullPath(output) : card.Path;
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, OutputPath));
            return;
        }
        if (target is null)
        {
            WriteObject(changed);
            return;
        }
        target = CardFile.Resolve(target);
        if (!ShouldProcess(target, "Write model card metadata")) return;
        var own = string.Equals(target, card.Path, StringComparison.Ordinal);
        try
        {
            var written = changed;
            Run(async (sink, ct) => written = await CardFile.WriteAsync(changed, target, own || Force, ct).ConfigureAwait(false));
            WriteVerboseLine($"{target}: model card metadata written ({written.Metadata.Count} keys)");
            if (PassThru) WriteObject(written);
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, target);
        }
    }
}
