using Egide.Core.Common;
using Egide.Core.Deadlines;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Organizations;

public sealed class CreateOrganizationTests
{
    private static readonly TestClock Clock = TestClock.At(2026, 11, 23, 13, 5);

    internal static OrganizationInput Commune(string name = "Commune de Tilloy-lès-Mofflaines", string? siren = "216208173") => new()
    {
        Kind = OrganizationKind.Commune,
        Name = name,
        Siren = siren,
        InseeCode = "62817",
        Population = 1624,
        PopulationYear = 2021,
        Address = new() { Street = "1 place de la Mairie", PostalCode = "62217", City = "Tilloy-lès-Mofflaines" },
        Dpo = new() { Kind = DpoKind.Internal, PersonName = "Alice Martin", Email = "dpo@tilloy.example" },
        Referents = [new() { Name = "Bruno Petit", Service = "Accueil", Email = "rgpd@tilloy.example" }],
        Contacts = [new() { Name = "Chloé Roux", Role = "DGS", Phone = "03 21 00 00 99" }],
    };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_ValidInput_SavesEveryField(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Guid id;
        await using (var db = database.CreateDb())
        {
            var result = await new CreateOrganization.Handler(db, Clock).Handle(Commune(), TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
            id = result.Value;
        }

        await using var read = database.CreateDb();
        var saved = await read.Organizations.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(id, saved.Id);
        Assert.Equal("Commune de Tilloy-lès-Mofflaines", saved.Name);
        Assert.Equal("commune de tilloy-les-mofflaines", saved.SearchName);
        Assert.Equal("216208173", saved.Siren);
        Assert.Equal(1624, saved.Population);
        Assert.Equal("62217", saved.Address.PostalCode);
        Assert.Equal(DpoKind.Internal, saved.Dpo.Kind);
        Assert.Equal("Alice Martin", saved.Dpo.PersonName);
        Assert.Equal("rgpd@tilloy.example", Assert.Single(saved.Referents).Email);
        Assert.Equal("03 21 00 00 99", Assert.Single(saved.Contacts).Phone);
        Assert.Equal(Clock.Now.UtcDateTime, saved.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, saved.CreatedAt.Kind);
        Assert.Equal(1, saved.Version);
    }

    [Theory]
    [InlineData(Db.Sqlite, "62817", "62217", null, HolidayCalendar.Standard)]        // Pas-de-Calais
    [InlineData(Db.Sqlite, "57463", "57000", null, HolidayCalendar.AlsaceMoselle)]   // Metz, Moselle
    [InlineData(Db.Postgres, null, "67000", null, HolidayCalendar.AlsaceMoselle)]    // Strasbourg, by its postal code
    [InlineData(Db.Postgres, "68224", "68100", HolidayCalendar.Standard, HolidayCalendar.Standard)] // Mulhouse, chosen by hand
    public async Task Handle_HolidayCalendar_FromTheDepartmentUnlessChosen(Db provider, string? insee, string postalCode, HolidayCalendar? chosen, HolidayCalendar expected)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var input = Commune(siren: null);
        input.InseeCode = insee;
        input.Address.PostalCode = postalCode;
        input.HolidayCalendar = chosen;
        await using (var db = database.CreateDb())
        {
            var result = await new CreateOrganization.Handler(db, Clock).Handle(input, TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
        }

        await using var read = database.CreateDb();
        Assert.Equal(expected, (await read.Organizations.SingleAsync(TestContext.Current.CancellationToken)).HolidayCalendar);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_InvalidInput_NothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();
        var input = Commune(siren: "216208174");
        input.Population = -3;

        var result = await new CreateOrganization.Handler(db, Clock).Handle(input, TestContext.Current.CancellationToken);

        var failure = Assert.IsType<ValidationFailure>(result.Failure);
        Assert.True(failure.Errors.ContainsKey("Siren"));
        Assert.True(failure.Errors.ContainsKey("Population"));
        Assert.Equal(0, await db.Organizations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_SirenAlreadyUsed_RefusedWithTheHolderName(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();
        var handler = new CreateOrganization.Handler(db, Clock);
        Assert.True((await handler.Handle(Commune(), TestContext.Current.CancellationToken)).IsSuccess);

        var second = await handler.Handle(Commune("Une autre commune"), TestContext.Current.CancellationToken);

        var failure = Assert.IsType<ValidationFailure>(second.Failure);
        Assert.Contains("Commune de Tilloy-lès-Mofflaines", Assert.Single(failure.Errors["Siren"]), StringComparison.Ordinal);
        Assert.Equal(1, await db.Organizations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_SameSirenSavedConcurrently_UniqueIndexKeepsOne(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = database.CreateDb();
        await using var second = database.CreateDb();
        // Both checks run before either save: only the unique index can stop the second one.
        first.Organizations.Add(NewEntity("216208173"));
        second.Organizations.Add(NewEntity("216208173"));
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.True(Core.Data.DbErrors.IsUniqueViolation(error));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_ExternalDpoBodyUnknown_Refused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();
        var input = Commune();
        input.Dpo = new() { Kind = DpoKind.External, ExternalOrganizationId = Guid.NewGuid(), Email = "dpo@cdg62.example" };

        var result = await new CreateOrganization.Handler(db, Clock).Handle(input, TestContext.Current.CancellationToken);

        Assert.True(Assert.IsType<ValidationFailure>(result.Failure).Errors.ContainsKey("Dpo.ExternalOrganizationId"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_ExternalDpoBodyInEgide_Linked(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();
        var handler = new CreateOrganization.Handler(db, Clock);
        var cdg = (await handler.Handle(new OrganizationInput { Kind = OrganizationKind.ManagementCentre, Name = "CDG 62" }, TestContext.Current.CancellationToken)).Value;
        var input = Commune();
        input.Dpo = new() { Kind = DpoKind.External, ExternalOrganizationId = cdg, PersonName = "Claire Vasseur", Email = "dpo@cdg62.example" };

        var id = (await handler.Handle(input, TestContext.Current.CancellationToken)).Value;

        var details = await new GetOrganization.Handler(db).Handle(id, TestContext.Current.CancellationToken);
        Assert.Equal(cdg, details!.Organization.Dpo.ExternalOrganizationId);
        Assert.Equal("CDG 62", details.ExternalDpoName);
    }

    private static Organization NewEntity(string siren) => new()
    {
        Kind = OrganizationKind.Commune,
        Name = "Commune " + Guid.NewGuid(),
        SearchName = "commune",
        Siren = siren,
        Version = 1,
    };
}
