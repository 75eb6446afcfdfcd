using System.CommandLine;
using ModelRelease.Cli.Commands;

namespace ModelRelease.Cli;

/// <summary>Builds the command tree and runs it. Exit codes: 0 all well, 1 a check failed, 2 bad usage.</summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int CheckFailed = 1;
    public const int BadUsage = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var console = new CliConsole(stdout, stderr);
        var root = new RootCommand("modelrelease: inspect, validate, count and compare model checkpoints (safetensors, GGUF, PyTorch, ONNX); publish and tag releases on the Hugging Face Hub.");
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
        root.Subcommands.Add(HubCommand.Create(console));
        root.Subcommands.Add(VersionCommand.Create(console));
        root.Subcommands.Add(NameCommands.Create(console));
        root.Subcommands.Add(WeightsCommands.Create(console));
        root.Subcommands.Add(RegistryCommands.Create(console));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await stderr.WriteLineAsync("modelrelease: " + error.Message).ConfigureAwait(false);
            await stderr.WriteLineAsync("Try 'modelrelease --help'.").ConfigureAwait(false);
            return BadUsage;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync("modelrelease: " + ex.Message).ConfigureAwait(false);
            return BadUsage;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("modelrelease: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (ModelReleaseException ex)
        {
            await stderr.WriteLineAsync($"modelrelease: {Core.PrintableText.Escape(ex.Message, keepLineBreaks: true)}").ConfigureAwait(false);
            if (ex.RecommendedAction is { } next) await stderr.WriteLineAsync("  next: " + Core.PrintableText.Escape(next, keepLineBreaks: true)).ConfigureAwait(false);
            return CheckFailed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file the command needed could not be read or written (permissions, a full disk): say so, no stack trace.
            await stderr.WriteLineAsync($"modelrelease: {ex.Message}").ConfigureAwait(false);
            return CheckFailed;
        }
    }
}

/// <summary>Bad usage found after parsing (a value that parsed but makes no sense).</summary>
public sealed class UsageException(string message) : Exception(message);
