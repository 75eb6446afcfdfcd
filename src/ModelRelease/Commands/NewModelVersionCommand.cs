using System.Collections;
using System.Management.Automation;
using ModelRelease.Core.Operations.Registry;
using ModelRelease.Core.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Registers a version of a component model in the governed store: checks its weights, writes models/{component}/v{X.Y.Z}/ and records it as development.</para>
/// </summary>
/// <remarks>
/// Everything is checked before anything is written: the component (listed in the policy when there is one), the
/// version (X.Y.Z), performance.json against its published schema (each metric with its value and direction: higher or
/// lower is better), the config (a YAML mapping), and the weights through the checkpoint gate, deep (a NaN never reaches
/// the store). Then the version's folder is written with the weights, config.yaml, metadata.json (model id, description,
/// architecture with the parameter count read from the checkpoint, training, performance, dependencies, authors,
/// approval, changelog) and performance.json, and the registry records the version as development with an audit entry.
/// The model id follows the component name template: {prefix}-{component}-{architecture}-{version}-{yyyyMMdd}
/// (pib-vg-base-diffusion-1.2.3-20230615), the prefix from -Prefix or the policy. A version is registered once
/// (ModelVersionExists); a refused check writes nothing (ModelCheckpointRefused, ModelFileInvalid, ModelComponentUnknown,
/// ModelRegistryInputInvalid).
/// </remarks>
/// <example>
/// <code>New-ModelVersion -Component base -Version 1.2.3 -Architecture diffusion -CheckpointPath ./checkpoints/model.safetensors -Performance ./eval/performance.json -Description 'Base diffusion model, retrained on the June data' -Author 'Ada Example'</code>
/// <para>Registers base 1.2.3 as development in models/base/v1.2.3/ with its model id, parameter count and metrics.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "ModelVersion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(ModelVersionStatus))]
public sealed class NewModelVersionCommand : RegistryChangeCmdlet
{
    /// <summary>The component (base, residual, super-resolution, fact-checking): lower-case words joined by '-', '_' or '.'.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Component { get; set; } = "";

    /// <summary>The version, X.Y.Z (a pre-release such as 1.3.0-rc.1 too; v1.2 is read as 1.2.0).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Version { get; set; } = "";

    /// <summary>The architecture, one lower-case word (diffusion, esrgan, t5_xl): part of the model id and of metadata.json.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Architecture { get; set; } = "";

    /// <summary>The weights: checkpoint files or folders (wildcards allowed); a sharded set through its index.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string[]? CheckpointPath { get; set; }

    /// <summary>The performance file to store as performance.json (schemas/model-performance.schema.json).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Performance { get; set; } = "";

    /// <summary>What the version is, for metadata.json.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Description { get; set; } = "";

    /// <summary>A YAML config to store as config.yaml; without it one is written from the component, architecture and version.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Config { get; set; }

    /// <summary>The authors (default: -Actor).</summary>
    [Parameter]
    public string[]? Author { get; set; }

    /// <summary>How the version was trained: names to strings, numbers or booleans (@{ dataset = 'laion-5k'; epochs = 20 }).</summary>
    [Parameter]
    public Hashtable? Training { get; set; }

    /// <summary>Packages and the versions the model needs (@{ torch = '2.1.0' }).</summary>
    [Parameter]
    public Hashtable? Dependency { get; set; }

    /// <summary>What changed since the previous version.</summary>
    [Parameter]
    public string? Changelog { get; set; }

    /// <summary>The model ids' prefix (pib-vg); default: the policy's, else model.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Prefix { get; set; }

    protected override void ProcessInput()
    {
        List<string> weights;
        string performance;
        string? config;
        try
        {
            weights = PathResolution.Resolve(this, CheckpointPath ?? [], literal: false);
            if (weights.Count == 0) return; // each path that resolved to nothing was written as an error
            performance = ResolvePath(Performance)!;
            config = ResolvePath(Config);
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Performance);
            return;
        }
        var training = RegistryValues.Facts(PlainValues.Entries(Training));
        var dependencies = RegistryValues.Texts(PlainValues.Entries(Dependency));
        RunRegistry(async (registry, location, decide, sink, ct) =>
        {
            var status = await registry.Versions.AddAsync(new AddModelVersionOptions
            {
                Location = location,
                Component = Component,
                Version = Version,
                Architecture = Architecture,
                Weights = weights,
                Performance = performance,
                Config = config,
                Description = Description,
                Authors = Author ?? [],
                Training = training,
                Dependencies = dependencies,
                Changelog = Changelog ?? "",
                Prefix = Prefix,
                Actor = Actor,
            }, decide, null, ct).ConfigureAwait(false);
            if (status is not null) sink.Post(() => WriteObject(status));
        }, $"{Component} {Version}");
    }
}
