using Egide.Core.Mail;
using Egide.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Egide.Core.Data;

/// <summary>
/// The database. One model, two providers: each provider has its own subclass so that each keeps its
/// own migrations (Data/Migrations/Sqlite and Data/Migrations/Postgres).
/// </summary>
public abstract class EgideDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EgideDb).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are UTC; SQLite hands them back unspecified, so the kind is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<OrganizationKind>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<DpoKind>().HaveConversion<string>().HaveMaxLength(40);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteEgideDb(DbContextOptions<SqliteEgideDb> options) : EgideDb(options);

public sealed class PostgresEgideDb(DbContextOptions<PostgresEgideDb> options) : EgideDb(options);
