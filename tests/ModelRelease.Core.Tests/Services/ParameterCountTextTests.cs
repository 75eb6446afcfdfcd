namespace ModelRelease.Core.Tests.Services;

public class ParameterCountTextTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(999L, "999")]
    [InlineData(1000L, "1K")]
    [InlineData(15_812L, "15.8K")]
    [InlineData(15_800_000L, "15.8M")]
    [InlineData(1_234_567_890L, "1.23B")]
    [InlineData(999_960L, "1M")]
    [InlineData(7_241_732_096L, "7.24B")]
    [InlineData(125_000_000L, "125M")]
    [InlineData(1_500_000_000_000L, "1.5T")]
    public void Formats_with_three_significant_digits(long count, string text) => Assert.Equal(text, ParameterCountText.Format(count));

    [Theory]
    [InlineData("15.8M", 15_800_000L)]
    [InlineData("1.2B", 1_200_000_000L)]
    [InlineData("1.2b", 1_200_000_000L)]
    [InlineData("350K", 350_000L)]
    [InlineData("7e9", 7_000_000_000L)]
    [InlineData("1,234", 1234L)]
    [InlineData("1_000_000", 1_000_000L)]
    [InlineData(" 42 ", 42L)]
    [InlineData("2T", 2_000_000_000_000L)]
    public void Parses_what_people_write(string text, long count) => Assert.Equal(count, ParameterCountText.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("1e400")]
    public void Rejects_nonsense(string text)
    {
        Assert.False(ParameterCountText.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ParameterCountText.Parse(text));
    }

    [Theory]
    [InlineData("1%", 0.01)]
    [InlineData("0.5", 0.5)]
    [InlineData("100%", 1.0)]
    public void Tolerances(string text, double fraction)
    {
        Assert.True(ToleranceText.TryParse(text, out var v));
        Assert.Equal(fraction, v, 12);
    }

    [Theory]
    [InlineData("101%")]
    [InlineData("-1%")]
    [InlineData("x")]
    public void Bad_tolerances(string text) => Assert.False(ToleranceText.TryParse(text, out _));
}
