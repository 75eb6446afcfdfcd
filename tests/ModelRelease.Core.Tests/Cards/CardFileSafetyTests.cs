using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

/// <summary>Writing a card back keeps what the user set on the file: its mode, its link, its read-only state.</summary>
public sealed class CardFileSafetyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-card-safety-").FullName;

    public void Dispose()
    {
        foreach (var f in Directory.GetFiles(_dir, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(_dir, true);
    }

    private string Write(string name, string text = "---\nlicense: mit\n---\nBody\n")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_private_card_stays_private()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = Write("README.md");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var card = await CardFile.ReadAsync(path);
        await CardFile.WriteAsync(CardDocument.WithMetadata(card, new Dictionary<string, object?> { ["license"] = "apache-2.0" }), path, force: true);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains("apache-2.0", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_read_only_card_is_refused_and_unchanged()
    {
        var path = Write("README.md");
        if (OperatingSystem.IsWindows()) File.SetAttributes(path, FileAttributes.ReadOnly);
        else File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = File.ReadAllBytes(path);
        var card = await CardFile.ReadAsync(path);
        var error = await Assert.ThrowsAsync<ModelCardException>(() => CardFile.WriteAsync(CardDocument.WithMetadata(card, new Dictionary<string, object?> { ["license"] = "apache-2.0" }), path, force: true));
        Assert.Equal(("CARD_READ_ONLY", ErrorKind.PermissionDenied), (error.Code, error.Kind));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_linked_card_is_written_through_the_link()
    {
        var target = Write("real.md");
        var link = Path.Combine(_dir, "README.md");
        File.CreateSymbolicLink(link, target);
        var card = await CardFile.ReadAsync(link);
        var written = await CardFile.WriteAsync(CardDocument.WithMetadata(card, new Dictionary<string, object?> { ["license"] = "apache-2.0" }), link, force: true);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("apache-2.0", File.ReadAllText(target));
        Assert.Equal(link, written.Path);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }
}
