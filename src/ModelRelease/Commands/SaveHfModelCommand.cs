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
/// need no token. Files listed by Get-HfRepoFile can be piped in (-RepoFile): they are downloaded together, per RepoId
/// and Revision, once the pipeline ends. -WhatIf names what would be downloaded and writes nothing, not even the destination folder.
/// </remarks>
/// <example>
/// <code>Save-HfModel -RepoId org/model -Revision v1.2.0 -Destination ./model-v1.2.0</code>
/// <para>Downloads the v1.2.0 release.</para>
/// </example>
/// <example>
/// <code>Save-HfModel -RepoId org/model-gguf -File quantized/model-q4_k_m.gguf -Destination ./models</code>
/// <para>Downloads one file.</para>
/// </example>
/// <example>
/// <code>Get-HfRepoFile -RepoId org/model -Revision v1.2.0 -Recurse | Where-Object IsLfs | Save-HfModel -Destination ./weights</code>
/// <para>Downloads only the LFS files of the v1.2.0 release.</para>
/// </example>
[Cmdlet(VerbsData.Save, "HfModel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = RepositorySet)]
[OutputType(typeof(SavedFile))]
public sealed class SaveHfModelCommand : HubCmdlet
{
    private const string RepositorySet = "Repository";
    private const string RepoFileSet = "RepoFile";

    /// <summary>A file or folder listed by Get-HfRepoFile (piped in); its RepoId and Revision bind too.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RepoFileSet, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public HubRepoFile? RepoFile { get; set; }

    /// <summary>The branch, tag or commit.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Revision { get; set; } = "main";

    /// <summary>Files or folders in the repository to download; everything when omitted.</summary>
    [Parameter(ParameterSetName = RepositorySet)]
    public string[]? File { get; set; }

    /// <summary>The local folder to download into.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    // Files piped from Get-HfRepoFile, per repository and revision: each group is one download (one listing, one progress).
    private readonly List<(string RepoId, string RepoType, string Revision, List<string> Paths)> _piped = [];

    protected override void ProcessInput()
    {
        if (ParameterSetName == RepoFileSet)
        {
            var group = _piped.FirstOrDefault(g => g.RepoId == RepoId && g.RepoType == RepoType && g.Revision == Revision);
            if (group.Paths is null) _piped.Add(group = (RepoId, RepoType, Revision, []));
            if (!group.Paths.Contains(RepoFile!.Path, StringComparer.Ordinal)) group.Paths.Add(RepoFile.Path);
            return;
        }
        Download(RepoId, RepoType, Revision, File);
    }

    protected override void EndProcessing()
    {
        foreach (var (repoId, repoType, revision, paths) in _piped) Download(repoId, repoType, revision, [.. paths]);
    }

    private void Download(string repoId, string repoType, string revision, string[]? files)
    {
        var destination = PathResolution.ResolveOutput(this, Destination);
        var what = files is { Length: > 0 } ? string.Join(", ", files) : "all files";
        if (!ShouldProcess(destination, $"Download {what} of {repoId}@{revision}")) return;
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                var writer = new ProgressWriter(sink, this, 1, $"Save-HfModel {repoId}@{revision}");
                IReadOnlyList<SavedFile> saved;
                try
                {
                    saved = await session.Downloads.DownloadAsync(RepoRef.Parse(repoId, repoType), revision, files, destination,
                        new Core.SyncProgress<DownloadProgress>(p => writer.Report($"{p.FilesDone} of {p.FilesTotal} files, {p.Path}", p.BytesDone, p.BytesTotal)), ct).ConfigureAwait(false);
                }
                finally
                {
                    writer.Complete();
                }
                foreach (var file in saved) sink.Post(() => WriteObject(file));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, repoId);
        }
    }
}
