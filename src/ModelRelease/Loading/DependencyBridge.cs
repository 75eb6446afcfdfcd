using System.Reflection;
using System.Runtime.Loader;

namespace ModelRelease.Loading;

/// <summary>
/// The bridge between the default context and the private one: when the default context cannot find
/// ModelRelease.Core (it lives in <c>dependencies/</c>, out of the probing path), the handler loads it into
/// <see cref="ModuleLoadContext"/>. It answers for that one name only; the core's own references are
/// resolved inside the private context.
/// </summary>
/// <remarks>
/// A load context is process-wide by nature, so this is the one piece of static state in the module:
/// installed once by the module initializer and removed by the module cleanup.
/// </remarks>
internal static class DependencyBridge
{
    private const string CoreAssemblyName = "ModelRelease.Core";
    private static readonly object Gate = new();
    private static ModuleLoadContext? s_context;

    /// <summary>The private context, once installed.</summary>
    public static ModuleLoadContext? Context => s_context;

    /// <summary>Installs the resolver for a module whose root is <paramref name="moduleDirectory"/>.</summary>
    public static void Install(string moduleDirectory)
    {
        lock (Gate)
        {
            if (s_context is not null) return;
            var dependencies = Path.Combine(moduleDirectory, "dependencies");
            if (!Directory.Exists(dependencies)) return; // running from a build folder: everything sits side by side
            s_context = new ModuleLoadContext(dependencies);
            AssemblyLoadContext.Default.Resolving += OnResolving;
        }
    }

    public static void Uninstall()
    {
        lock (Gate)
        {
            AssemblyLoadContext.Default.Resolving -= OnResolving;
        }
    }

    private static Assembly? OnResolving(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == CoreAssemblyName && s_context is { } alc ? alc.LoadFromAssemblyName(name) : null;
}
