using System.Management.Automation;
using ModelRelease.Core.Operations.Weights;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Publishes a weights file and records it in the weights registry: gates the file, publishes it, tags it weights-vX.Y, then patches the registry and moves latest — only when every earlier step succeeded.</para>
/// </summary>
/// <remarks>
/// Everything is checked before the first write: the file passes the checkpoint gate (read by its content,
/// deep-scanned, hashed); the version is major.minor (v1.1 and 1.1.0 are read as 1.1, with a warning saying so); the
/// registry (created when missing) is valid and has no other weights under that version, and the model is not
/// registered under another repository or file; the tag weights-vX.Y is free (or already names exactly these weights,
/// so running it again is safe); and the registry patch is computed. Then the file is published in one commit, the
/// tag is made, and the registry is written in one atomic step — never half written, and refused
/// (WeightsRegistryChanged) when someone changed it meanwhile. -WhatIf shows the upload, the tag and the exact registry
/// patch (each JSON Patch operation) and writes nothing; the WeightsPublication it returns holds the patch and the new
/// text. A model the registry does not have yet needs -RepoId (and -PathInRepo names the file in the repository).
/// -Path (wildcards) or -LiteralPath (Get-ChildItem's PSPath) must name one file: a version holds one weights file, and
/// a path matching several is WeightsPublishInvalid.
/// </remarks>
/// <example>
/// <code>Register-ModelWeights -Registry ./weights-registry.json -Model cser-detector -Path ./checkpoints/model.safetensors -Version 1.0 -PackageVersions '>=0.1.0,&lt;0.2.0' -RepoId org/cser-detector -PathInRepo cser_detector.safetensors -Confirm:$false</code>
/// <para>Publishes the weights as cser_detector.safetensors to org/cser-detector, tags weights-v1.0, and creates the registry with the model and its first version as latest.</para>
/// </example>
/// <example>
/// <code>Register-ModelWeights -Registry ./weights-registry.json -Model cser-detector -Path ./v2/model.safetensors -Version v1.1 -PackageVersions '>=0.2.0,&lt;1.0.0' -WhatIf</code>
/// <para>Shows the upload, the tag weights-v1.1 and the registry patch (add the version, move latest from 1.0 to 1.1) and writes nothing.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Register, "ModelWeights", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParameterSets.Path)]
[OutputType(typeof(WeightsPublication))]
public sealed class RegisterModelWeightsCommand : HubAccessCmdlet
{
    /// <summary>The weights registry file (JSON); created when it does not exist.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = "";

    /// <summary>The model's name in the registry.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = "";

    /// <summary>The weights file; wildcards are expanded and must match one file.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParameterSets.Path, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>The weights file taken exactly as written; binds to the PSPath of Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The weights version, major.minor (1.1); tagged weights-v1.1.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Version { get; set; } = "";

    /// <summary>The package versions that can load the weights: PEP 440 (&gt;=0.2.0,&lt;1.0.0, ~=1.4, ==1.*) or a NuGet interval ([0.2.0,1.0.0)).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string PackageVersions { get; set; } = "";

    /// <summary>The repository, for a model the registry does not have yet (otherwise it must be the registry's).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? RepoId { get; set; }

    /// <summary>The file's path in the repository, for a model the registry does not have yet (default: the file's name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PathInRepo { get; set; }

    /// <summary>The branch committed to.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Revision { get; set; } = "main";

    /// <summary>Leave the registry's latest where it is.</summary>
    [Parameter]
    public SwitchParameter NoMoveLatest { get; set; }

    /// <summary>Create the repository as private when it does not exist.</summary>
    [Parameter]
    public SwitchParameter Private { get; set; }

    /// <summary>Publish even when the weights fail the checkpoint gate (the findings stay in the result).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessInput()
    {
        var literal = ParameterSetName == ParameterSets.LiteralPath;
        var given = literal ? LiteralPath : Path;
        var files = PathResolution.Resolve(this, given, literal);
        if (files.Count == 0) return; // each path that matched nothing was written as PathNotFound
        if (files.Count > 1)
        {
            WriteModelReleaseError(new InputException(Core.Operations.OperationErrors.WeightsPublishInvalid,
                $"'{string.Join("', '", given)}' names {files.Count} files ({string.Join(", ", files.Select(System.IO.Path.GetFileName))}); a weights version holds one file: name it", string.Join(", ", given)), Model);
            return;
        }
        WeightsPublishOptions options;
        try
        {
            options = new WeightsPublishOptions
            {
                RegistryPath = PathResolution.ResolveOutput(this, Registry),
                Model = Model,
                WeightsPath = files[0],
                Version = Version,
                PackageVersions = PackageVersions,
                RepoId = RepoId,
                PathInRepo = PathInRepo,
                Revision = Revision,
                MoveLatest = !NoMoveLatest,
                Private = Private,
                Force = Force,
            };
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Registry);
            return;
        }
        var whatIf = WhatIfInEffect;
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var plan = await session.Weights.PlanPublishAsync(options, ct).ConfigureAwait(false);
                foreach (var note in plan.Notes) sink.Post(() => WriteWarningLine(note));
                if (plan.Gate.Forced) sink.Post(() => WriteWarningLine($"{options.WeightsPath} fails the checkpoint gate and is published anyway (-Force)."));
                var publication = await session.Weights.PublishAsync(plan, Decider(sink), whatIf, ct).ConfigureAwait(false);
                if (publication.Outcome != ReleaseOutcome.Declined) sink.Post(() => WriteObject(publication));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Model);
        }
    }
}
