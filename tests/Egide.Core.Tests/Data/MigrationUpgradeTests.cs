using Egide.Core.Audit;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Egide.Core.Tests.Data;

/// <summary>
/// Databases made by version 1 (tests/fixtures/v1) are upgraded by the current migrations and keep
/// every row: the promise that an upgrade never loses data.
/// </summary>
public sealed class MigrationUpgradeTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "v1");

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Migrate_Version1Database_KeepsItsRows(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await LoadVersion1(database);

        await using (var db = database.CreateDb())
        {
            var applied = await DatabaseSetup.MigrateAsync(db, TestContext.Current.CancellationToken);
            Assert.DoesNotContain(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        }

        await using var read = database.CreateDb();
        Assert.Equal(15, await read.Organizations.CountAsync(TestContext.Current.CancellationToken));
        var blangy = await read.Organizations.SingleAsync(o => o.Siren == "216207530", TestContext.Current.CancellationToken);
        Assert.Equal("Commune de Saint-Laurent-Blangy", blangy.Name);
        Assert.Equal(OrganizationKind.Commune, blangy.Kind);
        Assert.Equal("62753", blangy.InseeCode);
        Assert.Equal(DpoKind.External, blangy.Dpo.Kind);
        Assert.NotNull(blangy.Dpo.ExternalOrganizationId);
        Assert.Equal("Marie Delcourt", Assert.Single(blangy.Referents).Name);
        Assert.Equal("Jean Dufour", Assert.Single(blangy.Contacts).Name);
        Assert.Equal(13, await read.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"PrivacyReferents\"").SingleAsync(TestContext.Current.CancellationToken));

        // The audit trail starts empty on an upgraded database: the rows it already held were never audited.
        Assert.Empty(await read.AuditEntries.ToListAsync(TestContext.Current.CancellationToken));

        // The upgraded database takes new rows as well (sequences and constraints intact), audited from the first.
        var created = await new CreateOrganization.Handler(read, TestClock.At(2026, 11, 23))
            .Handle(CreateOrganizationSample(), TestContext.Current.CancellationToken);
        Assert.True(created.IsSuccess, created.Failure?.ToString());
        var entry = await read.AuditEntries.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal((1L, AuditActions.Created, created.Value), (entry.Sequence, entry.Action, entry.OrganizationId!.Value));
        Assert.True((await AuditVerifier.VerifyAsync(read, TestContext.Current.CancellationToken)).IsIntact);
    }

    private static OrganizationInput CreateOrganizationSample() => new()
    {
        Kind = OrganizationKind.Commune,
        Name = "Commune de Lens",
        Siren = "216204982",
        Referents = [new() { Name = "Référent", Email = "rgpd@lens.example" }],
    };

    private static async Task LoadVersion1(TestDatabase database)
    {
        if (database.Provider == Db.Sqlite)
        {
            File.Copy(Path.Combine(Fixtures, "egide-v1.sqlite"), database.Settings.SqlitePath);
            return;
        }
        var dump = await File.ReadAllTextAsync(Path.Combine(Fixtures, "egide-v1.postgres.sql"), TestContext.Current.CancellationToken);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(dump, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
