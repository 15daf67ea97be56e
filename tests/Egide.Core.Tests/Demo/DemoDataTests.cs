using Egide.Core.Demo;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Demo;

public sealed class DemoDataTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_EmptyDatabase_AddsTheBodiesOfTheSourceDocuments(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();

        var added = await new DemoData(db, TestClock.At(2026, 11, 23)).SeedAsync(TestContext.Current.CancellationToken);

        var names = await db.Organizations.Select(o => o.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(names.Count, added);
        Assert.Contains("Région Hauts-de-France", names);
        foreach (var departement in new[] { "du Nord", "du Pas-de-Calais", "de la Somme", "de l'Oise", "de l'Aisne" })
        {
            Assert.Contains("Département " + departement, names);
        }
        Assert.Contains(DemoData.ManagementCentreName, names);
        Assert.Contains(names, n => n.Contains("SDIS", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("DIPN 62", StringComparison.Ordinal));
        var blangy = await db.Organizations.SingleAsync(o => o.Siren == "216207530", TestContext.Current.CancellationToken);
        Assert.Equal("Commune de Saint-Laurent-Blangy", blangy.Name);
        Assert.Contains(await db.Organizations.Select(o => o.Kind).Distinct().ToListAsync(TestContext.Current.CancellationToken), k => k == OrganizationKind.SocialActionCentre);
        Assert.Contains(await db.Organizations.Select(o => o.Kind).Distinct().ToListAsync(TestContext.Current.CancellationToken), k => k == OrganizationKind.Epci);

        // The CDG is the external DPO of the communes it serves.
        var cdgId = await db.Organizations.Where(o => o.Name == DemoData.ManagementCentreName).Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(cdgId, blangy.Dpo.ExternalOrganizationId);
        Assert.All(await db.Organizations.Where(o => o.Siren != null).Select(o => o.Siren!).ToListAsync(TestContext.Current.CancellationToken),
            siren => Assert.True(Siren.HasValidCheckDigit(siren), siren));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_SecondTime_AddsNothing(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();
        var demo = new DemoData(db, TestClock.At(2026, 11, 23));
        var first = await demo.SeedAsync(TestContext.Current.CancellationToken);

        var second = await demo.SeedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, second);
        Assert.Equal(first, await db.Organizations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_DemoSirenAlreadyTakenUnderAnotherName_SkipsIt(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();
        var clock = TestClock.At(2026, 11, 23);
        await new CreateOrganization.Handler(db, clock).Handle(
            new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Mairie de Saint-Laurent-Blangy", Siren = "216207530" },
            TestContext.Current.CancellationToken);

        await new DemoData(db, clock).SeedAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Mairie de Saint-Laurent-Blangy",
            await db.Organizations.Where(o => o.Siren == "216207530").Select(o => o.Name).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Commune d'Arras", await db.Organizations.Select(o => o.Name).ToListAsync(TestContext.Current.CancellationToken));
    }
}
