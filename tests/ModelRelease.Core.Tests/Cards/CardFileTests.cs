using System.Text;
using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

public sealed class CardFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mr-cardfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData("card-llm.md")]
    [InlineData("card-gguf.md")]
    [InlineData("card-minimal.md")]
    public async Task Read_then_write_gives_the_same_bytes_with_or_without_a_byte_order_mark(string name)
    {
        var original = await File.ReadAllBytesAsync(CardTestData.File(name));
        foreach (var bytes in new[] { original, [0xEF, 0xBB, 0xBF, .. original] })
        {
            var path = Path.Combine(_dir, "in.md");
            await File.WriteAllBytesAsync(path, bytes);
            var card = await CardFile.ReadAsync(path);
            var written = await CardFile.WriteAsync(card, Path.Combine(_dir, "out.md"), force: true);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(written.Path!));

            // A metadata change keeps the byte order mark and the body.
            var changed = CardDocument.WithMetadata(card, new Dictionary<string, object?>(card.Metadata) { ["license"] = "mit" });
            var back = await CardFile.WriteAsync(changed, Path.Combine(_dir, "out.md"), force: true);
            var reread = await File.ReadAllBytesAsync(back.Path!);
            Assert.Equal(bytes[0] == 0xEF, reread[0] == 0xEF);
            Assert.EndsWith(card.Body, Encoding.UTF8.GetString(reread), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_existing_file_is_never_overwritten_without_force_and_a_folder_means_its_README()
    {
        var target = Path.Combine(_dir, "README.md");
        await File.WriteAllTextAsync(target, "mine");
        var card = CardDocument.Create(new Dictionary<string, object?> { ["license"] = "mit" }, "# m\n");
        var ex = await Assert.ThrowsAsync<ModelCardException>(() => CardFile.WriteAsync(card, _dir, force: false));
        Assert.Equal(("ModelCardExists", "CARD_EXISTS", target), (ex.ErrorId, ex.Code, ex.File!));
        Assert.Equal("mine", await File.ReadAllTextAsync(target));
        Assert.Single(Directory.GetFiles(_dir)); // no temporary file left behind

        var written = await CardFile.WriteAsync(card, _dir, force: true);
        Assert.Equal(target, written.Path);
        Assert.Equal(card.Text, await File.ReadAllTextAsync(target));
        Assert.Equal(card.Text, (await CardFile.ReadAsync(_dir)).Text);
    }

    [Fact]
    public async Task Bad_files_name_the_file_and_line()
    {
        var missing = await Assert.ThrowsAsync<ModelCardException>(() => CardFile.ReadAsync(Path.Combine(_dir, "none.md")));
        Assert.Equal(("CARD_NOT_FOUND", ErrorKind.NotFound), (missing.Code, missing.Kind));

        var binary = Path.Combine(_dir, "bin.md");
        await File.WriteAllBytesAsync(binary, [.. "---\nlicense: mit\n"u8.ToArray(), 0xFF, 0xFE, .. "\n---\n"u8.ToArray()]);
        var notText = await Assert.ThrowsAsync<ModelCardException>(() => CardFile.ReadAsync(binary));
        Assert.Equal(("CARD_NOT_UTF8", 3, binary), (notText.Code, notText.Line!.Value, notText.File!));

        var big = Path.Combine(_dir, "big.md");
        using (var f = File.Create(big)) f.SetLength(CardFile.MaxBytes + 1);
        Assert.Equal("CARD_TOO_LARGE", (await Assert.ThrowsAsync<ModelCardException>(() => CardFile.ReadAsync(big))).Code);
    }

    [Fact]
    public async Task A_card_is_published_from_its_own_README_or_from_a_staged_copy()
    {
        var card = CardDocument.Create(new Dictionary<string, object?> { ["license"] = "mit" }, "# m\n");
        var (file, staging) = await CardFile.ForPublishAsync(card);
        try
        {
            Assert.Equal("README.md", Path.GetFileName(file));
            Assert.NotNull(staging);
            Assert.Equal(CardFile.Encode(card), await File.ReadAllBytesAsync(file));
        }
        finally
        {
            Directory.Delete(staging!, true);
        }

        var own = await CardFile.WriteAsync(card, Path.Combine(_dir, "README.md"), force: false);
        Assert.Equal((own.Path, (string?)null), await CardFile.ForPublishAsync(own));
        var edited = CardDocument.WithMetadata(own, new Dictionary<string, object?> { ["license"] = "apache-2.0" });
        var (copy, folder) = await CardFile.ForPublishAsync(edited); // the file on disk is not the edited card
        Assert.NotEqual(own.Path, copy);
        Directory.Delete(folder!, true);
    }

    [Fact]
    public async Task A_card_that_cannot_be_written_is_a_typed_error_naming_the_file()
    {
        var blocker = Path.Combine(_dir, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        var card = CardDocument.Create(new Dictionary<string, object?> { ["license"] = "mit" }, "# m\n");
        var target = Path.Combine(blocker, "README.md");
        var ex = await Assert.ThrowsAsync<ModelCardException>(() => CardFile.WriteAsync(card, target, force: true));
        Assert.Equal(("ModelCardUnwritable", "CARD_IO", target), (ex.ErrorId, ex.Code, ex.File!));
        Assert.Equal("x", await File.ReadAllTextAsync(blocker));
    }
}
