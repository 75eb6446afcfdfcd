using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.Core.Operations.Download;

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
        var words = new Argument<string[]>("repo-and-files") { Description = "The repository (namespace/name, unless --repo names it), then files or folders in it (default: everything).", Arity = ArgumentArity.ZeroOrMore };
        var repo = new Option<string?>("--repo") { Description = "The repository, namespace/name (then every argument is a file or folder)." };
        var type = HubOptions.RepoType();
        var endpoint = HubOptions.Endpoint();
        var revision = HubOptions.Revision();
        var verbose = HubOptions.Verbose();
        var json = CommonOptions.Json();
        var files = new Option<string[]>("--file") { Description = "A file or folder in the repository; repeatable (the same as naming it after the repository)." };
        var include = new Option<string[]>("--include") { Description = "Glob of files to download (*.safetensors, configs/**); repeatable." };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to leave out; repeatable." };
        var localDir = new Option<string?>("--local-dir", "--to") { Description = "Download into this plain folder instead of the shared Hugging Face cache." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the path (no progress, no summary)." };
        var command = new Command("download", "Download a revision (a branch, tag or commit) or chosen files into the shared Hugging Face cache (HF_HUB_CACHE, found by huggingface_hub too) or --local-dir, verifying every file's hash; print the snapshot folder (or the one file's path). With HF_HUB_OFFLINE=1 the cache answers without asking the Hub.")
        {
            words, repo, type, endpoint, revision, files, include, exclude, localDir, quiet, json, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            var positional = (parse.GetValue(words) ?? []).ToList();
            var id = parse.GetValue(repo) ?? (positional.Count > 0 ? positional[0] : throw new UsageException("name the repository (namespace/name)."));
            if (parse.GetValue(repo) is null) positional.RemoveAt(0);
            RepoRef target;
            try { target = RepoRef.Parse(id, parse.GetValue(type)!); }
            catch (HubException ex) { throw new UsageException(ex.Message); }
            var options = new DownloadOptions
            {
                Repo = target,
                Revision = parse.GetValue(revision)!,
                Paths = [.. positional, .. parse.GetValue(files) ?? []],
                Include = parse.GetValue(include) ?? [],
                Exclude = parse.GetValue(exclude) ?? [],
                LocalDirectory = parse.GetValue(localDir) is { } dir ? Path.GetFullPath(dir) : null,
            };
            using var session = CliSession.Open(console, parse, endpoint, verbose);
            var bar = ConsoleProgress.For(console, session, "downloading", parse.GetValue(quiet));
            var result = await session.Download.RunAsync(options, new SyncProgress<DownloadProgress>(p => bar.Report(p.BytesDone, p.BytesTotal)), ct).ConfigureAwait(false);
            bar.Complete();
            var single = options.Paths.Count == 1 && options.Include.Count == 0 && options.Exclude.Count == 0 && result.Files.Count == 1 && result.Files[0].PathInRepo == options.Paths[0].Replace('\\', '/').Trim('/');
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(Json.Serialize(result)).ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteLineAsync(single ? result.Files[0].Path : result.Folder).ConfigureAwait(false);
            }
            if (!parse.GetValue(quiet) && !parse.GetValue(json))
            {
                var from = result.FromCacheOnly ? "from the cache, without asking the Hub" : $"{ByteSizeText.Format(result.BytesDownloaded)} fetched";
                await console.Error.WriteLineAsync($"modelrelease: {target}@{result.Revision} ({result.CommitOid[..12]}): {result.Files.Count} file(s), {ByteSizeText.Format(result.Files.Sum(f => f.Size))}, {from}").ConfigureAwait(false);
            }
            return CliApp.Ok;
        });
        return command;
    }
}
