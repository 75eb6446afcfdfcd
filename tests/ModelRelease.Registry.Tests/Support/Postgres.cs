using Npgsql;

namespace ModelRelease.Registry.Tests.Support;

/// <summary>
/// The PostgreSQL server of the test run: MODELRELEASE_TEST_POSTGRES names it (tests/run.sh starts Debian's PostgreSQL 15
/// in a temporary folder and sets it). Each test gets a database of its own, dropped afterwards. Without the variable a
/// PostgreSQL test fails, saying so: it is never skipped silently.
/// </summary>
public static class Postgres
{
    public const string Variable = "MODELRELEASE_TEST_POSTGRES";

    public static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException($"{Variable} is not set: the PostgreSQL registry tests need a server. Run them through tests/run.sh (it starts /usr/lib/postgresql/15/bin/postgres), or set {Variable} to an admin connection string.");

    /// <summary>A new empty database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "mr_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(Server) { Database = name, Pooling = false }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connection)
    {
        var name = new NpgsqlConnectionStringBuilder(connection).Database;
        await using var admin = new NpgsqlConnection(Server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
