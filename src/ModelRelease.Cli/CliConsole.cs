namespace ModelRelease.Cli;

/// <summary>Where the CLI writes: standard output for results, standard error for errors and progress.</summary>
public sealed class CliConsole(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;

    /// <summary>True when standard error is a terminal, so an updating progress line makes sense.</summary>
    public bool ErrorIsTerminal { get; init; } = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
}
