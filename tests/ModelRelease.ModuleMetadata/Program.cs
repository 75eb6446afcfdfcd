using System.Text.Json;
using System.Xml.Linq;
using ModelRelease.ModuleMetadata;

// Usage:
//   ModelRelease.ModuleMetadata <ModelRelease.dll> <System.Management.Automation.dll>             → metadata JSON on stdout
//   ModelRelease.ModuleMetadata --maml <ModelRelease.dll> <System.Management.Automation.dll> <ModelRelease.xml> <out.xml>
if (args.Length == 5 && args[0] == "--maml")
{
    var meta = CmdletMetadataReader.Read(args[1], args[2]);
    File.WriteAllText(args[4], MamlWriter.Write(meta, XDocument.Load(args[3])));
    Console.WriteLine($"wrote {args[4]}");
    return 0;
}
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ModelRelease.ModuleMetadata <ModelRelease.dll> <System.Management.Automation.dll>");
    Console.Error.WriteLine("       ModelRelease.ModuleMetadata --maml <ModelRelease.dll> <System.Management.Automation.dll> <ModelRelease.xml> <out.xml>");
    return 2;
}
var document = CmdletMetadataReader.Read(args[0], args[1]);
Console.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
return 0;
