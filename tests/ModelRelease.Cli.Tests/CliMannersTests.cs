using System.CommandLine;
using System.Diagnostics;
using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// The CLI's manners, for EVERY command of the tree (walked from <see cref="CliApp.BuildRoot"/>, so a command added
/// later is covered without a line here): bad usage exits 2 naming the command and showing its usage, an input path
/// that does not exist exits 2, every command has --json, and the completion scripts complete from the tree.
/// </summary>
public class CliMannersTests
{
    private static readonly RootCommand Root = CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null));

    /// <summary>Every command a user runs (the ones with an action), by the words that name it.</summary>
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var command in CliApp.Walk(Root).Where(c => c.Action is not null && c != Root)) data.Add(CliApp.PathOf(command, Root));
        return data;
    }

    private static string[] Words(string path) => path.Split(' ').Skip(1).ToArray();

    private static Command Find(string path) => CliApp.Walk(Root).Single(c => CliApp.PathOf(c, Root) == path);

    [Fact]
    public void The_tree_is_walked_whole()
    {
        var names = CliApp.Walk(Root).Where(c => c.Action is not null && c != Root).Select(c => CliApp.PathOf(c, Root)).ToList();
        // The walk reaches nested commands and the ones this issue added; a walk that stopped early would miss them.
        Assert.Superset(new HashSet<string>
        {
            "modelrelease inspect", "modelrelease publish", "modelrelease download", "modelrelease cache ls", "modelrelease cache rm",
            "modelrelease repo create", "modelrelease repo delete", "modelrelease repo settings", "modelrelease repo delete-files", "modelrelease repo delete-tag",
            "modelrelease whoami", "modelrelease login", "modelrelease logout", "modelrelease env", "modelrelease completion", "modelrelease card set", "modelrelease weights resolve",
        }, names.ToHashSet());
        Assert.True(names.Count >= 30, $"only {names.Count} commands");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task An_unknown_option_exits_2_naming_the_command_and_showing_its_usage(string command)
    {
        var r = await Cli.RunAsync([.. Words(command), "--no-such-option"]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(command + ": ", r.Error);
        Assert.Contains("--no-such-option", r.Error);
        Assert.True(r.Error.ReplaceLineEndings("\n").Contains("Usage:\n  " + Cli.ProgramName + command["modelrelease".Length..], StringComparison.Ordinal), r.Error);
        Assert.Equal("", r.Out);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_has_json(string command) =>
        Assert.Contains(Find(command).Options, o => o.Name == "--json");

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task An_input_path_that_does_not_exist_exits_2(string command)
    {
        var inputs = Find(command).Arguments.Where(a => a.Name is "path" or "checkpoint" or "reference" or "difference").ToList();
        if (inputs.Count == 0) return; // the command reads no files given as arguments
        var missing = Path.Combine(TestEnvironment.Root, "no-such-input.safetensors");
        var r = await Cli.RunAsync([.. Words(command), .. inputs.Select(_ => missing)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"'{missing}' does not exist.", r.Error);
    }

    [Fact]
    public async Task A_failed_check_exits_1_and_a_passed_one_0()
    {
        var good = Fixtures.Path("gguf/basic-types.gguf");
        var bad = Path.Combine(TestEnvironment.Root, "truncated.safetensors");
        await File.WriteAllBytesAsync(bad, File.ReadAllBytes(Fixtures.Path("safetensors/fluxml_model.safetensors"))[..300]);
        Assert.Equal(0, (await Cli.RunAsync("validate", good)).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("validate", bad)).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("params", "--expected", "5K", good)).ExitCode);
    }

    [Fact]
    public void Completion_completes_commands_subcommands_options_and_values()
    {
        Assert.Equal(["cache", "card"], CompletionFor("ca"));
        Assert.Equal(["ls", "rm"], CompletionFor("cache", ""));
        Assert.Contains("--include", CompletionFor("download", "--inc"));
        Assert.Equal(["dataset", "model", "space"], CompletionFor("download", "--repo-type", ""));
        Assert.Equal(["bash", "pwsh", "zsh"], CompletionFor("completion", ""));
    }

    private static IReadOnlyList<string> CompletionFor(params string[] words) => ModelRelease.Cli.Commands.CompletionCommand.Complete(Root, words);

    [Fact]
    public async Task The_bash_script_completes_through_the_cli_itself()
    {
        if (OperatingSystem.IsWindows()) return;
        var bin = Directory.CreateTempSubdirectory("mr-completion-bin-").FullName;
        var launcher = Path.Combine(bin, "modelrelease");
        await File.WriteAllTextAsync(launcher, $"#!/usr/bin/env bash\nexec dotnet '{typeof(CliApp).Assembly.Location}' \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = (await Cli.RunAsync("completion", "bash")).Out;
        var scriptFile = Path.Combine(bin, "completion.bash");
        await File.WriteAllTextAsync(scriptFile, script);
        string Complete(string line, int word) => Bash(bin, $"source '{scriptFile}'; COMP_WORDS=({line}); COMP_CWORD={word}; _modelrelease_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"");
        Assert.Equal("cache\ncard", Complete("modelrelease ca", 1));
        Assert.Equal("ls\nrm", Complete("modelrelease cache ''", 2));
        Assert.Equal("--delete\n--description", Complete("modelrelease publish --de", 2));
        // The script registers itself for the command.
        Assert.Contains("_modelrelease_complete", Bash(bin, $"source '{scriptFile}'; complete -p modelrelease"));
    }

    [Fact]
    public async Task The_zsh_and_pwsh_scripts_ask_the_cli_for_completions()
    {
        var zsh = (await Cli.RunAsync("completion", "zsh")).Out;
        Assert.StartsWith("#compdef modelrelease", zsh);
        Assert.Contains("modelrelease __complete", zsh);
        var pwsh = await Cli.RunAsync("completion", "pwsh", "--json");
        using var doc = System.Text.Json.JsonDocument.Parse(pwsh.Out);
        Assert.Equal("pwsh", doc.RootElement.GetProperty("shell").GetString());
        Assert.Contains("Register-ArgumentCompleter -Native -CommandName modelrelease", doc.RootElement.GetProperty("script").GetString());
        Assert.Equal(2, (await Cli.RunAsync("completion", "fish")).ExitCode);
    }

    private static string Bash(string bin, string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output.TrimEnd('\n');
    }
}
