using Egide.Core.Audit;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Xunit;

namespace Egide.Testing;

public enum Db
{
    Sqlite,
    Postgres,
}

/// <summary>Theory data for tests that must pass on both databases.</summary>
public static class Databases
{
    public static TheoryData<Db> Both => new(Db.Sqlite, Db.Postgres);
}

/// <summary>
/// A fresh, empty database of its own for one test: a SQLite file in a temporary data folder, or a new
/// database on the PostgreSQL server that ./test.sh starts (EGIDE_TEST_POSTGRES). Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(Db provider, string dataFolder, string? postgresDatabase, string? connectionString)
    {
        Provider = provider;
        DataFolder = dataFolder;
        PostgresDatabase = postgresDatabase;
        ConnectionString = connectionString;
        Settings = EgideSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(Configuration).Build());
        Factory = new EgideDbFactory(Settings);
    }

    public Db Provider { get; }

    public string DataFolder { get; }

    /// <summary>The PostgreSQL connection string (null on SQLite).</summary>
    public string? ConnectionString { get; }

    private string? PostgresDatabase { get; }

    public EgideSettings Settings { get; }

    public EgideDbFactory Factory { get; }

    /// <summary>The settings as configuration keys, as the web app and the CLI read them.</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        [EgideSettings.DataKey] = DataFolder,
        [EgideSettings.DatabaseKey] = ConnectionString,
        [EgideSettings.DemoKey] = "false",
    };

    /// <summary>The command-line options that point the CLI at this database.</summary>
    public string[] CliOptions => ["--data", DataFolder, "--database", ConnectionString ?? ""];

    public static async Task<TestDatabase> CreateAsync(Db provider, bool migrate = true)
    {
        var server = provider == Db.Postgres ? PostgresServer() : null; // skips before anything is created
        var dataFolder = Directory.CreateTempSubdirectory("egide-test-").FullName;
        TestDatabase database;
        if (provider == Db.Sqlite)
        {
            database = new TestDatabase(provider, dataFolder, null, null);
        }
        else
        {
            var name = "egide_test_" + Guid.NewGuid().ToString("N");
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE {name} ENCODING 'UTF8'", connection);
                await command.ExecuteNonQueryAsync();
            }
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
            database = new TestDatabase(provider, dataFolder, name, builder.ConnectionString);
        }
        if (migrate)
        {
            await using var db = database.CreateDb();
            await DatabaseSetup.MigrateAsync(db);
        }
        return database;
    }

    /// <summary>A context as the CLI makes it: its saves are audited as Egide's own ("système", via "cli").</summary>
    public EgideDb CreateDb() => Factory.Create();

    /// <summary>A context whose saves are audited at <paramref name="clock"/>'s time, as <paramref name="actor"/> (Egide itself by default).</summary>
    public EgideDb CreateDb(TimeProvider clock, IAuditActor? actor = null) => Factory.Create(actor ?? SystemAuditActor.Cli, clock);

    /// <summary>The server of ./test.sh; skipped when absent, unless the run requires PostgreSQL (CI does).</summary>
    public static string PostgresServer()
    {
        var server = Environment.GetEnvironmentVariable("EGIDE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            if (Environment.GetEnvironmentVariable("EGIDE_TEST_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException("EGIDE_TEST_REQUIRE_POSTGRES=1 but EGIDE_TEST_POSTGRES is not set.");
            }
            Assert.Skip("PostgreSQL is not configured: run ./test.sh, or set EGIDE_TEST_POSTGRES.");
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        DatabaseSetup.ReleaseSqliteFiles();
        if (PostgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresServer());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PostgresDatabase} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }
    }
}
