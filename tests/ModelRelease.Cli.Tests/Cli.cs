using System.Diagnostics;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// Runs the CLI and captures what it prints: in-process by default; as a child process of the binary named by
/// <c>MODELRELEASE_CLI_BINARY</c> when it is set (tests/run.sh sets it to the Native AOT build, so the same suite checks
/// the native binary). The child inherits this process's environment and working folder, as the in-process run sees them.
/// </summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>The native (or any) build under test, when the suite runs against a binary.</summary>
    public static string? Binary => Environment.GetEnvironmentVariable("MODELRELEASE_CLI_BINARY") is { Length: > 0 } path ? path : null;

    /// <summary>
    /// The program name usage lines start with: the binary's file name, or in-process the root command's name
    /// (System.CommandLine takes it from the running executable, the test host).
    /// </summary>
    public static string ProgramName => Binary is { } binary
        ? Path.GetFileNameWithoutExtension(binary)
        : CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null)).Name;

    public static async Task<Result> RunAsync(params string[] args)
    {
        if (Binary is { } binary) return await RunProcessAsync(binary, args);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<Result> RunProcessAsync(string binary, string[] args)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start");
        process.StandardInput.Close(); // as in-process: nothing to read, no prompt can wait
        var stdout = ReadAllAsync(process.StandardOutput.BaseStream);
        var stderr = ReadAllAsync(process.StandardError.BaseStream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{binary} {string.Join(' ', args)} ran longer than 5 minutes");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The bytes as UTF-8, a leading byte order mark kept (a reader would drop it; the in-process run prints it as text).</summary>
    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
