using System.Text;

namespace ModelRelease.Cli.Output;

/// <summary>
/// A plain fixed-width table: predictable in logs and pipes, no terminal tricks. Cells often hold remote text (file
/// names from a repository), so control characters are shown escaped (\u001b) and never reach the terminal.
/// </summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly HashSet<int> _right = [];

    public TextTable AlignRight(params int[] columns)
    {
        foreach (var c in columns) _right.Add(c);
        return this;
    }

    public void Add(params object?[] cells) => _rows.Add(cells.Select(c => Core.PrintableText.Escape(c?.ToString())).ToArray());

    public int Count => _rows.Count;

    public override string ToString()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        var sb = new StringBuilder();
        Line(sb, headers, widths);
        Line(sb, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in _rows) Line(sb, row, widths);
        return sb.ToString();
    }

    private void Line(StringBuilder sb, string[] cells, int[] widths)
    {
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Length ? cells[i] : "";
            if (i > 0) sb.Append("  ");
            var last = i == widths.Length - 1;
            sb.Append(_right.Contains(i) ? cell.PadLeft(widths[i]) : last ? cell : cell.PadRight(widths[i]));
        }
        sb.Append('\n');
    }
}
