using System.CommandLine;
using System.CommandLine.Parsing;
using ModelRelease.Cli.Commands;

namespace ModelRelease.Cli;

/// <summary>
/// Builds the command tree and runs it. Exit codes: 0 all well, 1 a check failed (or the Hub or a file refused the
/// work), 2 bad usage — an unknown option, a missing value, a value that makes no sense, a path that does not exist —
/// in which case standard error names the command and shows its usage. Messages give the next step in the CLI's own
/// words (its flags), never PowerShell's.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int CheckFailed = 1;
    public const int BadUsage = 2;
    public const int Cancelled = 130;

    /// <summary>The arguments whose values are files or folders to read: each must exist, or it is bad usage.</summary>
    private static readonly HashSet<string> InputArguments = new(StringComparer.Ordinal) { "path", "checkpoint", "reference", "difference", "file" };

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, new CliConsole(stdout, stderr), cancellationToken);

    /// <summary>The whole command tree (the completion script and the tests walk it).</summary>
    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand("modelrelease: inspect, validate, count and compare model checkpoints (safetensors, GGUF, PyTorch, ONNX); publish, tag and download releases on the Hugging Face Hub.");
        root.Subcommands.Add(InspectCommand.Create(console));
        root.Subcommands.Add(ParamsCommand.Create(console));
        root.Subcommands.Add(ValidateCommand.Create(console));
        root.Subcommands.Add(CompareCommand.Create(console));
        root.Subcommands.Add(CardCommand.Create(console));
        root.Subcommands.Add(ReleaseCommand.Create(console));
        root.Subcommands.Add(PublishCommand.Create(console));
        root.Subcommands.Add(TagCommands.CreateTag(console));
        root.Subcommands.Add(TagCommands.ListTags(console));
        root.Subcommands.Add(BranchCommands.Create(console));
        root.Subcommands.Add(FilesCommands.Files(console));
        root.Subcommands.Add(FilesCommands.Download(console));
        root.Subcommands.Add(RepoCommands.Create(console));
        root.Subcommands.Add(CacheCommands.Create(console));
        root.Subcommands.Add(AccountCommands.WhoAmI(console));
        root.Subcommands.Add(AccountCommands.Login(console));
        root.Subcommands.Add(AccountCommands.Logout(console));
        root.Subcommands.Add(AccountCommands.Env(console));
        root.Subcommands.Add(HubCommand.Create(console));
        root.Subcommands.Add(VersionCommand.Create(console));
        root.Subcommands.Add(NameCommands.Create(console));
        root.Subcommands.Add(WeightsCommands.Create(console));
        root.Subcommands.Add(RegistryCommands.Create(console));
        root.Subcommands.Add(CompletionCommand.Create(console));
        foreach (var command in Walk(root)) AddInputChecks(command);
        return root;
    }

    /// <summary>Every command of the tree, the root first.</summary>
    public static IEnumerable<Command> Walk(Command command) => new[] { command }.Concat(command.Subcommands.SelectMany(Walk));

    /// <summary>The words that name <paramref name="command"/> on a command line (<c>modelrelease cache rm</c>).</summary>
    public static string PathOf(Command command, Command root)
    {
        var path = new List<string>();
        bool Find(Command at)
        {
            if (at == command) return true;
            foreach (var sub in at.Subcommands)
            {
                path.Add(sub.Name);
                if (Find(sub)) return true;
                path.RemoveAt(path.Count - 1);
            }
            return false;
        }
        Find(root);
        return string.Join(' ', new[] { "modelrelease" }.Concat(path));
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = BuildRoot(console);
        if (args.Length > 0 && args[0] == CompletionCommand.CompleteVerb)
        {
            foreach (var word in CompletionCommand.Complete(root, args[1..])) await console.Out.WriteLineAsync(word).ConfigureAwait(false);
            return Ok;
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await UsageAsync(console, root, parse.CommandResult.Command, parse.Errors.Select(e => e.Message)).ConfigureAwait(false);
            return BadUsage;
        }
        var config = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await UsageAsync(console, root, parse.CommandResult.Command, [ex.Message]).ConfigureAwait(false);
            return BadUsage;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync($"{PathOf(parse.CommandResult.Command, root)}: cancelled").ConfigureAwait(false);
            return Cancelled;
        }
        catch (ModelReleaseException ex)
        {
            await ReportAsync(console, ex).ConfigureAwait(false);
            return CheckFailed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file the command needed could not be read or written (permissions, a full disk): say so, no stack trace.
            await console.Error.WriteLineAsync($"modelrelease: {ex.Message}").ConfigureAwait(false);
            return CheckFailed;
        }
    }

    /// <summary>An error the core raised, with the next step in the CLI's words.</summary>
    public static async Task ReportAsync(CliConsole console, ModelReleaseException ex)
    {
        await console.Error.WriteLineAsync($"modelrelease: {Core.PrintableText.Escape(ex.Message, keepLineBreaks: true)}").ConfigureAwait(false);
        if ((ex.CliRecommendedAction ?? ex.RecommendedAction) is { } next) await console.Error.WriteLineAsync("  next: " + Core.PrintableText.Escape(next, keepLineBreaks: true)).ConfigureAwait(false);
    }

    /// <summary>Bad usage: what was wrong, prefixed with the command's words, then the command's usage (its help) on standard error.</summary>
    private static async Task UsageAsync(CliConsole console, RootCommand root, Command command, IEnumerable<string> messages)
    {
        var name = PathOf(command, root);
        foreach (var message in messages) await console.Error.WriteLineAsync($"{name}: {message}").ConfigureAwait(false);
        await console.Error.WriteLineAsync().ConfigureAwait(false);
        var words = name.Split(' ').Skip(1).Append("--help").ToArray();
        await root.Parse(words).InvokeAsync(new InvocationConfiguration { Output = console.Error, Error = console.Error }).ConfigureAwait(false);
        await console.Error.WriteLineAsync($"Try '{name} --help'.").ConfigureAwait(false);
    }

    /// <summary>
    /// An input path that does not exist is bad usage (exit 2), whichever command it is given to; so is a word that
    /// looks like an option and is none (it would otherwise be taken as an argument's value).
    /// </summary>
    private static void AddInputChecks(Command command)
    {
        foreach (var argument in command.Arguments.Where(a => !InputArguments.Contains(a.Name)))
        {
            argument.Validators.Add(result =>
            {
                foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value.StartsWith('-') && !File.Exists(t.Value) && !Directory.Exists(t.Value)))
                {
                    result.AddError($"unknown option '{token.Value}'.");
                }
            });
        }
        foreach (var argument in command.Arguments.Where(a => InputArguments.Contains(a.Name)))
        {
            argument.Validators.Add(result =>
            {
                foreach (var token in result.Tokens)
                {
                    var value = token.Value;
                    if (value.Contains('{', StringComparison.Ordinal)) continue; // a template ({variant}) the command fills first
                    if (value.StartsWith('-') && !File.Exists(value) && !Directory.Exists(value)) result.AddError($"unknown option '{value}'.");
                    else if (!File.Exists(value) && !Directory.Exists(value)) result.AddError($"'{value}' does not exist.");
                }
            });
        }
    }
}

/// <summary>Bad usage found after parsing (a value that parsed but makes no sense).</summary>
public sealed class UsageException(string message) : Exception(message);
