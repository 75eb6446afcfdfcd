using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace ModelRelease.Loading;

/// <summary>
/// The module's private load context. It loads ModelRelease.Core and the third-party assemblies it
/// needs (YamlDotNet, …) from the module's <c>dependencies/</c> folder, so other modules' copies of those
/// packages in the default context never clash with ours. The public records assembly and everything
/// else (framework, PowerShell) come from the default context so both sides share one type identity. Native libraries
/// the packages call (SQLite's e_sqlite3) load from <c>dependencies/runtimes/&lt;rid&gt;/native/</c>, by full path, so
/// another copy of the same library that the session loaded first is never the one the module uses.
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

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var candidate in NativeCandidates(unmanagedDllName))
        {
            if (File.Exists(candidate)) return LoadUnmanagedDllFromPath(candidate);
        }
        return IntPtr.Zero; // not ours: the default probing goes on
    }

    /// <summary>Where a native library of the packages can be, most specific runtime first.</summary>
    internal IEnumerable<string> NativeCandidates(string name)
    {
        var file = Path.GetFileName(name);
        string[] names = OperatingSystem.IsWindows() ? [file, file + ".dll"]
            : OperatingSystem.IsMacOS() ? [file, "lib" + file + ".dylib", file + ".dylib"]
            : [file, "lib" + file + ".so", file + ".so"];
        foreach (var rid in RuntimeIdentifiers())
        {
            foreach (var n in names) yield return Path.Combine(DependencyDirectory, "runtimes", rid, "native", n);
        }
    }

    private static IEnumerable<string> RuntimeIdentifiers()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        if (OperatingSystem.IsWindows())
        {
            yield return "win-" + arch;
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return "osx-" + arch;
        }
        else
        {
            if (Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*").Any()) yield return "linux-musl-" + arch;
            yield return "linux-" + arch;
        }
        yield return RuntimeInformation.RuntimeIdentifier;
    }
}
