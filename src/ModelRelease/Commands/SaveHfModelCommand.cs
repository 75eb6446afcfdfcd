using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Downloads a revision of a Hub repository (or chosen files), resuming partial files and verifying every file against its hash.</para>
/// </summary>
/// <remarks>
/// Pins the download to the commit the revision names. Each file is written to NAME.part first, resumed with a
/// range request when a partial file is there, checked against the Hub's SHA-256 (LFS) or git blob id (regular
/// files) and only then renamed; a file already there and verified is not fetched again. Public repositories
/// need no token.
/// </remarks>
/// <example>
/// <code>Save-HfModel -RepoId org/model -Revision v1.2.0 -Destination ./model-v1.2.0</code>
/// <para>Downloads the v1.2.0 release.</para>
/// </example>
/// <example>
/// <code>Save-HfModel -RepoId org/model-gguf -File quantized/model-q4_k_m.gguf -Destination ./models</code>
/// <para>Downloads one file.</para>
/// </example>
[Cmdlet(VerbsData.Save, "HfModel", SupportsShouldProcess = true)]
[OutputType(typeof(SavedFile))]
public sealed class SaveHfModelCommand : HubCmdlet
{

    /// <summary>The branch, tag or commit.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Revision { get; set; } = "main";

    /// <summary>Files or folders in the repository to download; everything when omitted.</summary>
    [Parameter]
    public string[]? File { get; set; }

    /// <summary>The local folder to download into.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    protected override void ProcessInput()
    {
        var destination = PathResolution.ResolveOutput(this, Destination);
        var what = File is { Length: > 0 } ? string.Join(", ", File) : "all files";
        if (!ShouldProcess(destination, $"Download {what} of {RepoId}@{Revision}")) return;
        try
        {
            Run(async (sink, ct) =>
            {
                using var client = OpenClient(requireToken: false, sink);
                var writer = new ProgressWriter(sink, this, 1, $"Save-HfModel {RepoId}@{Revision}");
                var saved = await new Downloader(client).DownloadAsync(RepoRef.Parse(RepoId, RepoType), Revision, File, destination,
                    new Core.SyncProgress<DownloadProgress>(p => writer.Report($"{p.FilesDone} of {p.FilesTotal} files, {p.Path}", p.BytesDone, p.BytesTotal)), ct).ConfigureAwait(false);
                writer.Complete();
                foreach (var file in saved) sink.Post(() => WriteObject(file));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId);
        }
    }
}
