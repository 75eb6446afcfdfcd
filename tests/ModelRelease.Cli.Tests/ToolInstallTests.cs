using System.Diagnostics;
using System.Xml.Linq;

namespace ModelRelease.Cli.Tests;

/// <summary>
/// The CLI installs as README.md says: packed as the .NET tool ModelRelease.Cli, installed with dotnet tool install
/// from that folder, it runs as `modelrelease`. Everything happens in a temporary folder: the package source is only
/// that folder (a nuget.config that clears the others, so nothing is asked of nuget.org) and NuGet's package cache
/// is a folder of its own, so the user's tools, caches and NuGet settings are not touched.
/// </summary>
public sealed class ToolInstallTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelRelease.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ModelRelease.slnx not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(string file, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_cli_packs_as_a_dotnet_tool_installs_from_its_folder_and_runs_as_modelrelease()
    {
        var root = RepoRoot();
        var work = Directory.CreateTempSubdirectory("mr-tool-install-").FullName;
        try
        {
            var packages = Path.Combine(work, "packages");
            var environment = new Dictionary<string, string>
            {
                ["NUGET_PACKAGES"] = Path.Combine(work, "nuget-packages"),
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            };
            // The Debug build the tests run against, packed as it is (no second build).
            var pack = await RunAsync("dotnet", root, environment, "pack", Path.Combine(root, "src/ModelRelease.Cli/ModelRelease.Cli.csproj"), "-c", "Debug", "--no-build", "-o", packages, "-nologo");
            Assert.True(pack.ExitCode == 0, pack.Out + pack.Error);
            var version = XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
            Assert.True(File.Exists(Path.Combine(packages, $"ModelRelease.Cli.{version}.nupkg")), string.Join(", ", Directory.GetFiles(packages)));

            var config = Path.Combine(work, "nuget.config");
            await File.WriteAllTextAsync(config, new XDocument(new XElement("configuration", new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "local"), new XAttribute("value", packages))))).ToString());
            var tools = Path.Combine(work, "tools");
            var install = await RunAsync("dotnet", work, environment, "tool", "install", "ModelRelease.Cli", "--tool-path", tools, "--configfile", config);
            Assert.True(install.ExitCode == 0, install.Out + install.Error);

            var command = Path.Combine(tools, OperatingSystem.IsWindows() ? "modelrelease.exe" : "modelrelease");
            Assert.True(File.Exists(command), string.Join(", ", Directory.GetFileSystemEntries(tools)));
            var run = await RunAsync(command, work, environment, "--version");
            Assert.Equal(0, run.ExitCode);
            Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(version)}(\\+[0-9a-f]+)?$", run.Out.Trim());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
