using ModelRelease.Cli.Output;

namespace ModelRelease.Cli.Tests;

/// <summary>Remote text (file names, server messages) never writes control sequences to the terminal.</summary>
public class TerminalSafetyTests
{
    [Theory]
    [InlineData("\u001b[31mred\u001b[0m.bin", @"\u001b[31mred\u001b[0m.bin")]
    [InlineData("bell\u0007", @"bell\u0007")]
    [InlineData("c1\u009bcsi", @"c1\u009bcsi")]
    [InlineData("line\nbreak", @"line\u000abreak")]
    [InlineData("plain name.safetensors", "plain name.safetensors")]
    public void Table_cells_show_control_characters_escaped(string cell, string shown)
    {
        var table = new TextTable("Path", "Size");
        table.Add(cell, 3);
        var text = table.ToString();
        Assert.Contains(shown, text);
        Assert.DoesNotContain(text.TrimEnd('\n').Split('\n').SelectMany(l => l), c => char.IsControl(c));
    }
}
