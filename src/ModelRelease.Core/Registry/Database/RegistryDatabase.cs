using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ModelRelease.Core.Registry.Database;

/// <summary>
/// An open registry database (SQLite or PostgreSQL) at the code's schema version. Every change runs in
/// <see cref="WriteAsync{T}"/>: one transaction that first takes the registry's write lock (SQLite: <c>BEGIN IMMEDIATE</c>;
/// PostgreSQL: READ COMMITTED and <c>SELECT … FOR UPDATE</c> of the one head row), so two agents' changes are serialised
/// by the database and each sees the other's committed state; the unique index on production versions backs that up.
/// </summary>
internal sealed class RegistryDatabase : IAsyncDisposable
{
    private const string MetaTable = "CREATE TABLE IF NOT EXISTS registry_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)";
    private const long MigrationLockKey = 0x4d52_6567_6973_7472; // "MRegistr"

    private RegistryDatabase(DbConnection connection, ModelRegistryLocation location)
    {
        Connection = connection;
        Location = location;
    }

    public DbConnection Connection { get; }

    public ModelRegistryLocation Location { get; }

    public RegistryProvider Provider => Location.Provider;

    /// <summary>
    /// Opens the registry and brings it to the code's schema. <paramref name="create"/> false: a SQLite file that does not
    /// exist is MREG_DATABASE_NOT_FOUND (a read creates nothing).
    /// </summary>
    public static async Task<RegistryDatabase> OpenAsync(ModelRegistryLocation location, bool create, CancellationToken cancellationToken)
    {
        DbConnection connection;
        if (location.Provider == RegistryProvider.Sqlite)
        {
            var file = location.DatabaseFile!;
            if (!File.Exists(file))
            {
                if (!create)
                {
                    throw new ModelRegistryException(ModelRegistryErrors.FileNotFound, ModelRegistryCodes.DatabaseNotFound, file,
                        $"{file}: no registry database here yet (New-ModelVersion / modelrelease registry add creates it)", ErrorKind.NotFound);
                }
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new ModelRegistryException(ModelRegistryErrors.StoreUnwritable, ModelRegistryCodes.Io, file, $"{file}: cannot create the registry's folder: {ex.Message}", ErrorKind.PermissionDenied, ex);
                }
            }
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = file,
                Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
                Pooling = false,
                DefaultTimeout = 60,
                ForeignKeys = true,
            };
            connection = new SqliteConnection(builder.ToString());
        }
        else
        {
            var normalized = ConnectionText.Normalize(location.Registry!);
            connection = new NpgsqlConnection(normalized);
        }

        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException or ArgumentException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw ConnectionFailed(location, ex);
        }

        var database = new RegistryDatabase(connection, location);
        try
        {
            if (location.Provider == RegistryProvider.Sqlite)
            {
                await database.ExecuteAsync(null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            }
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is NotADatabase or Corrupt)
        {
            // SQLite opens lazily: a file that is not a database (or a damaged one) shows at the first statement.
            await database.DisposeAsync().ConfigureAwait(false);
            throw new ModelRegistryException(ModelRegistryErrors.ConnectionFailed, ModelRegistryCodes.DatabaseInvalid, location.Display,
                $"{location.Display} is not a registry database: {ex.Message}", ErrorKind.InvalidData, ex)
            {
                RecommendedAction = "Check that the file is a ModelRelease registry (the default is models/registry/model_registry.db under the store's root).",
            };
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private const int Corrupt = 11; // SQLITE_CORRUPT

    private const int NotADatabase = 26; // SQLITE_NOTADB

    private static ModelRegistryException ConnectionFailed(ModelRegistryLocation location, Exception ex)
    {
        var shown = location.Display;
        var message = location.Provider == RegistryProvider.PostgreSql ? ConnectionText.Scrub(ex.Message, location.Registry!) : ex.Message;
        // The driver's exception is not kept: its text is scrubbed here, and nothing else of it may carry the connection.
        return new ModelRegistryException(ModelRegistryErrors.ConnectionFailed, ModelRegistryCodes.Connection, shown,
            $"cannot open the registry database {shown}: {message}", ErrorKind.ConnectionFailed)
        {
            RecommendedAction = location.Provider == RegistryProvider.PostgreSql
                ? "Check the host, port, database, user and password of -Registry / --registry, and that the server accepts connections."
                : "Check that the file is a ModelRelease registry and that it can be read and written.",
        };
    }

    /// <summary>The schema version the database is at (0: empty).</summary>
    public async Task<int> SchemaVersionAsync(DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var text = await ScalarAsync<string>(transaction, "SELECT value FROM registry_meta WHERE key = 'schema_version'", cancellationToken).ConfigureAwait(false);
        if (text is null) return 0;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new ModelRegistryException(ModelRegistryErrors.ConnectionFailed, ModelRegistryCodes.DatabaseInvalid, Location.Display,
                $"{Location.Display}: the registry's schema version '{text}' is not a number", ErrorKind.InvalidData);
        }
        return version;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        // Fast path: a database at the code's version is only read.
        if (await TableExistsAsync("registry_meta", cancellationToken).ConfigureAwait(false))
        {
            var version = await SchemaVersionAsync(null, cancellationToken).ConfigureAwait(false);
            CheckNotNewer(version);
            if (version == RegistryMigrations.CurrentVersion) return;
        }

        await using var transaction = await BeginAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Provider == RegistryProvider.PostgreSql)
            {
                await ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(" + MigrationLockKey.ToString(CultureInfo.InvariantCulture) + ")", cancellationToken).ConfigureAwait(false);
            }
            await ExecuteAsync(transaction, MetaTable, cancellationToken).ConfigureAwait(false);
            var version = await SchemaVersionAsync(transaction, cancellationToken).ConfigureAwait(false);
            CheckNotNewer(version);
            if (version == 0 && await TableExistsAsync("model_versions", cancellationToken, transaction).ConfigureAwait(false))
            {
                throw new ModelRegistryException(ModelRegistryErrors.ConnectionFailed, ModelRegistryCodes.DatabaseInvalid, Location.Display,
                    $"{Location.Display}: the database has registry tables but no schema version; it was not made by ModelRelease", ErrorKind.InvalidData);
            }
            for (var next = version + 1; next <= RegistryMigrations.CurrentVersion; next++)
            {
                foreach (var statement in RegistryMigrations.Statements(next, Provider))
                {
                    await ExecuteAsync(transaction, statement, cancellationToken).ConfigureAwait(false);
                }
                await ExecuteAsync(transaction, "DELETE FROM registry_meta WHERE key = 'schema_version'", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(transaction, "INSERT INTO registry_meta (key, value) VALUES ('schema_version', @v)", cancellationToken, ("v", next.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw new ModelRegistryException(ModelRegistryErrors.ConnectionFailed, ModelRegistryCodes.DatabaseInvalid, Location.Display,
                $"{Location.Display}: cannot bring the registry to schema version {RegistryMigrations.CurrentVersion}: {Scrub(ex.Message)}", ErrorKind.InvalidData);
        }
    }

    private void CheckNotNewer(int version)
    {
        if (version > RegistryMigrations.CurrentVersion)
        {
            throw new ModelRegistryException(ModelRegistryErrors.SchemaTooNew, ModelRegistryCodes.SchemaTooNew, Location.Display,
                $"{Location.Display}: the registry is at schema version {version}, and this ModelRelease knows versions up to {RegistryMigrations.CurrentVersion}; nothing was read or written", ErrorKind.NotSupported)
            {
                RecommendedAction = "Update ModelRelease to the version the other agents use.",
            };
        }
    }

    private async Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        var sql = Provider == RegistryProvider.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @t"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @t";
        return await ScalarAsync<long>(transaction, sql, cancellationToken, ("t", table)).ConfigureAwait(false) > 0;
    }

    private async Task<DbTransaction> BeginAsync(CancellationToken cancellationToken) => Provider == RegistryProvider.Sqlite
        ? await Connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false) // BEGIN IMMEDIATE: the write lock first
        : await Connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction that holds the registry's write lock from its first statement
    /// (so every read in it sees the state the change applies to), and commits. A change the database refuses because
    /// another agent's came first (the one-production index, a key taken) is MREG_CONFLICT; nothing is written.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbTransaction, AuditHead, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var lockHead = Provider == RegistryProvider.Sqlite
                ? "SELECT audit_sequence, audit_hash FROM registry_head WHERE id = 1"
                : "SELECT audit_sequence, audit_hash FROM registry_head WHERE id = 1 FOR UPDATE";
            AuditHead head;
            await using (var reader = await ReaderAsync(transaction, lockHead, cancellationToken).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) throw Invalid("the registry_head row is missing");
                head = new AuditHead(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1));
            }
            var result = await work(transaction, head).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (DbException ex) when (IsConflict(ex))
        {
            throw new ModelRegistryException(ModelRegistryErrors.Conflict, ModelRegistryCodes.Conflict, Location.Display,
                $"{Location.Display}: another change came first and the database refused this one ({Scrub(FirstLine(ex.Message))}); nothing was written", ErrorKind.Conflict, ex)
            {
                RecommendedAction = "Read the registry again (Get-ModelVersion) and repeat the change if it still applies.",
            };
        }
    }

    private ModelRegistryException Invalid(string detail) =>
        new(ModelRegistryErrors.ConnectionFailed, ModelRegistryCodes.DatabaseInvalid, Location.Display, $"{Location.Display}: {detail}", ErrorKind.InvalidData);

    private static bool IsConflict(DbException ex) => ex switch
    {
        SqliteException s => s.SqliteErrorCode == 19, // SQLITE_CONSTRAINT (unique, check)
        PostgresException p => p.SqlState is "23505" or "40001" or "40P01",
        _ => false,
    };

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>A driver's message with the connection's password taken out.</summary>
    public string Scrub(string message) => Provider == RegistryProvider.PostgreSql ? ConnectionText.Scrub(message, Location.Registry!) : message;

    // ----- commands

    public DbCommand Command(DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    public async Task<int> ExecuteAsync(DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<T?> ScalarAsync<T>(DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (value is null || value is DBNull) return default;
        return typeof(T) == typeof(long) ? (T)(object)Convert.ToInt64(value, CultureInfo.InvariantCulture) : (T)value;
    }

    public async Task<DbDataReader> ReaderAsync(DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(transaction, sql, parameters);
        return await command.ExecuteReaderAsync(CommandBehavior.Default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every row of a query, read by <paramref name="read"/>.</summary>
    public async Task<List<T>> ListAsync<T>(DbTransaction? transaction, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var list = new List<T>();
        await using var command = Command(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(read(reader));
        return list;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>The last audit entry as the registry recorded it: the chain's head.</summary>
internal readonly record struct AuditHead(long Sequence, string Hash);
