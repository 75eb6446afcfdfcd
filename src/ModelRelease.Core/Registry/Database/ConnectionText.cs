using Npgsql;

namespace ModelRelease.Core.Registry.Database;

/// <summary>
/// PostgreSQL connection strings: a <c>postgres://user:password@host:port/database?sslmode=…</c> URI turned into the
/// key=value form Npgsql reads, and any form shown without its password (never in a message, an error or a record).
/// </summary>
public static class ConnectionText
{
    /// <summary>The key=value form of <paramref name="connection"/>; throws <see cref="ModelRegistryException"/> (InputInvalid) for one that does not parse.</summary>
    public static string Normalize(string connection)
    {
        var text = connection.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)) return FromUri(text);
        try
        {
            return new NpgsqlConnectionStringBuilder(text).ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ModelRegistryException(ModelRegistryErrors.InputInvalid, ModelRegistryCodes.Connection, Redact(text),
                $"the registry '{Redact(text)}' is not a PostgreSQL connection string: {Scrub(ex.Message, text)}", ErrorKind.InvalidArgument);
        }
    }

    /// <summary>The connection without its password (key=value form); a text that does not parse is shown as (connection string).</summary>
    public static string Redact(string connection)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connection.Trim().StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && connection.Contains("://", StringComparison.Ordinal) ? FromUri(connection.Trim()) : connection);
            var shown = new NpgsqlConnectionStringBuilder { Host = builder.Host, Port = builder.Port, Database = builder.Database, Username = builder.Username };
            return shown.ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or ModelRegistryException)
        {
            return "(connection string)";
        }
    }

    /// <summary>The password of <paramref name="connection"/>, when it names one (to scrub it from a driver's message).</summary>
    public static string? Password(string connection)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(Normalize(connection)).Password;
        }
        catch (ModelRegistryException)
        {
            return null;
        }
    }

    /// <summary><paramref name="message"/> with the connection's password (and the whole connection text) replaced by ***.</summary>
    public static string Scrub(string message, string connection)
    {
        var result = message.Replace(connection, "***", StringComparison.Ordinal);
        string? password = null;
        try
        {
            password = new NpgsqlConnectionStringBuilder(connection.Contains("://", StringComparison.Ordinal) ? FromUri(connection) : connection).Password;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or ModelRegistryException)
        {
            // nothing parsed, nothing more to scrub
        }
        return string.IsNullOrEmpty(password) ? result : result.Replace(password, "***", StringComparison.Ordinal);
    }

    private static string FromUri(string text)
    {
        Uri uri;
        try
        {
            uri = new Uri(text);
        }
        catch (UriFormatException)
        {
            throw new ModelRegistryException(ModelRegistryErrors.InputInvalid, ModelRegistryCodes.Connection, "(connection string)",
                "the registry is not a valid postgresql:// URI (postgresql://user:password@host:port/database)", ErrorKind.InvalidArgument);
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase)) key = "SSL Mode";
            try
            {
                builder[key] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new ModelRegistryException(ModelRegistryErrors.InputInvalid, ModelRegistryCodes.Connection, "(connection string)",
                    $"the registry URI has an option Npgsql does not know: {key}", ErrorKind.InvalidArgument);
            }
        }
        return builder.ConnectionString;
    }
}
