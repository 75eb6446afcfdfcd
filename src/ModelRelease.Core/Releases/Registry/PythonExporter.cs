using System.Text;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Releases.Registry;

/// <summary>
/// Renders a weights registry as a small Python module (standard library only) that holds the registry and the same
/// resolver as <see cref="WeightsResolver"/>: <c>resolve(model, version="latest", package_version=None)</c>, raising
/// <c>WeightsCompatibilityError</c> (with change, suggested_package_version, weights_version) and
/// <c>WeightsLookupError</c>. With a package name, <c>resolve</c> reads the installed version of that distribution when no
/// package_version is given.
/// </summary>
public static partial class PythonExporter
{
    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DistributionName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleName();

    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = typeof(PythonExporter).Assembly.GetManifestResourceStream("ModelRelease.Core.Releases.Registry.weights_resolver.py")
            ?? throw new InvalidOperationException("weights_resolver.py is not embedded in ModelRelease.Core");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The module's text. <paramref name="packageName"/> is a distribution name (<c>cser-tools</c>); <paramref name="moduleName"/> only appears in its docstring.</summary>
    public static string Render(WeightsRegistry registry, string? packageName = null, string moduleName = "weights_registry")
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (packageName is not null && !DistributionName().IsMatch(packageName))
        {
            throw new ArgumentException($"'{JsonSchemaValidator.Printable(packageName)}' is not a Python distribution name (letters, digits, '.', '_', '-')", nameof(packageName));
        }
        if (!ModuleName().IsMatch(moduleName)) throw new ArgumentException($"'{JsonSchemaValidator.Printable(moduleName)}' is not a Python module name", nameof(moduleName));
        var source = registry.Path is null ? "a weights registry" : Path.GetFileName(registry.Path);
        return Template.Value
            .Replace("__SOURCE__", source, StringComparison.Ordinal)
            .Replace("__TITLE__", packageName ?? "this package", StringComparison.Ordinal)
            .Replace("__MODULE__", moduleName, StringComparison.Ordinal)
            .Replace("__EXAMPLE_MODEL__", registry.Models.FirstOrDefault()?.Name ?? "model", StringComparison.Ordinal)
            .Replace("__PACKAGE__", packageName is null ? "None" : $"\"{packageName}\"", StringComparison.Ordinal)
            .Replace("__REGISTRY_JSON__", InTripleQuotes(registry.Text.TrimEnd()), StringComparison.Ordinal);
    }

    /// <summary>Text as the inside of a Python """…""" literal that evaluates back to it.</summary>
    private static string InTripleQuotes(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\r': sb.Append(@"\r"); break;
                case '\n' or '\t': sb.Append(c); break;
                case < ' ': sb.Append($"\\x{(int)c:x2}"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Writes the module to <paramref name="path"/> in one atomic step.</summary>
    public static Task WriteAsync(string path, string module, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAllTextAsync(path, module, cancellationToken);
}
