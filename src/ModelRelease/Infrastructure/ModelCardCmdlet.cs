using System.Management.Automation;
using ModelRelease.Core.Cards;

namespace ModelRelease.Infrastructure;

/// <summary>
/// Base of the cmdlets that write cards (New-ModelCard, Set-ModelCard): the metadata the Hub understands, with tab
/// completion from its vocabulary, and where the card is written (-Path or -LiteralPath, -Force, -PassThru).
/// </summary>
public abstract class ModelCardCmdlet : ModelReleaseCmdlet
{
    /// <summary>The license id the Hub knows (apache-2.0, mit, cc-by-4.0, …), or other with -LicenseName and -LicenseLink.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LicenseCompleter))]
    public string? License { get; set; }

    /// <summary>The name of a license that is 'other'.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LicenseName { get; set; }

    /// <summary>Where a license that is 'other' can be read.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LicenseLink { get; set; }

    /// <summary>ISO 639 language codes (en, fr, zh).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LanguageCompleter))]
    public string[]? Language { get; set; }

    /// <summary>Hub tags (New-ModelCard adds the checkpoint formats; Set-ModelCard replaces the list).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Tag { get; set; }

    /// <summary>The library that loads the model (transformers, diffusers, llama.cpp, …).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LibraryName { get; set; }

    /// <summary>The Hub's task for the model (text-generation, image-classification, …).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PipelineTagCompleter))]
    public string? PipelineTag { get; set; }

    /// <summary>The models this one is fine-tuned, quantized or merged from.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? BaseModel { get; set; }

    /// <summary>The training datasets (Hub dataset ids).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Dataset { get; set; }

    /// <summary>Where to write the card: a file, or a folder for its README.md (New-ModelCard: may hold {variant}).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.Path)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Where to write the card, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>Overwrite an existing file (Set-ModelCard always rewrites the card's own file).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Also return the card when it is written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>-Path or -LiteralPath, whichever was given.</summary>
    protected string? OutputPath => Path ?? LiteralPath;

    /// <summary>The metadata changes the parameters given name.</summary>
    protected List<KeyValuePair<string, object?>> MetadataChanges() =>
        CardMetadataUpdate.FromParameters(License, LicenseName, LicenseLink, Language, Tag, LibraryName, PipelineTag, BaseModel, Dataset);

    /// <summary>A provider path as a file-system path, relative to $PWD.</summary>
    protected string FullPath(string path) => PathResolution.ResolveOutput(this, path);
}
