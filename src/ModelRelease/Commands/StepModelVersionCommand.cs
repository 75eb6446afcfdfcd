using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations.Versions;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Computes the next version of a release: from the latest release tag of a family (or a version given), bumping the part you name or the one the comparison of the last release's checkpoint with the new one implies.</para>
/// </summary>
/// <remarks>
/// The current version is the newest version the -Family's tags name on -RepoId (v by default; model-v, export-v,
/// weights-v, a template such as vllm-v{version}, or a component prefix such as hub-v), read as Get-ReleaseTag reads
/// them; a family with no release yet starts from 0.0.0. -Version gives the current version instead (v1.1, 1.1 and
/// 2.0.0rc1 are read as 1.1.0 and 2.0.0-rc.1, with a warning saying so). -Increment bumps Major, Minor, Patch or
/// Prerelease (-Label, rc by default); a pre-release is finished before it is passed (1.3.0-rc.1 with Minor is 1.3.0).
/// -Checkpoint (a path or a Checkpoint from Get-Checkpoint) instead compares the new checkpoint with the last release's — -Previous on disk, or -PreviousFile, the
/// file's path in the repository, downloaded at the latest release tag and verified — and suggests the bump: tensors
/// added, removed, reshaped or retyped make a major release; the same layout with new values a minor one; identical
/// contents are the error VersionBumpInvalid (there is nothing to release). The result carries Version (the next
/// version), so New-ReleaseTag and Publish-ModelRelease bind to it. It computes a version and changes nothing
/// (a file downloaded with -PreviousFile goes to a temporary folder, deleted when done).
/// </remarks>
/// <example>
/// <code>Step-ModelVersion -RepoId org/model-base -Increment Minor</code>
/// <para>The version after the newest v-tag of org/model-base, one minor step up (v1.2.0 → 1.3.0).</para>
/// </example>
/// <example>
/// <code>Step-ModelVersion -RepoId org/model-base -Checkpoint ./checkpoints/model.safetensors -PreviousFile model.safetensors</code>
/// <para>Downloads model.safetensors of the latest release, compares it with the new checkpoint, and suggests the bump: the same layout with retrained values is a minor release.</para>
/// </example>
/// <example>
/// <code>Step-ModelVersion -Version v2.0 -Increment Prerelease -Family export-v</code>
/// <para>The next pre-release after 2.0.0 in the export-v family: 2.0.1-rc.1, tagged export-v2.0.1-rc.1 (a warning says how v2.0 was read).</para>
/// </example>
[Cmdlet(VerbsCommon.Step, "ModelVersion", DefaultParameterSetName = "Increment")]
[OutputType(typeof(VersionBumpResult))]
public sealed class StepModelVersionCommand : HubAccessCmdlet
{
    /// <summary>The repository whose release tags hold the current version.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? RepoId { get; set; }

    /// <summary>model (default), dataset or space.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("model", "dataset", "space")]
    public string RepoType { get; set; } = "model";

    /// <summary>The tag family: v (default), model-v, export-v, weights-v, a template (vllm-v{version}) or a component prefix (hub-v).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Family { get; set; } = "v";

    /// <summary>A tag format of your own the tag reader also knows (vllm-v{version}).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Template { get; set; }

    /// <summary>The current version, instead of reading the repository's tags (v1.1, 1.1 and 2.0.0rc1 are read loosely, with a warning).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>The part to bump: Major, Minor, Patch or Prerelease.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Increment")]
    public VersionIncrement Increment { get; set; }

    /// <summary>With -Increment Prerelease: the label (rc by default; a later label starts at 1).</summary>
    [Parameter(ParameterSetName = "Increment")]
    [ValidateNotNullOrEmpty]
    public string? Label { get; set; }

    /// <summary>The new checkpoint (a path or a Checkpoint from Get-Checkpoint), compared with the last release's to suggest the bump.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Compare")]
    [CheckpointTransformation]
    public Checkpoint? Checkpoint { get; set; }

    /// <summary>The last release's checkpoint on disk.</summary>
    [Parameter(ParameterSetName = "Compare")]
    [ValidateNotNullOrEmpty]
    public string? Previous { get; set; }

    /// <summary>The last release's checkpoint as the path of a file in the repository, downloaded at the latest release tag.</summary>
    [Parameter(ParameterSetName = "Compare")]
    [ValidateNotNullOrEmpty]
    public string? PreviousFile { get; set; }

    /// <summary>Compare the layouts only (names, shapes, types), not the tensor contents.</summary>
    [Parameter(ParameterSetName = "Compare")]
    public SwitchParameter HeaderOnly { get; set; }

    protected override void ProcessInput()
    {
        VersionBumpOptions options;
        try
        {
            options = new VersionBumpOptions
            {
                Repo = RepoId is null ? null : RepoRef.Parse(RepoId, RepoType),
                Family = Family,
                Templates = Template is null ? [] : [Template],
                From = Version,
                Increment = ParameterSetName == "Increment" ? Increment : null,
                Label = Label,
                Checkpoint = ParameterSetName == "Compare" ? Checkpoint?.Path : null,
                Previous = Previous is null ? null : PathResolution.ResolveOutput(this, Previous),
                PreviousFile = PreviousFile,
                CompareContent = !HeaderOnly,
            };
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId);
            return;
        }
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var result = await session.Versions.BumpAsync(options, null, ct).ConfigureAwait(false);
                sink.Post(() =>
                {
                    foreach (var note in result.Notes) WriteWarningLine(note);
                    WriteVerboseLine($"{result.Previous ?? "no release yet"} → {result.Next}: {result.Reason}");
                    WriteObject(result);
                });
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId ?? Version);
        }
    }
}
