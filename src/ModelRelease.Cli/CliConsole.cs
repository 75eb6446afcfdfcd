namespace ModelRelease.Cli;

/// <summary>Where the CLI reads and writes: standard output for results, standard error for errors and progress, standard input for a token to log in with.</summary>
public sealed class CliConsole(TextWriter output, TextWriter error, TextReader? input = null)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public TextReader In { get; } = input ?? TextReader.Null;

    /// <summary>True when standard error is a terminal, so an updating progress line makes sense.</summary>
    public bool ErrorIsTerminal { get; init; } = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>True when standard input is a terminal (a token is then asked for without echo).</summary>
    public bool InputIsTerminal { get; init; } = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected;
}
