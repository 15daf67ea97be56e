using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Data;

public sealed class TenancyTests
{
    private static readonly TestClock Clock = TestClock.At(2026, 11, 23, 9);

    internal static async Task<Guid> OrganizationAsync(TestDatabase database, string name, bool withReferent = true)
    {
        await using var db = database.CreateDb(Clock);
        var input = new OrganizationInput
        {
            Kind = OrganizationKind.Commune,
            Name = name,
            Referents = withReferent ? [new() { Name = "Bruno Petit", Service = "Accueil", Email = "rgpd@commune.example" }] : [],
        };
        return (await new CreateOrganization.Handler(db, Clock).Handle(input, CancellationToken.None)).Value;
    }

    private static async Task<Guid> ActivityAsync(TestDatabase database, Guid organization, string reference)
    {
        await using var db = database.CreateDb(Clock);
        db.UseOrganization(organization);
        var result = await new CreateProcessingActivity.Handler(db, database.Settings, Clock)
            .Handle(new ActivityInput { Reference = reference, Name = "Gestion de la paie" }, RegisterActor.System, CancellationToken.None);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
        return result.Value;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Query_OwnedRows_OnlyThoseOfTheContextsOrganization(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var achicourt = await OrganizationAsync(database, "Commune d'Achicourt");
        var beaurains = await OrganizationAsync(database, "Commune de Beaurains");
        var ours = await ActivityAsync(database, achicourt, "RH-001");
        var theirs = await ActivityAsync(database, beaurains, "RH-001");

        await using var db = database.CreateDb();
        db.UseOrganization(achicourt);
        Assert.Equal(ours, Assert.Single(await db.ProcessingActivities.Select(a => a.Id).ToListAsync(ct)));
        Assert.Null(await db.ProcessingActivities.FirstOrDefaultAsync(a => a.Id == theirs, ct));
        Assert.All(await db.ActivityVersions.ToListAsync(ct), v => Assert.Equal(achicourt, v.OrganizationId));
        Assert.All(await db.RegisterAlerts.ToListAsync(ct), a => Assert.Equal(achicourt, a.OrganizationId));

        // Across organisations only where the code says so by name.
        var all = await db.ProcessingActivities.IgnoreQueryFilters([Tenancy.FilterName]).Select(a => a.Id).ToListAsync(ct);
        Assert.Equal([ours, theirs], all.Order());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Query_ContextWithoutOrganization_SeesNoOwnedRow(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var achicourt = await OrganizationAsync(database, "Commune d'Achicourt");
        await ActivityAsync(database, achicourt, "RH-001");

        await using var db = database.CreateDb();
        Assert.Equal(Guid.Empty, db.TenantOrganizationId);
        Assert.Empty(await db.ProcessingActivities.ToListAsync(ct));
        Assert.Empty(await db.ActivityVersions.ToListAsync(ct));
        Assert.Equal(0, await db.RegisterAlerts.CountAsync(ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Save_RowOfAnotherOrganization_RefusedAndNothingWritten(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var achicourt = await OrganizationAsync(database, "Commune d'Achicourt");
        var beaurains = await OrganizationAsync(database, "Commune de Beaurains");
        var theirs = await ActivityAsync(database, beaurains, "RH-001");

        await using (var db = database.CreateDb())
        {
            db.UseOrganization(achicourt);
            db.ProcessingActivities.Add(new ProcessingActivity { OrganizationId = beaurains, Reference = "X-1", Name = "Intrus" });
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(ct));
        }
        await using (var db = database.CreateDb())
        {
            // Found by name across organisations, then changed from a context working elsewhere.
            db.UseOrganization(achicourt);
            var row = await db.ProcessingActivities.IgnoreQueryFilters([Tenancy.FilterName]).SingleAsync(a => a.Id == theirs, ct);
            row.Name = "Changé d'ailleurs";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(ct));
        }
        await using (var db = database.CreateDb())
        {
            db.ProcessingActivities.Add(new ProcessingActivity { OrganizationId = beaurains, Reference = "X-2", Name = "Sans organisme" });
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(ct));
        }

        await using var read = database.CreateDb();
        var names = await read.ProcessingActivities.IgnoreQueryFilters([Tenancy.FilterName]).Select(a => a.Name).ToListAsync(ct);
        Assert.Equal(["Gestion de la paie"], names);
    }

    /// <summary>A new table with an organisation column must take a side: owned (filtered) or named here.</summary>
    [Fact]
    public void Model_EveryTableWithAnOrganizationId_IsOwnedOrListedAsTheSourceOfScope()
    {
        string[] notOwned = ["Membership", "ApiToken", "AuditEntry", "OutboxMessage", "Organization", "PrivacyReferent", "OrganizationContact"];
        using var db = new SqliteEgideDb(EgideDbFactory.Sqlite("Data Source=:memory:"));
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned()))
        {
            var owned = typeof(IOrganizationOwned).IsAssignableFrom(type.ClrType);
            if (owned)
            {
                Assert.Contains(type.GetDeclaredQueryFilters(), f => f.Key == Tenancy.FilterName);
            }
            else if (type.FindProperty("OrganizationId") is not null)
            {
                Assert.Contains(type.ClrType.Name, notOwned);
            }
        }
    }
}
