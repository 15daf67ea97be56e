using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Demo;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Cli;

public sealed class DemoCommandsTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Seed_AfterMigrateThenAgain_AddsTheDemoBodiesOnceThenNone(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var ct = TestContext.Current.CancellationToken;
        (await CliRunner.RunAsync(database, "db", "migrate")).AssertSuccess();

        var first = await CliRunner.RunAsync(database, "demo", "seed");

        first.AssertSuccess();
        int count;
        await using (var db = database.CreateDb())
        {
            var names = await db.Organizations.Select(o => o.Name).ToListAsync(ct);
            count = names.Count;
            Assert.Contains(DemoData.ManagementCentreName, names);
            Assert.Contains("Région Hauts-de-France", names);
            Assert.Contains("Commune de Saint-Laurent-Blangy", names);
        }
        Assert.Equal($"{FrenchFormat.Number(count)} organismes de démonstration ajoutés.", first.OutLines[0]);
        int activities;
        await using (var db = database.CreateDb())
        {
            activities = await db.ProcessingActivities.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct);
        }
        Assert.True(activities > 0);
        Assert.Equal($"{FrenchFormat.Number(activities)} fiches de registre de démonstration ajoutées.", first.OutLines[1]);
        int casework;
        await using (var db = database.CreateDb())
        {
            casework = await db.RightsRequests.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct)
                + await db.DataBreaches.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct);
        }
        Assert.True(casework > 0);
        Assert.Equal($"{FrenchFormat.Number(casework)} demandes et violations de démonstration ajoutées.", first.OutLines[2]);
        // The demo accounts, with their one-time secrets.
        Assert.StartsWith("Comptes de démonstration", first.OutLines[3], StringComparison.Ordinal);
        Assert.Contains(first.OutLines, l => l.StartsWith("admin@egide.example  mot de passe : ", StringComparison.Ordinal) && l.Contains("clé TOTP : ", StringComparison.Ordinal));
        await using (var db = database.CreateDb())
        {
            Assert.Equal(5, await db.Users.CountAsync(ct));
        }

        var second = await CliRunner.RunAsync(database, "demo", "seed");

        second.AssertSuccess();
        Assert.Equal(3, second.OutLines.Count);
        Assert.StartsWith("Aucun organisme ajouté", second.OutLines[0], StringComparison.Ordinal);
        Assert.StartsWith("Aucune fiche de registre ajoutée", second.OutLines[1], StringComparison.Ordinal);
        Assert.StartsWith("Aucune demande ni violation ajoutée", second.OutLines[2], StringComparison.Ordinal);
        await using (var db = database.CreateDb())
        {
            Assert.Equal(count, await db.Organizations.CountAsync(ct));
            Assert.Equal(activities, await db.ProcessingActivities.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct));
            Assert.Equal(casework, await db.RightsRequests.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct)
                + await db.DataBreaches.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Seed_FreshDatabase_CreatesTheSchemaFirst(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var ct = TestContext.Current.CancellationToken;

        var result = await CliRunner.RunAsync(database, "demo", "seed");

        result.AssertSuccess();
        await using var db = database.CreateDb();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.True(await db.Organizations.AnyAsync(o => o.Name == DemoData.ManagementCentreName, ct));
    }
}
