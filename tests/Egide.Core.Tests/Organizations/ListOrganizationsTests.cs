using Egide.Core.Organizations;
using Egide.Testing;
using Xunit;

namespace Egide.Core.Tests.Organizations;

public sealed class ListOrganizationsTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_Search_IgnoresCaseAndAccents_AndFindsSirenInseeAndPostalCode(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();
        var handler = new CreateOrganization.Handler(db, TestClock.At(2026, 11, 23));
        await handler.Handle(CreateOrganizationTests.Commune(), TestContext.Current.CancellationToken);
        await handler.Handle(new OrganizationInput { Kind = OrganizationKind.Departement, Name = "Département du Pas-de-Calais", Siren = "226200012" }, TestContext.Current.CancellationToken);
        var list = new ListOrganizations.Handler(db);

        async Task<string[]> Names(string search, OrganizationKind? kind = null) =>
            (await list.Handle(new(search, kind), TestContext.Current.CancellationToken)).Items.Select(i => i.Name).ToArray();

        Assert.Equal(["Département du Pas-de-Calais"], await Names("DEPARTEMENT"));
        Assert.Equal(["Commune de Tilloy-lès-Mofflaines"], await Names("tilloy-les"));
        Assert.Equal(["Département du Pas-de-Calais"], await Names("226 200 012"));
        Assert.Equal(["Commune de Tilloy-lès-Mofflaines"], await Names("62817"));
        Assert.Equal(["Commune de Tilloy-lès-Mofflaines"], await Names("62217"));
        Assert.Empty(await Names("tilloy", OrganizationKind.Departement));
        Assert.Equal(2, (await Names("")).Length);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_Pages_SortedByFoldedName_AndClampedToTheLastPage(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();
        var handler = new CreateOrganization.Handler(db, TestClock.At(2026, 11, 23));
        foreach (var name in new[] { "Établissement public Zénith", "Commune d'Arras", "Syndicat des eaux", "Office de tourisme", "École intercommunale" })
        {
            Assert.True((await handler.Handle(new OrganizationInput { Kind = OrganizationKind.Other, Name = name }, TestContext.Current.CancellationToken)).IsSuccess);
        }
        var list = new ListOrganizations.Handler(db);

        var first = await list.Handle(new(Page: 1, PageSize: 2), TestContext.Current.CancellationToken);
        var beyond = await list.Handle(new(Page: 99, PageSize: 2), TestContext.Current.CancellationToken);

        Assert.Equal(5, first.Total);
        Assert.Equal(3, first.PageCount);
        // "École" and "Établissement" sort as "ecole" and "etablissement", not after "Z".
        Assert.Equal(["Commune d'Arras", "École intercommunale"], first.Items.Select(i => i.Name));
        Assert.Equal(3, beyond.PageNumber);
        Assert.Equal(["Syndicat des eaux"], beyond.Items.Select(i => i.Name));
    }
}
