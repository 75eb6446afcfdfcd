using System.Text.Json;

namespace ModelRelease.Core.Hub;

/// <summary>
/// The SecretManagement vault and secret name that hold the Hub token after <c>Connect-HfHub -Vault</c>: a small
/// JSON file in ModelRelease's cache folder that names them (the token itself stays in the vault).
/// </summary>
public sealed record VaultReference(string Vault, string Name)
{
    public override string ToString() => $"vault '{Vault}' (secret '{Name}')";

    /// <summary>The reference stored at <paramref name="path"/>, or null when there is none (or it is not readable as one).</summary>
    public static VaultReference? Load(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("vault", out var v) && v.ValueKind == JsonValueKind.String
                && root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } vault && n.GetString() is { Length: > 0 } name
                ? new VaultReference(vault, name) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = File.Create(temp))
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("vault", Vault);
            writer.WriteString("name", Name);
            writer.WriteEndObject();
        }
        File.Move(temp, path, overwrite: true);
    }

    public static bool Delete(string path)
    {
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }
}
