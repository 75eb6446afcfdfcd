using System.Collections;
using System.Management.Automation;
using ModelRelease.Core.Cards;
using ModelRelease.Core.Checkpoints;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Writes a model card (the repository's README.md) from the checkpoints, training config, evaluation metrics and release facts.</para>
/// </summary>
/// <remarks>
/// Takes Checkpoint, ParameterReport and CheckpointValidation objects from the pipeline (or -CheckpointPath) and
/// fills the sections of the Hugging Face card template and of Mitchell et al.: parameter count, formats, tensor
/// types, every file with its size and SHA-256 (hashed through the cache Publish-HfModel shares), a hardware table from the checkpoint sizes, the training config as a
/// hyperparameter table, metrics as a results table and as model-index metadata, usage code for PowerShell and
/// Python, the release tag and a changelog line. Prose only people can write comes from -Section; what is not
/// given says [More Information Needed], which Test-ModelCard refuses. -Template takes your own Markdown with
/// {{ name }} placeholders ({{{{ for a literal {{); an unknown placeholder is an error naming the line.
/// With -Variant small,base,large, every {variant} in -RepoId, -Config, -Metrics, -Template, -CheckpointPath and -Path is
/// replaced per variant and one card is made for each, with a table of the family. Without -Path the cards go
/// down the pipeline (Publish-HfModel takes one as README.md); with -Path they are written, never over an
/// existing file unless -Force. The same input always gives the same bytes.
/// </remarks>
/// <example>
/// <code>Get-Checkpoint ./release/model.safetensors | New-ModelCard -RepoId org/model-base -Version 1.2.0 -License apache-2.0 -Language en -Tag text-generation -Config ./configs/base.yaml -Metrics ./eval/metrics.json -Section (Get-Content ./card-sections.json -Raw | ConvertFrom-Json -AsHashtable) -Path ./release/README.md</code>
/// <para>Writes the card for a release from the checkpoint, its config, its metrics and the prose of its sections (a JSON file of section name and text).</para>
/// </example>
/// <example>
/// <code>New-ModelCard -Variant small,base,large -CheckpointPath './out/{variant}' -Config './configs/{variant}.yaml' -Metrics './eval/{variant}.json' -RepoId 'org/model-{variant}' -License mit -Path './out/{variant}/README.md'</code>
/// <para>One card per variant of the family, each with its own config and metrics and a table of the whole family.</para>
/// </example>
/// <example>
/// <code>Get-Checkpoint ./gguf/model-q4_k_m.gguf | New-ModelCard -RepoId org/model-gguf -License mit -Template ./card-template.md -Section @{ model_summary = 'A 4-bit quantization.' } | Publish-HfModel -RepoId org/model-gguf</code>
/// <para>Renders your own template and publishes the card as the repository's README.md.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "ModelCard", SupportsShouldProcess = true, DefaultParameterSetName = "Object")]
[OutputType(typeof(ModelCard))]
public sealed class NewModelCardCommand : ModelCardCmdlet
{
    private readonly List<Checkpoint> _checkpoints = [];
    private readonly List<ParameterReport> _reports = [];
    private readonly Dictionary<string, string> _sha256 = new(StringComparer.Ordinal);
    private readonly List<string> _paths = [];

    /// <summary>Checkpoint, ParameterReport or CheckpointValidation objects the card describes, or checkpoint files (from Get-ChildItem) and paths.</summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public object? InputObject { get; set; }

    /// <summary>Checkpoint files or folders to describe; with -Variant, {variant} is replaced per variant.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? CheckpointPath { get; set; }

    /// <summary>The repository, namespace/name (with -Variant it may hold {variant}).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? RepoId { get; set; }

    /// <summary>The release version (1.2.0); the tag defaults to v followed by it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>The release tag, when it is not v followed by the version.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReleaseTag { get; set; }

    /// <summary>Variants of a family (small, base, large): one card each, with {variant} replaced in the other parameters.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Variant { get; set; }

    /// <summary>The training config (any YAML or JSON), rendered as a hyperparameter table.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Config { get; set; }

    /// <summary>Evaluation metrics: a JSON file (with -Variant it may hold {variant}), or a hashtable of the same shape (task, dataset { type, name }, metrics { name = value }).</summary>
    [Parameter]
    [ValidateNotNull]
    public object? Metrics { get; set; }

    /// <summary>Your own Markdown template with {{ name }} placeholders, instead of the default one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Template { get; set; }

    /// <summary>Prose for the template's sections by placeholder name: model_summary, model_description, direct_use, out_of_scope_use, bias_risks_limitations, training_data, training_procedure, evaluation_summary, environmental_impact, citation_bibtex, changelog.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Section { get; set; }

    /// <summary>Leave the SHA-256 column empty instead of hashing the files (hashes are cached and shared with Publish-HfModel, so a file is hashed once).</summary>
    [Parameter]
    public SwitchParameter SkipHash { get; set; }

    protected override void ProcessInput()
    {
        switch (InputObject is PSObject pso ? pso.BaseObject : InputObject)
        {
            case null:
                return;
            case Checkpoint checkpoint:
                _checkpoints.Add(checkpoint);
                return;
            case ParameterReport report:
                _reports.Add(report);
                return;
            case CheckpointValidation { Checkpoint: { } checkpoint } validation:
                _checkpoints.Add(checkpoint);
                if (validation.Sha256 is { } sha) _sha256[checkpoint.Path] = sha;
                return;
            case FileSystemInfo file:
                _paths.Add(file.FullName); // Get-ChildItem ./out/*.safetensors | New-ModelCard
                return;
            case string path:
                _paths.AddRange(PathResolution.Resolve(this, [path], literal: false));
                return;
            case var other:
                WriteError(new ErrorRecord(new ArgumentException($"New-ModelCard takes Checkpoint, ParameterReport and CheckpointValidation objects, checkpoint files and paths; not {other.GetType().Name}."), "ModelCardInputUnsupported", ErrorCategory.InvalidArgument, other));
                return;
        }
    }

    protected override void EndProcessing()
    {
        IReadOnlyList<ModelCard> cards = [];
        try
        {
            var request = new CardRequest
            {
                RepoId = RepoId,
                Version = Version,
                Tag = ReleaseTag,
                Checkpoints = _checkpoints,
                Reports = _reports,
                Sha256 = _sha256,
                ConfigPath = Config is null ? null : FullPath(Config),
                TemplatePath = Template is null ? null : FullPath(Template),
                Metrics = ReadMetrics(),
                MetricsPath = MetricsPath(),
                License = License,
                LicenseName = LicenseName,
                LicenseLink = LicenseLink,
                Language = Language ?? [],
                Tags = Tag ?? [],
                LibraryName = LibraryName,
                PipelineTag = PipelineTag,
                BaseModel = BaseModel ?? [],
                Datasets = Dataset ?? [],
                Sections = PlainValues.Entries(Section).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "", StringComparer.Ordinal),
            };
            CardFamily.CheckOutputPattern(OutputPath, Variant ?? []);
            var checkpointPaths = (CheckpointPath ?? []).Select(FullPath).ToList();
            Run(async (sink, ct) =>
            {
                using var session = OpenLocalSession();
                CardHashing? hashing = null;
                ProgressWriter? writer = null;
                if (!SkipHash)
                {
                    writer = new ProgressWriter(sink, this, 1, "New-ModelCard: SHA-256 of the checkpoint files");
                    hashing = session.CardHashing(new Core.SyncProgress<(long Done, long Total)>(p => writer.Report("hashing", p.Done, p.Total, force: p.Done >= p.Total)));
                }
                // Piped files are read here and join the piped checkpoints (a family shares them out by name).
                var inspector = session.Inspector;
                var piped = await CardFamily.InspectFilesAsync(_paths, inspector, ct).ConfigureAwait(false);
                cards = await CardFamily.BuildAsync(request with { Checkpoints = [.. request.Checkpoints, .. piped] }, Variant ?? [], checkpointPaths, inspector, ct, hashing).ConfigureAwait(false);
                writer?.Complete();
            });
        }
        catch (ModelReleaseException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, RepoId));
        }

        foreach (var card in cards)
        {
            var open = CardBuilder.OpenLines(card);
            var name = card.RepoId ?? card.Variant ?? "the card";
            if (open > 0) WriteWarningLine($"{name}: {open} line(s) still say {CardBuilder.Missing}; Test-ModelCard refuses the card until they are filled (-Section @{{ model_description = '…' }}, -Version, -License, -Language, -Metrics, -Config).");
            var output = OutputPath;
            if (output is null)
            {
                WriteObject(card);
                continue;
            }
            string target;
            try
            {
                target = CardFile.Resolve(FullPath(CardFamily.Expand(output, card.Variant ?? "")!));
            }
            catch (ModelReleaseException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, output));
                return;
            }
            if (!ShouldProcess(target, File.Exists(target) ? "Overwrite model card" : "Write model card")) continue;
            try
            {
                var written = card;
                Run(async (sink, ct) => written = await CardFile.WriteAsync(card, target, Force, ct).ConfigureAwait(false));
                WriteVerboseLine($"{target}: model card written ({written.Text.Length} characters)");
                if (PassThru) WriteObject(written);
            }
            catch (ModelReleaseException ex)
            {
                WriteModelReleaseError(ex, target);
            }
        }
    }

    private IReadOnlyList<MetricResult> ReadMetrics() => (Metrics is PSObject p ? p.BaseObject : Metrics) switch
    {
        null or string or FileInfo => [],
        var value => CardMetrics.FromValue(PlainValues.From(value), "-Metrics"),
    };

    /// <summary>A metrics file is read by the core when the card is built (with -Variant, {variant} in it is replaced first).</summary>
    private string? MetricsPath() => (Metrics is PSObject p ? p.BaseObject : Metrics) switch
    {
        string file => FullPath(file),
        FileInfo file => file.FullName,
        _ => null,
    };
}
