using Egide.Core.Audit;
using Egide.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Logging;

namespace Egide.Core.Data;

/// <summary>Builds the context for the configured provider; the options are built once per process.</summary>
public sealed class EgideDbFactory
{
    private readonly DbContextOptions _options;
    private readonly DatabaseProvider _provider;

    public EgideDbFactory(EgideSettings settings, ILoggerFactory? loggerFactory = null)
    {
        _provider = settings.Provider;
        _options = _provider == DatabaseProvider.Postgres
            ? Postgres(settings.PostgresConnectionString!, loggerFactory)
            : Sqlite(SqliteConnectionString(settings.SqlitePath), loggerFactory);
    }

    /// <summary>A context whose saves the audit trail attributes to Egide itself (<see cref="SystemAuditActor.Cli"/>).</summary>
    public EgideDb Create() => Create(SystemAuditActor.Cli, TimeProvider.System);

    /// <summary>A context whose saves the audit trail attributes to <paramref name="actor"/>, timed by <paramref name="clock"/>.</summary>
    public EgideDb Create(IAuditActor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        EgideDb db = _provider == DatabaseProvider.Postgres
            ? new PostgresEgideDb((DbContextOptions<PostgresEgideDb>)_options)
            : new SqliteEgideDb((DbContextOptions<SqliteEgideDb>)_options);
        db.AuditActor = actor;
        db.AuditClock = clock;
        return db;
    }

    public static string SqliteConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        ForeignKeys = true,
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    internal static DbContextOptions<SqliteEgideDb> Sqlite(string connectionString, ILoggerFactory? loggerFactory = null)
    {
        var builder = new DbContextOptionsBuilder<SqliteEgideDb>()
            .UseSqlite(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory")
                .UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));
        return (DbContextOptions<SqliteEgideDb>)Common(builder, loggerFactory).Options;
    }

    internal static DbContextOptions<PostgresEgideDb> Postgres(string connectionString, ILoggerFactory? loggerFactory = null)
    {
        var builder = new DbContextOptionsBuilder<PostgresEgideDb>()
            .UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory")
                .UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));
        return (DbContextOptions<PostgresEgideDb>)Common(builder, loggerFactory).Options;
    }

    // Owned lists (referents, contacts) are small: one query is cheaper than several round trips.
    // Every context audits its saves, whoever made it (web, CLI, tests).
    private static DbContextOptionsBuilder Common(DbContextOptionsBuilder builder, ILoggerFactory? loggerFactory)
    {
        builder.AddInterceptors(TenancyInterceptor.Instance, AuditInterceptor.Instance);
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }
        return builder;
    }
}

// Used by `dotnet ef migrations add` only; the connection strings are never opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteEgideDb>
{
    public SqliteEgideDb CreateDbContext(string[] args) => new(EgideDbFactory.Sqlite("Data Source=design.db"));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresEgideDb>
{
    public PostgresEgideDb CreateDbContext(string[] args) => new(EgideDbFactory.Postgres("Host=localhost;Database=egide_design"));
}
