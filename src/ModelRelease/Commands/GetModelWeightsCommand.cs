using System.Management.Automation;
using ModelRelease.Core.Releases.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Finds the weights a package version loads in a weights registry: the newest compatible entry, or the version to upgrade to.</para>
/// </summary>
/// <remarks>
/// The registry is a JSON file kept in the package's repository (its schema is schemas/weights-registry.schema.json in
/// the module folder): per model its Hub repository and file, per weights version its tag, SHA-256, size, publish
/// date and the package versions that can load it (PEP 440: &gt;=1.0.0,&lt;2.0.0, ~=1.4, ==1.*, !=1.2.3; or a NuGet
/// interval: [1.0.0,2.0.0)), and the latest version. The file is checked on every read; a registry edited into an
/// invalid state is an error (WeightsRegistryInvalid) whose Exception.Findings name each problem and its JSON path.
/// -Version latest (the default) gives the latest weights or, with -PackageVersion, the newest weights not newer than
/// latest that the package version loads; a version (1.1) or tag (weights-v1.1) gives those weights, checked against
/// -PackageVersion. When none load, the error WeightsCompatibility says which way to move the package and to which
/// version (Exception.Change, Exception.SuggestedPackageVersion, Exception.WeightsVersion). The entry carries RepoId,
/// Revision (the tag) and File for a Hub download.
/// </remarks>
/// <example>
/// <code>Get-ModelWeights -Registry ./weights-registry.json -Model cser-detector -PackageVersion 0.2.0</code>
/// <para>The newest weights of cser-detector that package version 0.2.0 can load.</para>
/// </example>
/// <example>
/// <code>try { Get-ModelWeights -Registry ./weights-registry.json -Model cser-detector -PackageVersion 0.0.9 -ErrorAction Stop } catch { $_.Exception.SuggestedPackageVersion }</code>
/// <para>An old package loads none of the weights: the error says to upgrade it to 0.2.0.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "ModelWeights")]
[OutputType(typeof(WeightsEntry))]
public sealed class GetModelWeightsCommand : ModelReleaseCmdlet
{
    /// <summary>The weights registry file (JSON).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = "";

    /// <summary>The model's name in the registry.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = "";

    /// <summary>latest (the default), a weights version (1.1) or its tag (weights-v1.1).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Version { get; set; } = WeightsResolver.Latest;

    /// <summary>The package version that will load the weights (1.2.0, 0.2, 1.0.0rc1).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PackageVersion { get; set; }

    protected override void ProcessInput()
    {
        string path;
        try
        {
            path = PathResolution.ResolveOutput(this, Registry);
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Registry);
            return;
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSArgumentException)
        {
            WriteError(new ErrorRecord(ex, "PathNotFound", ErrorCategory.ObjectNotFound, Registry));
            return;
        }
        try
        {
            Run(async (sink, ct) =>
            {
                var registry = await WeightsRegistryReader.ReadAsync(path, ct).ConfigureAwait(false);
                var entry = WeightsResolver.Resolve(registry, Model, Version, PackageVersion);
                sink.Post(() =>
                {
                    foreach (var note in entry.Notes) WriteWarningLine(note);
                    WriteObject(entry);
                });
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Model);
        }
    }
}
