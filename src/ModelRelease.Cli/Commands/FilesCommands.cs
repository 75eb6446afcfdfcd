using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core;
using ModelRelease.Core.Hub.Download;

namespace ModelRelease.Cli.Commands;

/// <summary><c>modelrelease files</c> (Get-HfRepoFile) and <c>modelrelease download</c> (Save-HfModel).</summary>
internal static class FilesCommands
{
    public static Command Files(CliConsole console)
    {
        var repo = HubOptions.Repo();
        var type = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var revision = HubOptions.Revision();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var path = new Option<string?>("--path") { Description = "The folder in the repository to list." };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "List everything below the folder." };
        var command = new Command("files", "List a repository's files at a revision: sizes, blob ids, LFS SHA-256s.") { repo, type, endpoint, revision, path, recursive, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var files = new List<HubRepoFile>();
            await foreach (var f in session.Hub.ListTreeAsync(HubOptions.RepoRef(parse, repo, type), parse.GetValue(revision)!, parse.GetValue(path), parse.GetValue(recursive), ct).ConfigureAwait(false)) files.Add(f);
            HubOptions.Print(console, parse, json, files, list =>
            {
                var table = new TextTable("Type", "Path", "Size", "LFS SHA-256").AlignRight(2);
                foreach (var f in list) table.Add(f.Type, f.Path, f.Type == "file" ? ByteSizeText.Format(f.Size) : "", f.LfsOid);
                return table.ToString();
            });
            return CliApp.Ok;
        });
        return command;
    }

    public static Command Download(CliConsole console)
    {
        var repo = HubOptions.Repo();
        var type = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var revision = HubOptions.Revision();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var files = new Option<string[]>("--file") { Description = "A file or folder in the repository; repeatable (default: everything)." };
        var to = new Option<string>("--to") { Description = "The local folder to download into.", Required = true };
        var command = new Command("download", "Download a revision (or chosen files), resuming partial files and verifying every file's hash.") { repo, type, endpoint, revision, files, to, json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var progress = new ConsoleProgress(console, "download");
            var saved = await session.Downloads.DownloadAsync(HubOptions.RepoRef(parse, repo, type), parse.GetValue(revision)!, parse.GetValue(files), parse.GetValue(to)!,
                new SyncProgress<DownloadProgress>(p => progress.Report(p.BytesDone, p.BytesTotal)), ct).ConfigureAwait(false);
            HubOptions.Print(console, parse, json, saved, list =>
            {
                var table = new TextTable("Path in repo", "Size", "Downloaded", "Resumed", "Verified hash").AlignRight(1, 2);
                foreach (var s in list) table.Add(s.PathInRepo, ByteSizeText.Format(s.Size), ByteSizeText.Format(s.BytesDownloaded), s.Resumed ? "yes" : "", s.VerifiedHash);
                return table.ToString();
            });
            return CliApp.Ok;
        });
        return command;
    }
}
