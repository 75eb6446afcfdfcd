using System.Management.Automation;
using ModelRelease.Core.Releases.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Downloads the weights a registry entry names into the local cache, verifies them against the registry's SHA-256, and reuses what the cache already holds.</para>
/// </summary>
/// <remarks>
/// The entry is resolved as Get-ModelWeights resolves it (-Version latest by default; -PackageVersion picks the newest
/// weights that version loads, or fails with WeightsCompatibility saying which package version to move to), or piped
/// from Get-ModelWeights. The file is kept as weights/&lt;sha256&gt;/&lt;file&gt; under the modelrelease cache folder
/// ($XDG_CACHE_HOME/modelrelease, or -CacheFolder): a file already there with the registry's SHA-256 is used as it is
/// (FromCache); otherwise it is downloaded at the entry's tag (resuming, verified against the Hub's LFS oid), checked
/// against the SHA-256 the registry records (WeightsHashMismatch when it differs: nothing is kept), and only then
/// takes its place. -WhatIf names the download and writes nothing (weights already in the cache are still returned).
/// </remarks>
/// <example>
/// <code>Save-ModelWeights -Registry ./weights-registry.json -Model cser-detector -PackageVersion 0.1.5</code>
/// <para>Downloads the weights package version 0.1.5 loads (1.0) into the cache; a second call finds them there.</para>
/// </example>
/// <example>
/// <code>Get-ModelWeights -Registry ./weights-registry.json -Model cser-detector | Save-ModelWeights | Get-Checkpoint</code>
/// <para>The latest weights, downloaded (or found in the cache) and read.</para>
/// </example>
[Cmdlet(VerbsData.Save, "ModelWeights", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Registry")]
[OutputType(typeof(SavedWeights))]
public sealed class SaveModelWeightsCommand : HubAccessCmdlet
{
    /// <summary>The weights registry file (JSON).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Registry")]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = "";

    /// <summary>The model's name in the registry.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Registry")]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = "";

    /// <summary>latest (the default), a weights version (1.1) or its tag (weights-v1.1).</summary>
    [Parameter(Position = 1, ParameterSetName = "Registry")]
    [ValidateNotNullOrEmpty]
    public string Version { get; set; } = WeightsResolver.Latest;

    /// <summary>The package version that will load the weights.</summary>
    [Parameter(ParameterSetName = "Registry")]
    [ValidateNotNullOrEmpty]
    public string? PackageVersion { get; set; }

    /// <summary>A registry entry (from Get-ModelWeights).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Entry", ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public WeightsEntry? Entry { get; set; }

    /// <summary>The cache folder (default: weights/ in the modelrelease cache folder).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CacheFolder { get; set; }

    protected override void ProcessInput()
    {
        string? cache;
        string? registry = null;
        try
        {
            cache = CacheFolder is null ? null : PathResolution.ResolveOutput(this, CacheFolder);
            if (ParameterSetName == "Registry") registry = PathResolution.ResolveOutput(this, Registry);
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Registry);
            return;
        }
        var given = Entry;
        try
        {
            Run(async (sink, ct) =>
            {
                var entry = given;
                if (entry is null)
                {
                    entry = WeightsResolver.Resolve(await WeightsRegistryReader.ReadAsync(registry!, ct).ConfigureAwait(false), Model, Version, PackageVersion);
                    foreach (var note in entry.Notes) sink.Post(() => WriteWarningLine(note));
                }
                using var session = OpenSession(sink);
                var bar = new ProgressWriter(sink, this, 1, $"Save-ModelWeights {entry.Model} {entry.Version}");
                try
                {
                    var saved = await session.Weights.SaveAsync(entry, cache, new Core.SyncProgress<Core.Hub.Download.DownloadProgress>(p => bar.Report($"Downloading {p.Path}", p.BytesDone, p.BytesTotal)), Decider(sink), ct).ConfigureAwait(false);
                    if (saved is not null) sink.Post(() => WriteObject(saved));
                }
                finally
                {
                    bar.Complete();
                }
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, given?.Model ?? Model);
        }
    }
}
