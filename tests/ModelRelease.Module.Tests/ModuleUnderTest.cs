using System.Reflection;
using System.Text.RegularExpressions;
using ModelRelease.ModuleMetadata;

namespace ModelRelease.Module.Tests;

/// <summary>Paths and metadata of the module under test, read once.</summary>
public static class ModuleUnderTest
{
    private static readonly Lazy<ModuleMetadataDocument> MetadataLazy = new(() => CmdletMetadataReader.Read(CmdletAssemblyPath, SmaReferencePath));

    public static string Setting(string key) =>
        typeof(ModuleUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string RepoRoot => Setting("RepoRoot");
    public static string CmdletAssemblyPath => Setting("CmdletAssemblyPath");
    public static string SmaReferencePath => Setting("SmaReferencePath");
    public static string Version => Setting("ModuleVersion");

    /// <summary>The assembled module folder (dotnet publish src/ModelRelease -c Release).</summary>
    public static string AssembledFolder => Path.Combine(RepoRoot, "out", "ModelRelease", Version);

    public static ModuleMetadataDocument Metadata => MetadataLazy.Value;

    public static CmdletMetadata Cmdlet(string name) => Metadata.Cmdlets.Single(c => c.Name == name);

    /// <summary>The string items of an array assignment such as <c>CmdletsToExport = @( 'a' 'b' )</c> in a psd1.</summary>
    public static IReadOnlyList<string> ManifestList(string manifestText, string key)
    {
        var m = Regex.Match(manifestText, key + @"\s*=\s*@\((?<items>[^)]*)\)", RegexOptions.Singleline);
        Assert.True(m.Success, $"{key} not found in the manifest");
        return Regex.Matches(m.Groups["items"].Value, @"'([^']*)'").Select(x => x.Groups[1].Value).ToList();
    }

    public static string ManifestValue(string manifestText, string key)
    {
        var m = Regex.Match(manifestText, @"(?m)^\s*" + key + @"\s*=\s*'(?<v>[^']*)'");
        Assert.True(m.Success, $"{key} not found in the manifest");
        return m.Groups["v"].Value;
    }
}
