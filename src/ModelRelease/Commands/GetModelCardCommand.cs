using System.Management.Automation;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Hub;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Reads a model card from a file, a folder's README.md or a Hub repository into a ModelCard.</para>
/// </summary>
/// <remarks>
/// The card's Metadata is the YAML front matter as plain values, in file order; Body is the Markdown after it,
/// byte for byte. Set-ModelCard changes metadata and writes the card back with the body, the unknown keys, the
/// line endings and a byte order mark as they were. -RepoId reads README.md from the Hub at -Revision; public
/// repositories need no token.
/// </remarks>
/// <example>
/// <code>(Get-ModelCard ./release/README.md).Metadata.license</code>
/// <para>The license the card declares.</para>
/// </example>
/// <example>
/// <code>Get-ModelCard -RepoId org/model-base -Revision v1.2.0 | Test-ModelCard</code>
/// <para>Checks the card of a published release.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "ModelCard", DefaultParameterSetName = ParameterSets.Path)]
[OutputType(typeof(ModelCard))]
public sealed class GetModelCardCommand : HubAccessCmdlet
{
    private const string HubSet = "Hub";

    /// <summary>Card files, or folders whose README.md is read; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParameterSets.Path, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Card files taken exactly as written; binds to the PSPath of Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The Hub repository whose README.md is read, namespace/name.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HubSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string RepoId { get; set; } = "";

    /// <summary>model (default), dataset or space.</summary>
    [Parameter(ParameterSetName = HubSet, ValueFromPipelineByPropertyName = true)]
    [ValidateSet("model", "dataset", "space")]
    public string RepoType { get; set; } = "model";

    /// <summary>The branch, tag or commit to read the card at.</summary>
    [Parameter(ParameterSetName = HubSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Revision { get; set; } = "main";

    protected override void ProcessInput()
    {
        if (ParameterSetName == HubSet)
        {
            try
            {
                Run(async (sink, ct) =>
                {
                    using var session = OpenSession(sink);
                    var card = await CardHub.ReadAsync(session.Hub, RepoRef.Parse(RepoId, RepoType), Revision, ct).ConfigureAwait(false);
                    sink.Post(() => WriteObject(card));
                });
            }
            catch (ModelReleaseException ex)
            {
                WriteModelReleaseError(ex, RepoId);
            }
            return;
        }
        var literal = ParameterSetName == ParameterSets.LiteralPath;
        foreach (var file in PathResolution.Resolve(this, literal ? LiteralPath : Path, literal))
        {
            try
            {
                Run(async (sink, ct) =>
                {
                    var card = await CardFile.ReadAsync(file, ct).ConfigureAwait(false);
                    sink.Post(() => WriteObject(card));
                });
            }
            catch (ModelReleaseException ex)
            {
                WriteModelReleaseError(ex, file);
            }
        }
    }
}
