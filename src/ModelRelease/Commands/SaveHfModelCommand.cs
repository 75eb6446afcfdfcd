using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.Core.Operations.Download;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Downloads a revision of a Hub repository (or chosen files) into the shared Hugging Face cache or a folder, resuming partial files and verifying every file against its hash.</para>
/// </summary>
/// <remarks>
/// The twin of hf download. Without -Destination the files go to the shared Hugging Face cache (HF_HUB_CACHE, else
/// $HF_HOME/hub) in the layout huggingface_hub and @huggingface/hub use — blobs/, snapshots/{commit}/, refs/ — so a
/// model downloaded by any of them is found by the others; each SavedFile's Folder is the snapshot folder (Set-Location
/// to it). With -Destination they go to that plain folder. The revision (a branch, a tag or a commit) is pinned to
/// its commit; -File names files or folders, -Include and -Exclude take globs (* within a folder, ** across
/// folders). Each file goes to a partial file first, resumes with a range request, is checked against the Hub's
/// SHA-256 (LFS) or git blob id and only then takes its name; a file already there is not fetched again. With
/// HF_HUB_OFFLINE=1 no request is made: the cache answers, or the error is HubCacheMiss; when the Hub cannot be
/// reached and the cache has the revision, the cache answers too. Public repositories need no token. Files listed by
/// Get-HfRepoFile can be piped in: they are downloaded together, once per repository and revision, when the
/// pipeline ends. -WhatIf names what would be downloaded and writes nothing.
/// </remarks>
/// <example>
/// <code>Save-HfModel -RepoId org/model -Revision v1.2.0 -Destination ./model-v1.2.0</code>
/// <para>Downloads the v1.2.0 release into a folder of its own.</para>
/// </example>
/// <example>
/// <code>Save-HfModel -RepoId org/model-gguf -File quantized/model-q4_k_m.gguf -Destination ./models</code>
/// <para>Downloads one file.</para>
/// </example>
/// <example>
/// <code>Get-HfRepoFile -RepoId org/model -Revision v1.2.0 -Recurse | Where-Object IsLfs | Save-HfModel -Destination ./weights</code>
/// <para>Downloads only the LFS files of the v1.2.0 release.</para>
/// </example>
/// <example>
/// <code>Set-Location (Save-HfModel -RepoId org/model -Include '*.json', '*.safetensors' | Select-Object -First 1).Folder</code>
/// <para>Downloads the config and the weights into the shared cache (where huggingface_hub finds them too) and changes to the snapshot folder.</para>
/// </example>
/// <seealso cref="GetHfCacheCommand"/>
/// <seealso cref="GetHfRepoFileCommand"/>
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

    /// <summary>Globs of files to download (*.safetensors, configs/**); a file must match one.</summary>
    [Parameter]
    public string[]? Include { get; set; }

    /// <summary>Globs of files to leave out.</summary>
    [Parameter]
    public string[]? Exclude { get; set; }

    /// <summary>A plain folder to download into; without it, the shared Hugging Face cache.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

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
        var destination = Destination is null ? null : PathResolution.ResolveOutput(this, Destination);
        var what = files is { Length: > 0 } ? string.Join(", ", files) : Include is { Length: > 0 } ? "files matching " + string.Join(", ", Include) : "all files";
        if (!ShouldProcess(destination ?? "the shared Hugging Face cache", $"Download {what} of {repoId}@{revision}")) return;
        try
        {
            var options = new DownloadOptions
            {
                Repo = RepoRef.Parse(repoId, repoType),
                Revision = revision,
                Paths = files ?? [],
                Include = Include ?? [],
                Exclude = Exclude ?? [],
                LocalDirectory = destination,
            };
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                // One parent activity for the download (bytes of all files, rate, time left), one child for the file in flight.
                var overall = new ProgressWriter(sink, this, 1, $"Save-HfModel {repoId}@{revision}");
                var current = new ProgressWriter(sink, this, 2, "Downloading", parentActivityId: 1);
                var enabled = !session.Options.ProgressBarsDisabled;
                var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
                HubDownload result;
                try
                {
                    result = await session.Download.RunAsync(options, new Core.SyncProgress<DownloadProgress>(p =>
                    {
                        if (!enabled) return;
                        overall.Report($"{p.FilesDone} of {p.FilesTotal} files", p.BytesDone, p.BytesTotal);
                        // The first update of each file always shows (the throttle would otherwise hide a file that follows a quick one).
                        if (p.Path is not null) current.Report(p.Path, p.FileBytesDone, p.FileBytesTotal, force: seen.TryAdd(p.Path, true));
                    }), ct).ConfigureAwait(false);
                }
                finally
                {
                    if (enabled)
                    {
                        current.Complete();
                        overall.Complete();
                    }
                }
                if (result.FromCacheOnly) sink.Post(() => WriteVerboseLine($"{repoId}@{revision}: from the Hugging Face cache ({result.Folder}), without asking the Hub"));
                foreach (var file in result.Files) sink.Post(() => WriteObject(file));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, repoId);
        }
    }
}
