using System.Security.Cryptography;
using System.Text;

namespace ModelRelease.HubEmulator.Http;

/// <summary>
/// Self-authorising URLs for the transfer endpoints (the clients send no Authorization header there, as
/// with presigned S3 URLs): the payload travels in the URL with an HMAC over it, keyed by a secret kept
/// in the data folder so URLs stay valid across restarts.
/// </summary>
public sealed class UrlSigner
{
    private readonly byte[] _key;

    public UrlSigner(string secretPath)
    {
        if (File.Exists(secretPath) && new FileInfo(secretPath).Length == 32)
        {
            _key = File.ReadAllBytes(secretPath);
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(32);
            Storage.AtomicFile.WriteAllBytes(secretPath, _key);
        }
    }

    public string Sign(params string[] fields)
    {
        var expires = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds();
        var payload = string.Join('\n', fields.Append(expires.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url(bytes) + "." + Base64Url(HMACSHA256.HashData(_key, bytes));
    }

    /// <summary>The signed fields, or null when the token was not made here, was altered or has expired.</summary>
    public string[]? Verify(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return null;
        try
        {
            var bytes = FromBase64Url(token[..dot]);
            var mac = FromBase64Url(token[(dot + 1)..]);
            if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, bytes))) return null;
            var fields = Encoding.UTF8.GetString(bytes).Split('\n');
            if (!long.TryParse(fields[^1], out var expires) || DateTimeOffset.UtcNow.ToUnixTimeSeconds() > expires) return null;
            return fields[..^1];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A short value derived from the key (part ETags).</summary>
    public string Tag(string value) => Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)))[..32].ToLowerInvariant();

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
