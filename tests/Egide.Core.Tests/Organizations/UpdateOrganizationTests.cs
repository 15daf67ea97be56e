using Egide.Core.Common;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Organizations;

public sealed class UpdateOrganizationTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_CurrentVersion_ReplacesFieldsAndLists(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 3, 29, 0, 30); // the night of the change to summer time
        var id = await Create(database, clock);
        clock.Advance(TimeSpan.FromHours(2));

        var input = CreateOrganizationTests.Commune();
        input.Name = "Commune de Tilloy-lès-Mofflaines (mairie)";
        input.Referents = [new() { Name = "Nouveau référent", Email = "nouveau@tilloy.example" }, new() { Name = "Second", Email = "second@tilloy.example" }];
        input.Contacts = [];
        await using (var db = database.CreateDb())
        {
            var result = await new UpdateOrganization.Handler(db, clock).Handle(new(id, 1, input), TestContext.Current.CancellationToken);
            Assert.Equal(2, result.Value);
        }

        await using var read = database.CreateDb();
        var saved = await read.Organizations.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("Commune de Tilloy-lès-Mofflaines (mairie)", saved.Name);
        Assert.Equal(["Nouveau référent", "Second"], saved.Referents.Select(r => r.Name).Order());
        Assert.Empty(saved.Contacts);
        Assert.Equal(2, saved.Version);
        Assert.Equal(clock.Now.UtcDateTime, saved.UpdatedAt);
        Assert.Equal(TimeSpan.FromHours(2), saved.UpdatedAt - saved.CreatedAt);
        // The replaced rows are deleted, not left behind.
        var rows = await read.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"PrivacyReferents\"")
            .SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, rows);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_StaleVersion_ConflictAndNothingOverwritten(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23);
        var id = await Create(database, clock);
        await using (var db = database.CreateDb())
        {
            var first = CreateOrganizationTests.Commune();
            first.Name = "Première modification";
            Assert.True((await new UpdateOrganization.Handler(db, clock).Handle(new(id, 1, first), TestContext.Current.CancellationToken)).IsSuccess);
        }

        await using (var db = database.CreateDb())
        {
            var stale = CreateOrganizationTests.Commune();
            stale.Name = "Modification sur une version périmée";
            var result = await new UpdateOrganization.Handler(db, clock).Handle(new(id, 1, stale), TestContext.Current.CancellationToken);
            Assert.Equal(UpdateOrganization.StaleMessage, Assert.IsType<ConflictFailure>(result.Failure).Message);
        }

        await using var read = database.CreateDb();
        Assert.Equal("Première modification", (await read.Organizations.SingleAsync(TestContext.Current.CancellationToken)).Name);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_ConcurrentSavesOfTheSameVersion_SecondIsConflict(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23);
        var id = await Create(database, clock);
        await using var first = database.CreateDb();
        await using var second = database.CreateDb();
        var a = await first.Organizations.SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        var b = await second.Organizations.SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        a.Name = "A";
        a.Version = 2;
        b.Name = "B";
        b.Version = 2;
        await first.SaveChangesAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_UnknownId_NotFound(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateDb();
        var result = await new UpdateOrganization.Handler(db, TestClock.At(2026, 11, 23))
            .Handle(new(Guid.NewGuid(), 1, CreateOrganizationTests.Commune()), TestContext.Current.CancellationToken);
        Assert.IsType<NotFoundFailure>(result.Failure);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_OwnSirenKept_NotADuplicate(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23);
        var id = await Create(database, clock);
        await using var db = database.CreateDb();
        var result = await new UpdateOrganization.Handler(db, clock).Handle(new(id, 1, CreateOrganizationTests.Commune()), TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_ItselfAsExternalDpo_Refused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23);
        var id = await Create(database, clock);
        await using var db = database.CreateDb();
        var input = CreateOrganizationTests.Commune();
        input.Dpo = new() { Kind = DpoKind.External, ExternalOrganizationId = id, Email = "dpo@tilloy.example" };
        var result = await new UpdateOrganization.Handler(db, clock).Handle(new(id, 1, input), TestContext.Current.CancellationToken);
        Assert.True(Assert.IsType<ValidationFailure>(result.Failure).Errors.ContainsKey("Dpo.ExternalOrganizationId"));
    }

    private static async Task<Guid> Create(TestDatabase database, TimeProvider clock)
    {
        await using var db = database.CreateDb();
        return (await new CreateOrganization.Handler(db, clock).Handle(CreateOrganizationTests.Commune(), TestContext.Current.CancellationToken)).Value;
    }
}
