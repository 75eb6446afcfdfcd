using System.CommandLine;
using ModelRelease.Cli.Output;

namespace ModelRelease.Cli.Commands;

/// <summary>
/// <c>modelrelease completion bash|zsh|pwsh</c>: a script that makes the shell complete commands, options and their
/// values. The script asks the CLI itself (<c>modelrelease __complete WORDS…</c>), so it always knows every command.
/// </summary>
internal static class CompletionCommand
{
    /// <summary>The hidden verb the scripts call: the words typed so far, the last one being completed.</summary>
    public const string CompleteVerb = "__complete";

    public static readonly string[] Shells = ["bash", "zsh", "pwsh"];

    public static Command Create(CliConsole console)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh." };
        shell.AcceptOnlyFromAmong(Shells);
        var json = CommonOptions.Json();
        var command = new Command("completion", "Print a shell completion script: source <(modelrelease completion bash), or add it to ~/.zshrc or your PowerShell profile.") { shell, json };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(shell)!;
            var script = Script(name);
            await console.Out.WriteAsync(parse.GetValue(json) ? Json.Serialize(new CompletionAnswer(name, script)) + "\n" : script).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>What can follow <paramref name="words"/> (the last word is the one being completed): subcommands, options, values.</summary>
    public static IReadOnlyList<string> Complete(RootCommand root, string[] words)
    {
        var current = words.Length == 0 ? "" : words[^1];
        var parse = root.Parse(words.Length == 0 ? [] : words[..^1]);
        return parse.GetCompletions()
            .Select(c => c.InsertText ?? c.Label)
            .Where(c => c.StartsWith(current, StringComparison.Ordinal) && !c.StartsWith("__", StringComparison.Ordinal) && !c.StartsWith('/') && c != "-?")
            .Where(c => current.StartsWith('-') || !c.StartsWith('-')) // options when the word starts like one
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # modelrelease completion for bash: source <(modelrelease completion bash)
            _modelrelease_complete() {
                local IFS=$'\n'
                COMPREPLY=($(modelrelease __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
            }
            complete -o default -F _modelrelease_complete modelrelease

            """,
        "zsh" => """
            #compdef modelrelease
            # modelrelease completion for zsh: source <(modelrelease completion zsh)
            _modelrelease() {
                local -a candidates
                candidates=("${(@f)$(modelrelease __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
                compadd -a candidates
            }
            if (( $+functions[compdef] )); then compdef _modelrelease modelrelease; fi

            """,
        _ => """
            # modelrelease completion for PowerShell: modelrelease completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName modelrelease -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
                if ($wordToComplete -eq '') { $words += '' }
                modelrelease __complete @words 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
    };
}
