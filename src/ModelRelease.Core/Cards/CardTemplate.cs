using System.Text;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Cards;

/// <summary>
/// The template syntax, kept small: <c>{{ name }}</c> is replaced by the value of <c>name</c> (letters, digits,
/// '_' and '.'); <c>{{{{</c> writes a literal <c>{{</c>. A name that is not known is an error naming the template
/// file and line — never a silent blank.
/// </summary>
public static partial class CardTemplate
{
    [GeneratedRegex(@"\{\{\{\{|\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}|\{\{", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <param name="firstLine">The file line of the template's first line (after a front matter block).</param>
    public static string Render(string template, IReadOnlyDictionary<string, string> values, string? templatePath, int firstLine = 1)
    {
        var sb = new StringBuilder(template.Length * 2);
        var last = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            sb.Append(template, last, m.Index - last);
            last = m.Index + m.Length;
            if (m.Value == "{{{{")
            {
                sb.Append("{{");
                continue;
            }
            var line = firstLine + template.AsSpan(0, m.Index).Count('\n');
            if (!m.Groups[1].Success)
            {
                throw new ModelCardException("ModelCardTemplateInvalid", CardCodes.TemplateSyntax, templatePath, line, "'{{' starts no placeholder: write {{ name }}, or {{{{ for a literal '{{'", ErrorKind.InvalidArgument);
            }
            var name = m.Groups[1].Value;
            if (!values.TryGetValue(name, out var value))
            {
                throw new ModelCardException("ModelCardTemplateInvalid", CardCodes.TemplateUnknown, templatePath, line,
                    $"unknown placeholder {{{{ {name} }}}}; known: {string.Join(", ", values.Keys.Order(StringComparer.Ordinal))}", ErrorKind.InvalidArgument);
            }
            sb.Append(value);
        }
        sb.Append(template, last, template.Length - last);
        return sb.ToString();
    }
}
