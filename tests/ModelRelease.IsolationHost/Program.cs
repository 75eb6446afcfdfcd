using System.Reflection;
using System.Runtime.Loader;

// Usage: ModelRelease.IsolationHost <assembled module folder>
// Prints one line of key=value pairs; exit 0 on success, 1 on failure.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ModelRelease.IsolationHost <module folder>");
    return 2;
}
var moduleDir = Path.GetFullPath(args[0]);

// 1. Another module's YamlDotNet, loaded first into the default context and used.
var other = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, string>>("a: b");
var defaultYaml = typeof(YamlDotNet.Serialization.Deserializer).Assembly;

// 2. What PowerShell does on Import-Module: load the root module assembly, run its initializer's work.
var module = Assembly.LoadFrom(Path.Combine(moduleDir, "ModelRelease.dll"));
module.GetType("ModelRelease.Loading.DependencyBridge", throwOnError: true)!
      .GetMethod("Install", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
      .Invoke(null, [moduleDir]);

// 3. Make the core work with its YAML library.
var probe = (string)module.GetType("ModelRelease.Loading.IsolationProbe", throwOnError: true)!
      .GetMethod("Describe", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
      .Invoke(null, null)!;

Console.WriteLine(string.Join(';',
    $"defaultYamlVersion={defaultYaml.GetName().Version}",
    $"defaultYamlContext={AssemblyLoadContext.GetLoadContext(defaultYaml)?.Name}",
    $"otherModuleStillWorks={other["a"] == "b"}",
    probe));
return 0;
