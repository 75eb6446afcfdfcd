namespace ModelRelease.Core.Hashing;

/// <summary>Lower-case hex, the spelling the Hub and sha256sum use.</summary>
public static class Hex
{
    public static string Lower(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
