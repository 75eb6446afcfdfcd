using System.Reflection;
using System.Runtime.Loader;

namespace ModelRelease.Loading;

/// <summary>
/// The module's private load context. It loads ModelRelease.Core and the third-party assemblies it
/// needs (YamlDotNet, …) from the module's <c>dependencies/</c> folder, so other modules' copies of those
/// packages in the default context never clash with ours. The public records assembly and everything
/// else (framework, PowerShell) come from the default context so both sides share one type identity.
/// </summary>
internal sealed class ModuleLoadContext(string dependencyDirectory) : AssemblyLoadContext("ModelRelease", isCollectible: false)
{
    public string DependencyDirectory { get; } = dependencyDirectory;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || assemblyName.Name == "ModelRelease.Records") return null;
        var candidate = Path.Combine(DependencyDirectory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
