using System.Diagnostics;
using System.Reflection;

namespace ModelRelease.Module.Tests;

/// <summary>
/// The shippable folder out/ModelRelease/&lt;version&gt;/ made by `dotnet publish src/ModelRelease -c Release`
/// (the test command runs it first): layout, version stamping, and dependency isolation.
/// </summary>
public class AssembledModuleTests
{
    private static string Folder
    {
        get
        {
            var folder = ModuleUnderTest.AssembledFolder;
            Assert.True(Directory.Exists(folder), $"{folder} is missing: run `dotnet publish src/ModelRelease -c Release` first");
            return folder;
        }
    }

    [Fact]
    public void Root_holds_the_cmdlet_and_records_assemblies_and_dependencies_hold_the_rest()
    {
        var root = Directory.GetFiles(Folder, "*.dll").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["ModelRelease.dll", "ModelRelease.Records.dll"], root);
        var deps = Directory.GetFiles(Path.Combine(Folder, "dependencies"), "*.dll").Select(Path.GetFileName).ToList();
        Assert.Contains("ModelRelease.Core.dll", deps);
        Assert.Contains("YamlDotNet.dll", deps);
        Assert.Contains("System.IO.Hashing.dll", deps);
        Assert.DoesNotContain("System.Management.Automation.dll", deps);
        Assert.DoesNotContain("ModelRelease.Records.dll", deps);
        Assert.True(File.Exists(Path.Combine(Folder, "ModelRelease.psd1")));
        Assert.True(File.Exists(Path.Combine(Folder, "ModelRelease.Format.ps1xml")));
        Assert.True(File.Exists(Path.Combine(Folder, "LICENSE")));
        Assert.True(File.Exists(Path.Combine(Folder, "en-US", "ModelRelease.dll-Help.xml")));
        Assert.True(File.Exists(Path.Combine(Folder, "en-US", "about_ModelRelease.help.txt")));
    }

    [Fact]
    public void Every_shipped_assembly_runs_on_net8_so_pwsh_7_4_can_load_it()
    {
        // A package whose newest build targets only net10.0+ (System.IO.Hashing 11) must not ship: pwsh 7.4 runs on .NET 8.
        var assemblies = Directory.GetFiles(Folder, "*.dll").Concat(Directory.GetFiles(Path.Combine(Folder, "dependencies"), "*.dll")).ToList();
        Assert.Contains(assemblies, a => Path.GetFileName(a) == "System.IO.Hashing.dll");
        foreach (var path in assemblies)
        {
            using var stream = File.OpenRead(path);
            using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.GetString(reference.Name) is "System.Runtime" or "netstandard")
                {
                    Assert.True(reference.Version.Major <= 8, $"{Path.GetFileName(path)} references {metadata.GetString(reference.Name)} {reference.Version}");
                }
            }
        }
    }

    [Fact]
    public void Manifest_version_is_stamped_from_the_one_version_source()
    {
        var manifest = File.ReadAllText(Path.Combine(Folder, "ModelRelease.psd1"));
        var stamped = ModuleUnderTest.ManifestValue(manifest, "ModuleVersion");
        Assert.Equal(ModuleUnderTest.Version, stamped);
        Assert.DoesNotContain("{{", manifest);
        var assemblyVersion = AssemblyName.GetAssemblyName(Path.Combine(Folder, "ModelRelease.dll")).Version!;
        Assert.Equal(Version.Parse(stamped), new Version(assemblyVersion.Major, assemblyVersion.Minor, assemblyVersion.Build));
        var coreVersion = AssemblyName.GetAssemblyName(Path.Combine(Folder, "dependencies", "ModelRelease.Core.dll")).Version!;
        Assert.Equal(assemblyVersion, coreVersion);
    }

    [Fact]
    public void Core_gets_its_own_YamlDotNet_when_another_version_is_already_loaded()
    {
        var host = ModuleUnderTest.Setting("IsolationHostPath");
        var psi = new ProcessStartInfo("dotnet", [host, Folder]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "isolation host hung");
        Assert.True(process.ExitCode == 0, $"isolation host failed ({process.ExitCode}): {stderr}");
        var values = stdout.Trim().Split(';').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.StartsWith("13.", values["defaultYamlVersion"]);          // the other module's copy, in the default context
        Assert.Equal("Default", values["defaultYamlContext"]);
        Assert.Equal("True", values["otherModuleStillWorks"]);
        Assert.Equal("ModelRelease", values["coreContext"]);              // the core in the private context
        Assert.Equal("ModelRelease", values["yamlContext"]);              // with its own YamlDotNet
        Assert.StartsWith("16.", values["yamlVersion"]);
        Assert.StartsWith(Path.Combine(Folder, "dependencies"), values["yamlLocation"]);
        Assert.Equal("15.8M", values["yamlRoundTrip"]);                   // and it works
    }
}
