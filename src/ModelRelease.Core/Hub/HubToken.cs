using System.Diagnostics;

namespace ModelRelease.Core.Hub;

/// <summary>
/// A Hub access token. It never prints itself: <see cref="ToString"/> and the debugger show a mask,
/// and the value leaves this type only as the Authorization header of a request to the Hub.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class HubToken
{
    private readonly string _value;

    public HubToken(string value, string source)
    {
        var cleaned = value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
        if (cleaned.Length == 0) throw new ArgumentException("A token cannot be empty.", nameof(value));
        _value = cleaned;
        Source = source;
    }

    /// <summary>Where the token came from (<c>-Token</c>, <c>HF_TOKEN</c>, <c>~/.cache/huggingface/token</c>), for messages.</summary>
    public string Source { get; }

    internal string AuthorizationValue => "Bearer " + _value;

    /// <summary>The value itself, only for the token file huggingface_hub reads (<see cref="TokenFile"/>).</summary>
    internal string Reveal() => _value;

    /// <summary>Replaces the token, and anything shaped like a Hub token, in <paramref name="text"/>.</summary>
    public string Redact(string text) => Redaction.Redact(text.Replace(_value, "hf_***", StringComparison.Ordinal));

    public override string ToString() => $"hf_*** (from {Source})";
}

/// <summary>Masks token-shaped strings and Authorization headers in any text that may reach a user.</summary>
public static class Redaction
{
    private static readonly System.Text.RegularExpressions.Regex TokenShape = new(@"\b(hf|api_org)_[A-Za-z0-9]{8,}\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    private static readonly System.Text.RegularExpressions.Regex AuthorizationHeader = new(@"(?i)(authorization\s*[:=]\s*)(bearer\s+)?\S+", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static string Redact(string text) => AuthorizationHeader.Replace(TokenShape.Replace(text, "$1_***"), "$1***");
}
