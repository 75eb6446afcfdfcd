using System.Xml.Linq;
using ModelRelease.ModuleMetadata;

namespace ModelRelease.Module.Tests;

/// <summary>
/// The MAML help ships in step with the code: generated from the compiled metadata and the XML docs,
/// checked in, and complete (every cmdlet has a synopsis, a description and examples; every parameter
/// a description). The examples are checked in pwsh by tests/Pester/Scripts.Tests.ps1.
/// </summary>
public class HelpTests
{
    private static string HelpFile => Path.Combine(ModuleUnderTest.RepoRoot, "en-US", "ModelRelease.dll-Help.xml");

    private static XDocument XmlDocs => XDocument.Load(Path.ChangeExtension(ModuleUnderTest.CmdletAssemblyPath, ".xml"));

    [Fact]
    public void The_checked_in_help_is_what_the_code_generates()
    {
        var generated = MamlWriter.Write(ModuleUnderTest.Metadata, XmlDocs);
        var regenerate = "dotnet tests/ModelRelease.ModuleMetadata/bin/Debug/net10.0/ModelRelease.ModuleMetadata.dll --maml src/ModelRelease/bin/Debug/net8.0/ModelRelease.dll <SMA ref dll> src/ModelRelease/bin/Debug/net8.0/ModelRelease.xml en-US/ModelRelease.dll-Help.xml";
        Assert.True(File.Exists(HelpFile), "en-US/ModelRelease.dll-Help.xml is missing; generate it: " + regenerate);
        Assert.True(generated == File.ReadAllText(HelpFile), "en-US/ModelRelease.dll-Help.xml is out of date; regenerate it: " + regenerate);
    }

    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in ModuleUnderTest.Metadata.Cmdlets) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_and_parameter_is_documented(string name)
    {
        var docs = MamlWriter.ReadDocs(ModuleUnderTest.Metadata, XmlDocs)[name];
        Assert.False(string.IsNullOrWhiteSpace(docs.Synopsis), $"{name} has no synopsis");
        Assert.False(string.IsNullOrWhiteSpace(docs.Description), $"{name} has no description (remarks)");
        Assert.NotEmpty(docs.Examples);
        Assert.All(docs.Examples, e => Assert.Contains(name, e.Code, StringComparison.OrdinalIgnoreCase));
        foreach (var p in ModuleUnderTest.Cmdlet(name).Parameters)
        {
            Assert.True(docs.Parameters.TryGetValue(p.Name, out var text) && !string.IsNullOrWhiteSpace(text), $"{name} -{p.Name} is not documented");
        }
    }

    [Fact]
    public void The_help_file_is_named_for_the_root_assembly_and_ships_with_the_about_topic()
    {
        Assert.True(File.Exists(Path.Combine(ModuleUnderTest.RepoRoot, "en-US", "about_ModelRelease.help.txt")));
        var help = XDocument.Load(HelpFile);
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        Assert.Equal(ModuleUnderTest.Metadata.Cmdlets.Select(c => c.Name), help.Descendants(command + "name").Select(n => n.Value));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_links_its_relatives_and_the_about_topic(string name)
    {
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        var entry = XDocument.Load(HelpFile).Descendants(command + "command").Single(c => c.Element(command + "details")!.Element(command + "name")!.Value == name);
        var links = entry.Element(maml + "relatedLinks")!.Elements(maml + "navigationLink").Select(l => l.Element(maml + "linkText")!.Value).ToList();
        Assert.Equal("about_ModelRelease", links[^1]);
        var names = ModuleUnderTest.Metadata.Cmdlets.Select(c => c.Name).ToHashSet();
        Assert.All(links[..^1], l => Assert.Contains(l, names)); // every link names a cmdlet of the module
        var noun = ModuleUnderTest.Cmdlet(name).Noun;
        Assert.Superset(ModuleUnderTest.Metadata.Cmdlets.Where(c => c.Noun == noun && c.Name != name).Select(c => c.Name).ToHashSet(), links.ToHashSet());
    }

    [Fact]
    public void Seealso_in_the_docs_becomes_a_related_link()
    {
        var docs = MamlWriter.ReadDocs(ModuleUnderTest.Metadata, XmlDocs);
        Assert.Contains("Get-HfCache", docs["Save-HfModel"].SeeAlso);
        Assert.Contains("Remove-HfRepoFile", MamlWriter.RelatedLinks(ModuleUnderTest.Metadata, ModuleUnderTest.Cmdlet("Publish-HfModel"), docs["Publish-HfModel"]));
    }
}
