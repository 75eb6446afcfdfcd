using System.Reflection;
using System.Xml.Linq;

namespace ModelRelease.Module.Tests;

/// <summary>The manifest and the format file agree with the compiled module.</summary>
public class ManifestAndFormatTests
{
    private static string SourceManifest => File.ReadAllText(Path.Combine(ModuleUnderTest.RepoRoot, "ModelRelease.psd1"));

    [Fact]
    public void Manifest_exports_exactly_the_compiled_cmdlets_and_aliases()
    {
        Assert.Equal(ModuleUnderTest.Metadata.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal),
                     ModuleUnderTest.ManifestList(SourceManifest, "CmdletsToExport").Order(StringComparer.Ordinal));
        Assert.Equal(ModuleUnderTest.Metadata.Cmdlets.SelectMany(c => c.Aliases).Order(StringComparer.Ordinal),
                     ModuleUnderTest.ManifestList(SourceManifest, "AliasesToExport").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Manifest_targets_PowerShell_7_4_Core_with_a_binary_root_module()
    {
        Assert.Equal("ModelRelease.dll", ModuleUnderTest.ManifestValue(SourceManifest, "RootModule"));
        Assert.Equal("7.4", ModuleUnderTest.ManifestValue(SourceManifest, "PowerShellVersion"));
        Assert.Equal("{{ModuleVersion}}", ModuleUnderTest.ManifestValue(SourceManifest, "ModuleVersion"));
        Assert.Equal(["Core"], ModuleUnderTest.ManifestList(SourceManifest, "CompatiblePSEditions"));
        Assert.Empty(ModuleUnderTest.ManifestList(SourceManifest, "FunctionsToExport"));
        Assert.DoesNotContain("NestedModules", SourceManifest);
        Assert.DoesNotContain("RequiredAssemblies", SourceManifest);
    }

    [Theory]
    [InlineData("HelpInfoURI")]
    [InlineData("ProjectUri")]
    [InlineData("LicenseUri")]
    public void Manifest_names_its_help_project_and_license_by_absolute_https_uris(string key)
    {
        // PSResourceGet and Get-Help read them (issue 13: a complete manifest).
        var value = ModuleUnderTest.ManifestValue(SourceManifest, key);
        Assert.True(Uri.TryCreate(value, UriKind.Absolute, out var uri), $"{key} '{value}' is not an absolute URI");
        Assert.Equal(Uri.UriSchemeHttps, uri!.Scheme);
    }

    [Fact]
    public void Every_format_view_selects_a_real_public_type_and_calls_real_static_methods()
    {
        var doc = XDocument.Load(Path.Combine(ModuleUnderTest.RepoRoot, "ModelRelease.Format.ps1xml"));
        var records = Assembly.LoadFrom(Path.Combine(Path.GetDirectoryName(ModuleUnderTest.CmdletAssemblyPath)!, "ModelRelease.Records.dll"));
        var names = doc.Descendants("TypeName").Select(e => e.Value.Trim()).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var type = records.GetType(name);
            Assert.True(type is { IsPublic: true }, $"view for {name}: no such public type");
        }
        // Every [ModelRelease.X]::Method( used in script blocks exists.
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(doc.ToString(), @"\[(ModelRelease\.[A-Za-z.]+)\]::([A-Za-z]+)\("))
        {
            var type = records.GetType(m.Groups[1].Value);
            Assert.NotNull(type);
            Assert.NotNull(type!.GetMethod(m.Groups[2].Value, BindingFlags.Public | BindingFlags.Static));
        }
        // Property columns name real properties.
        foreach (var view in doc.Descendants("View"))
        {
            var type = records.GetType(view.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim())!;
            foreach (var prop in view.Descendants("PropertyName"))
            {
                Assert.True(type.GetProperty(prop.Value.Trim()) is not null, $"{type.Name} has no property {prop.Value}");
            }
        }
        // Every record a cmdlet outputs has a view.
        foreach (var output in ModuleUnderTest.Metadata.Cmdlets.SelectMany(c => c.OutputTypes).Where(t => t.StartsWith("ModelRelease.", StringComparison.Ordinal)).Distinct())
        {
            Assert.Contains(output, names);
        }
    }
}
