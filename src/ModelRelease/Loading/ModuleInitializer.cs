using System.Management.Automation;

namespace ModelRelease.Loading;

/// <summary>Runs when PowerShell imports the module: sets up the private load context before any cmdlet runs.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => DependencyBridge.Install(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!);

    public void OnRemove(PSModuleInfo psModuleInfo) => DependencyBridge.Uninstall();
}
