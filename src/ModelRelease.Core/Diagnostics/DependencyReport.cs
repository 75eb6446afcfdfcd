using System.Reflection;
using System.Runtime.Loader;
using YamlDotNet.RepresentationModel;

namespace ModelRelease.Core.Diagnostics;

/// <summary>
/// Which versions of its third-party packages the core runs with and in which load context, proven by
/// using them (a YAML round trip), for <c>modelrelease version --dependencies</c> and the isolation test.
/// </summary>
public static class DependencyReport
{
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000:Avoid accessing Assembly file path when publishing as a single file",
        Justification = "A diagnostic: an empty location is the true answer for a native or single-file build (nothing is loaded from a file).")]
    public static string Create()
    {
        var yamlAssembly = typeof(YamlStream).Assembly;
        var stream = new YamlStream();
        using (var reader = new StringReader("model: base\nparameters: 15.8M\n"))
        {
            stream.Load(reader);
        }
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var value = ((YamlScalarNode)root.Children[new YamlScalarNode("parameters")]).Value;
        return string.Join(';',
            $"yamlVersion={yamlAssembly.GetName().Version}",
            $"yamlContext={AssemblyLoadContext.GetLoadContext(yamlAssembly)?.Name ?? "?"}",
            $"yamlLocation={yamlAssembly.Location}",
            $"yamlRoundTrip={value}",
            $"coreVersion={typeof(DependencyReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
    }
}
