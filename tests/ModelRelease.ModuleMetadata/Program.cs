using System.Text.Json;
using ModelRelease.ModuleMetadata;

// Usage: ModelRelease.ModuleMetadata <ModelRelease.dll> <System.Management.Automation reference dll>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ModelRelease.ModuleMetadata <ModelRelease.dll> <System.Management.Automation.dll>");
    return 2;
}
var document = CmdletMetadataReader.Read(args[0], args[1]);
Console.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
return 0;
