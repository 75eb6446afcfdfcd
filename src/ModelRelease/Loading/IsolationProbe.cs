using System.Runtime.Loader;

namespace ModelRelease.Loading;

/// <summary>
/// Used by the isolation test host (no PowerShell there): reports which context ModelRelease.Core
/// and its YAML library were loaded into, after making the core do real YAML work.
/// </summary>
internal static class IsolationProbe
{
    public static string Describe()
    {
        var report = Core.Diagnostics.DependencyReport.Create();
        var coreContext = AssemblyLoadContext.GetLoadContext(typeof(Core.Diagnostics.DependencyReport).Assembly)?.Name ?? "?";
        return $"coreContext={coreContext};{report}";
    }
}
