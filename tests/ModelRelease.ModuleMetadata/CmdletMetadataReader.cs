using System.Reflection;
using System.Runtime.InteropServices;

namespace ModelRelease.ModuleMetadata;

/// <summary>
/// Reads cmdlet metadata from the compiled assembly through <see cref="MetadataLoadContext"/>: nothing
/// is executed, so the PowerShell reference assembly (which cannot run here) is enough.
/// </summary>
public static class CmdletMetadataReader
{
    /// <summary>Parameters PowerShell adds to every advanced cmdlet, plus the ShouldProcess pair.</summary>
    public static readonly string[] CommonParameters =
    [
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        "vb", "db", "ea", "wa", "infa", "proga", "ev", "wv", "iv", "ov", "ob", "pv", "wi", "cf",
    ];

    public static ModuleMetadataDocument Read(string cmdletAssemblyPath, string smaReferencePath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(cmdletAssemblyPath))!;
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.GetFiles(dir, "*.dll"))
            .Concat(Directory.Exists(Path.Combine(dir, "dependencies")) ? Directory.GetFiles(Path.Combine(dir, "dependencies"), "*.dll") : [])
            .Where(p => !Path.GetFileName(p).Equals("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase))
            .Append(smaReferencePath)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First());
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(cmdletAssemblyPath));
        var sma = context.LoadFromAssemblyPath(smaReferencePath);

        var verbs = sma.GetTypes()
            .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct().Order(StringComparer.Ordinal).ToList();

        var cmdlets = new List<CmdletMetadata>();
        var outputTypes = new Dictionary<string, IReadOnlyList<PropertyMetadata>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            var cmdlet = Attr(type, "CmdletAttribute");
            if (cmdlet is null) continue;
            var verb = (string)cmdlet.ConstructorArguments[0].Value!;
            var noun = (string)cmdlet.ConstructorArguments[1].Value!;
            var named = Named(cmdlet);
            var outputs = type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : [arg.Value])
                .Select(v => v is Type t ? t.FullName! : v?.ToString() ?? "")
                .ToList();
            foreach (var outputType in type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : [arg.Value])
                .OfType<Type>())
            {
                outputTypes[outputType.FullName!] = outputType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Select(p => new PropertyMetadata(p.Name, TypeName(p.PropertyType))).ToList();
            }
            var parameters = new List<ParameterMetadata>();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var sets = property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute").Select(a =>
                {
                    var n = Named(a);
                    return new ParameterSetMetadata(
                        n.TryGetValue("ParameterSetName", out var s) ? (string)s! : "__AllParameterSets",
                        n.TryGetValue("Mandatory", out var m) && (bool)m!,
                        n.TryGetValue("Position", out var p) ? (int)p! : null,
                        n.TryGetValue("ValueFromPipeline", out var v) && (bool)v!,
                        n.TryGetValue("ValueFromPipelineByPropertyName", out var b) && (bool)b!);
                }).ToList();
                if (sets.Count == 0) continue;
                parameters.Add(new ParameterMetadata(
                    property.Name,
                    TypeName(property.PropertyType),
                    property.PropertyType.Name == "SwitchParameter",
                    Aliases(property.GetCustomAttributesData()),
                    sets,
                    property.GetCustomAttributesData().Any(a => a.AttributeType.Name == "SupportsWildcardsAttribute"),
                    property.DeclaringType!.FullName!,
                    property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ArgumentCompleterAttribute")
                        .Select(a => a.ConstructorArguments.FirstOrDefault().Value is Type t ? t.FullName : null).FirstOrDefault()));
            }
            cmdlets.Add(new CmdletMetadata(
                $"{verb}-{noun}", verb, noun, type.FullName!,
                named.TryGetValue("SupportsShouldProcess", out var sp) && (bool)sp!,
                named.TryGetValue("DefaultParameterSetName", out var dps) ? (string?)dps : null,
                outputs, Aliases(type.GetCustomAttributesData()), parameters));
        }
        return new ModuleMetadataDocument(cmdlets.OrderBy(c => c.Name, StringComparer.Ordinal).ToList(), verbs, CommonParameters, outputTypes);
    }

    private static CustomAttributeData? Attr(MemberInfo member, string name) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == name);

    private static Dictionary<string, object?> Named(CustomAttributeData data) =>
        data.NamedArguments.ToDictionary(a => a.MemberName, a => a.TypedValue.Value);

    private static List<string> Aliases(IEnumerable<CustomAttributeData> attributes) =>
        attributes.Where(a => a.AttributeType.Name == "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(arg => arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => (string)i.Value!) : [(string)arg.Value!])
            .ToList();

    private static string TypeName(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1") return TypeName(type.GetGenericArguments()[0]) + "?";
        return type.FullName ?? type.Name;
    }
}
