namespace ModelRelease;

/// <summary>
/// A section of a model card's body: a Markdown heading (ATX <c>## Title</c> or setext, underlined with <c>===</c> or
/// <c>---</c>) and what follows it up to the next heading of the same or a higher level. Headings inside code fences
/// and HTML comments are not sections. <c>card show</c>, <c>Get-ModelCard</c> and <c>Test-ModelCard</c> read the same list.
/// </summary>
/// <param name="Level">1 for <c>#</c> (or <c>===</c>), 2 for <c>##</c> (or <c>---</c>), up to 6.</param>
/// <param name="Title">The heading's text, without the <c>#</c> marks.</param>
/// <param name="Line">The file line the heading starts on.</param>
/// <param name="Content">Everything under the heading, subsections included, trimmed.</param>
/// <param name="IsEmpty">True when the section holds nothing a reader sees: only blank lines, HTML comments and the headings of empty subsections.</param>
public sealed record CardSection(int Level, string Title, int Line, string Content, bool IsEmpty)
{
    public override string ToString() => $"{new string('#', Level)} {Title} (line {Line}{(IsEmpty ? ", empty" : "")})";
}
