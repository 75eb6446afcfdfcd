using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ModelRelease.ModuleMetadata;

/// <summary>
/// Writes the module's MAML help (en-US/ModelRelease.dll-Help.xml) from the compiled cmdlet metadata and
/// the C# XML documentation: the class summary's synopsis para, its remarks as the description, its
/// example elements, and each parameter property's summary. platyPS is not available here; the help is
/// generated, checked in, and a test keeps it in step with the code.
/// </summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public sealed record CmdletDocs(string Synopsis, string Description, IReadOnlyList<(string Code, string Remarks)> Examples, IReadOnlyDictionary<string, string> Parameters)
    {
        /// <summary>The cmdlets the class's &lt;seealso cref="…Command"/&gt; elements name.</summary>
        public IReadOnlyList<string> SeeAlso { get; init; } = [];
    }

    /// <summary>
    /// The related links of a cmdlet's help: the cmdlets its docs name with seealso, the other cmdlets of its noun
    /// (Get-HfCache and Remove-HfCache), and the module's about topic.
    /// </summary>
    public static IReadOnlyList<string> RelatedLinks(ModuleMetadataDocument metadata, CmdletMetadata cmdlet, CmdletDocs docs) =>
        docs.SeeAlso.Concat(metadata.Cmdlets.Where(c => c.Noun == cmdlet.Noun && c.Name != cmdlet.Name).Select(c => c.Name))
            .Where(n => n != cmdlet.Name).Distinct(StringComparer.Ordinal).Append("about_ModelRelease").ToList();

    /// <summary>Reads the documentation of every cmdlet class from the compiler's XML doc file.</summary>
    public static Dictionary<string, CmdletDocs> ReadDocs(ModuleMetadataDocument metadata, XDocument xmlDoc)
    {
        var members = xmlDoc.Descendants("member").ToDictionary(m => (string)m.Attribute("name")!, m => m);
        var result = new Dictionary<string, CmdletDocs>(StringComparer.Ordinal);
        foreach (var c in metadata.Cmdlets)
        {
            members.TryGetValue("T:" + c.ClassName, out var type);
            var synopsis = Text(type?.Element("summary")?.Elements("para").FirstOrDefault(p => (string?)p.Attribute("type") == "synopsis"));
            var description = Text(type?.Element("remarks"));
            var examples = type?.Elements("example").Select(e => (Text(e.Element("code")), Text(e.Element("para")))).ToList() ?? [];
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in c.Parameters)
            {
                if (members.TryGetValue($"P:{p.DeclaringType}.{p.Name}", out var prop)) parameters[p.Name] = Text(prop.Element("summary"));
            }
            var byClass = metadata.Cmdlets.ToDictionary(x => "T:" + x.ClassName, x => x.Name, StringComparer.Ordinal);
            var seeAlso = type?.Elements("seealso").Select(e => (string?)e.Attribute("cref")).OfType<string>().Select(cref => byClass.GetValueOrDefault(cref)).OfType<string>().ToList() ?? [];
            result[c.Name] = new CmdletDocs(synopsis, description, examples, parameters) { SeeAlso = seeAlso };
        }
        return result;
    }

    public static string Write(ModuleMetadataDocument metadata, XDocument xmlDoc)
    {
        var docs = ReadDocs(metadata, xmlDoc);
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev));
        foreach (var c in metadata.Cmdlets)
        {
            var d = docs[c.Name];
            var sets = c.Parameters.SelectMany(p => p.Sets.Select(s => s.Name)).Where(s => s != "__AllParameterSets").Distinct().DefaultIfEmpty("__AllParameterSets").ToList();
            root.Add(new XElement(Command + "command",
                new XElement(Command + "details",
                    new XElement(Command + "name", c.Name),
                    new XElement(Command + "verb", c.Verb),
                    new XElement(Command + "noun", c.Noun),
                    new XElement(Maml + "description", Para(d.Synopsis))),
                new XElement(Maml + "description", Para(d.Description)),
                new XElement(Command + "syntax", sets.Select(set => new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", c.Name),
                    c.Parameters.Where(p => p.Sets.Any(s => s.Name == set || s.Name == "__AllParameterSets"))
                        .Select(p => Parameter(p, p.Sets.First(s => s.Name == set || s.Name == "__AllParameterSets"), null))))),
                new XElement(Command + "parameters", c.Parameters.Select(p => Parameter(p, p.Sets[0], d.Parameters.GetValueOrDefault(p.Name, "")))),
                new XElement(Command + "returnValues", c.OutputTypes.Select(t => new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", t))))),
                c.Aliases.Count == 0 ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", Para("Aliases: " + string.Join(", ", c.Aliases)))),
                new XElement(Command + "examples", d.Examples.Select((e, i) => new XElement(Command + "example",
                    new XElement(Maml + "title", $"-------------------------- Example {i + 1} --------------------------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Para(e.Remarks))))),
                new XElement(Maml + "relatedLinks", RelatedLinks(metadata, c, d).Select(link =>
                    new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", link), new XElement(Maml + "uri"))))));
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root.ToString() + "\n";
    }

    private static XElement Parameter(ParameterMetadata p, ParameterSetMetadata set, string? description)
    {
        var pipeline = set.ValueFromPipeline || set.ValueFromPipelineByPropertyName
            ? "True (" + string.Join(", ", new[] { set.ValueFromPipelineByPropertyName ? "ByPropertyName" : null, set.ValueFromPipeline ? "ByValue" : null }.Where(x => x is not null)) + ")"
            : "False";
        var typeName = ShortType(p.Type);
        return new XElement(Command + "parameter",
            new XAttribute("required", set.Mandatory ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", p.SupportsWildcards ? "true" : "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", set.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            description is null ? null : new XElement(Maml + "description", Para(description)),
            p.IsSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), typeName),
            new XElement(Dev + "type", new XElement(Maml + "name", typeName)),
            description is null ? null : new XElement(Dev + "defaultValue", p.IsSwitch ? "False" : "None"));
    }

    private static string ShortType(string fullName) => fullName switch
    {
        "System.Management.Automation.SwitchParameter" => "SwitchParameter",
        _ => Regex.Replace(fullName, @"^System\.", ""),
    };

    private static XElement Para(string text) => new(Maml + "para", text);

    private static string Text(XElement? e) =>
        e is null ? "" : Regex.Replace(string.Concat(e.Nodes().Select(n => n is XElement x ? x.Value : n.ToString())), @"\s+", " ").Trim()
            .Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
}
