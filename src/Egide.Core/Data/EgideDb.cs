using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Mail;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Catalogs;
using Egide.Core.Privacy.Register;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Egide.Core.Data;

/// <summary>
/// The database. One model, two providers: each provider has its own subclass so that each keeps its
/// own migrations (Data/Migrations/Sqlite and Data/Migrations/Postgres).
/// </summary>
public abstract class EgideDb(DbContextOptions options) : IdentityUserContext<EgideUser, Guid>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(EgideDb).Assembly);
        foreach (var type in builder.Model.GetEntityTypes().Where(t => t.BaseType is null && !t.IsOwned()).ToList())
        {
            if (typeof(IOrganizationOwned).IsAssignableFrom(type.ClrType))
            {
                typeof(EgideDb).GetMethod(nameof(ApplyTenancy), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                    .MakeGenericMethod(type.ClrType).Invoke(this, [builder]);
            }
        }
        // Secrets never enter the audit trail: the change is recorded, the value is not.
        builder.Entity<EgideUser>(u =>
        {
            u.Property(x => x.PasswordHash).IsNotAudited();
            u.Property(x => x.SecurityStamp).IsNotAudited();
            u.Property(x => x.ConcurrencyStamp).IsNotAudited();
        });
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().Property(t => t.Value).IsNotAudited();
    }

    // The lambda reads this context's property: EF Core swaps in the context running each query (see Tenancy).
    private void ApplyTenancy<T>(ModelBuilder builder)
        where T : class, IOrganizationOwned =>
        builder.Entity<T>().HasQueryFilter(Tenancy.FilterName, e => e.OrganizationId == TenantOrganizationId);

    /// <summary>The organisation this context works in; <see cref="Guid.Empty"/> (the default): none, so no owned row.</summary>
    public Guid TenantOrganizationId { get; private set; }

    /// <summary>
    /// Works in <paramref name="organizationId"/> from now on: owned rows of that organisation only are read and
    /// may be written. Call it once the caller's right to that organisation has been checked.
    /// </summary>
    public EgideDb UseOrganization(Guid organizationId)
    {
        TenantOrganizationId = organizationId;
        return this;
    }

    /// <summary>The audit trail: read it freely; entries are only ever added, by the save itself.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>
    /// Set by <see cref="DatabaseSetup.MigrateAsync"/> alone, while it adds the catalogues' first entries: part of
    /// setting up the schema, like the migrations, and like them not in the audit trail, which starts with the
    /// first change someone (or Egide) makes. Every later change of a catalogue entry is audited.
    /// </summary>
    internal bool IsSchemaSetup { get; set; }

    /// <summary>Who the audit trail names for this context's saves.</summary>
    internal IAuditActor AuditActor { get; set; } = SystemAuditActor.Cli;

    /// <summary>When, for the audit trail.</summary>
    internal TimeProvider AuditClock { get; set; } = TimeProvider.System;

    /// <summary>The save under way, between the interceptor's before and after (see AuditInterceptor).</summary>
    internal AuditSave? AuditSave { get; set; }

    private long _pendingAuditKey;

    /// <summary>A stand-in key, unique in this context, for an event recorded but not yet saved.</summary>
    internal long NextPendingAuditKey() => --_pendingAuditKey;

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>The Data Protection key ring, shared by every instance (see DatabaseXmlRepository).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<CatalogEntry> CatalogEntries => Set<CatalogEntry>();

    public DbSet<Country> Countries => Set<Country>();

    public DbSet<ProcessingActivity> ProcessingActivities => Set<ProcessingActivity>();

    public DbSet<ActivityVersion> ActivityVersions => Set<ActivityVersion>();

    public DbSet<Processor> Processors => Set<Processor>();

    public DbSet<ActivityProcessor> ActivityProcessors => Set<ActivityProcessor>();

    public DbSet<RegisterAlert> RegisterAlerts => Set<RegisterAlert>();

    public DbSet<Privacy.Requests.RightsRequest> RightsRequests => Set<Privacy.Requests.RightsRequest>();

    public DbSet<Privacy.Requests.RightsRequestActivity> RightsRequestActivities => Set<Privacy.Requests.RightsRequestActivity>();

    public DbSet<Privacy.Requests.RightsRequestDocument> RightsRequestDocuments => Set<Privacy.Requests.RightsRequestDocument>();

    public DbSet<Privacy.Breaches.DataBreach> DataBreaches => Set<Privacy.Breaches.DataBreach>();

    public DbSet<Privacy.Breaches.DataBreachActivity> DataBreachActivities => Set<Privacy.Breaches.DataBreachActivity>();

    public DbSet<Privacy.Breaches.BreachNotification> BreachNotifications => Set<Privacy.Breaches.BreachNotification>();

    public DbSet<Deadlines.CalendarFeed> CalendarFeeds => Set<Deadlines.CalendarFeed>();


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
