using ModelRelease.Core.Tests.Support;

namespace ModelRelease.Core.Tests.PyTorch;

/// <summary>Every PyTorch fixture truncated and flipped: each outcome is a checkpoint or a typed error.</summary>
public class PyTorchBadInputTests
{
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures.OfFormat("pytorch").Concat(Fixtures.OfFormat("pytorch", "malicious"))) data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Truncations_give_typed_errors(string relative)
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.Path(relative));
        var outcome = await BadInput.TruncationsAsync(Path.GetFileName(relative), bytes);
        Assert.Equal(outcome.Cases, outcome.Typed + outcome.Read);
        Assert.True(outcome.Typed >= outcome.Cases - 1, $"only {outcome.Typed} of {outcome.Cases} truncations were refused");
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task Byte_flips_give_typed_errors(string relative)
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.Path(relative));
        var outcome = await BadInput.FlipsAsync(Path.GetFileName(relative), bytes, region: bytes.Length, count: 300);
        Assert.Equal(300, outcome.Typed + outcome.Read);
    }
}
