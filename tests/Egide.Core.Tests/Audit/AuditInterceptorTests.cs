using System.Text.Json.Nodes;
using Egide.Core.Audit;
using Egide.Core.Organizations;
using Egide.Core.Tests.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Egide.Core.Tests.Audit.AuditTestData;

namespace Egide.Core.Tests.Audit;

public sealed class AuditInterceptorTests
{
    private static readonly TestClock Clock = TestClock.At(2026, 11, 23, 10, 15);

    private sealed record Person(Guid? UserId, string Name, string? Via) : IAuditActor;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CreateOrganization_Valid_CreatedEntryWithEveryFieldWhoAndWhen(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var actor = new Person(Guid.CreateVersion7(), "Alice Martin", "web");
        Guid id;
        await using (var db = database.CreateDb(Clock, actor))
        {
            id = (await new CreateOrganization.Handler(db, Clock).Handle(CreateOrganizationTests.Commune(), TestContext.Current.CancellationToken)).Value;
        }

        var entry = Assert.Single(await EntriesAsync(database));
        Assert.Equal(1, entry.Sequence);
        Assert.Equal(Clock.Now.UtcDateTime, entry.At);
        Assert.Equal(DateTimeKind.Utc, entry.At.Kind);
        Assert.Equal(actor.UserId, entry.ActorUserId);
        Assert.Equal("Alice Martin", entry.ActorName);
        Assert.Equal("web", entry.Via);
        Assert.Equal(AuditActions.Created, entry.Action);
        Assert.Equal("Organization", entry.EntityType);
        Assert.Equal(id.ToString("D"), entry.EntityId);
        Assert.Equal(id, entry.OrganizationId);
        Assert.Equal(AuditHash.Genesis, entry.PreviousHash);
        Assert.Equal(AuditHash.Compute(entry), entry.Hash);
        Assert.Matches("^[0-9a-f]{64}$", entry.Hash);

        var changes = Changes(entry);
        Assert.Equal("Commune de Tilloy-lès-Mofflaines", After(changes, "Name"));
        Assert.False(changes["Name"]!.AsObject().ContainsKey("before"));
        Assert.Equal("Commune", After(changes, "Kind"));
        Assert.Equal("216208173", After(changes, "Siren"));
        Assert.Equal(1624, changes["Population"]!["after"]!.GetValue<int>());
        Assert.Equal("62217", After(changes, "Address.PostalCode"));
        Assert.Equal("Internal", After(changes, "Dpo.Kind"));
        Assert.Equal("dpo@tilloy.example", After(changes, "Dpo.Email"));
        var referent = Assert.Single(changes["Referents"]!["after"]!.AsArray())!.AsObject();
        Assert.Equal("Bruno Petit", referent["Name"]!.GetValue<string>());
        Assert.Equal("rgpd@tilloy.example", referent["Email"]!.GetValue<string>());
        Assert.Equal("03 21 00 00 99", Assert.Single(changes["Contacts"]!["after"]!.AsArray())!["Phone"]!.GetValue<string>());
        // The id is the entry's EntityId; empty fields say nothing on a creation; keys of owned rows are technical.
        Assert.False(changes.ContainsKey("Id"));
        Assert.False(changes.ContainsKey("Dpo.ExternalOrganizationId"));
        Assert.DoesNotContain("OrganizationId", changes["Referents"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task UpdateOrganization_Valid_BeforeAndAfterOfTheChangedFieldsOnly(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Guid id;
        await using (var db = database.CreateDb(Clock))
        {
            id = (await new CreateOrganization.Handler(db, Clock).Handle(CreateOrganizationTests.Commune(), TestContext.Current.CancellationToken)).Value;
        }
        var later = TestClock.At(2026, 11, 24, 9, 0);
        var input = CreateOrganizationTests.Commune();
        input.Dpo.Email = "nouveau-dpo@tilloy.example";
        input.Referents.Add(new() { Name = "Zoé Lambert", Email = "zoe@tilloy.example" });
        input.Contacts = [];
        await using (var db = database.CreateDb(later))
        {
            var result = await new UpdateOrganization.Handler(db, later).Handle(new(id, 1, input), TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
        }

        var entries = await EntriesAsync(database);
        Assert.Equal(2, entries.Count);
        var entry = entries[1];
        Assert.Equal(AuditActions.Updated, entry.Action);
        Assert.Equal(id.ToString("D"), entry.EntityId);
        Assert.Equal(id, entry.OrganizationId);
        Assert.Equal(later.Now.UtcDateTime, entry.At);
        Assert.Equal(entries[0].Hash, entry.PreviousHash);
        var changes = Changes(entry);
        Assert.Equal(["Contacts", "Dpo.Email", "Referents", "UpdatedAt", "Version"], changes.Select(c => c.Key).ToList());
        Assert.Equal("dpo@tilloy.example", changes["Dpo.Email"]!["before"]!.GetValue<string>());
        Assert.Equal("nouveau-dpo@tilloy.example", After(changes, "Dpo.Email"));
        Assert.Equal(["Bruno Petit"], Names(changes["Referents"]!["before"]));
        Assert.Equal(["Bruno Petit", "Zoé Lambert"], Names(changes["Referents"]!["after"]));
        Assert.Equal(["Chloé Roux"], Names(changes["Contacts"]!["before"]));
        Assert.Empty(changes["Contacts"]!["after"]!.AsArray());
        Assert.Equal(1, changes["Version"]!["before"]!.GetValue<int>());
        Assert.Equal(2, changes["Version"]!["after"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CreateOrganization_InvalidInput_NothingWritten(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateDb(Clock))
        {
            var input = CreateOrganizationTests.Commune();
            input.Siren = "216208174"; // wrong check digit
            var result = await new CreateOrganization.Handler(db, Clock).Handle(input, TestContext.Current.CancellationToken);
            Assert.False(result.IsSuccess);
        }

        Assert.Empty(await EntriesAsync(database));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Save_RefusedByTheDatabase_NeitherTheRowNorItsEntryNorTheEvent(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 1);
        await using (var db = database.CreateDb(Clock))
        {
            Assert.True((await new CreateOrganization.Handler(db, Clock).Handle(CreateOrganizationTests.Commune(), TestContext.Current.CancellationToken)).IsSuccess);
        }
        await using var second = database.CreateDb(Clock);
        // Past the handler's check, as a concurrent save would be: only the unique index refuses the SIREN.
        var duplicate = NewOrganization("216208173");
        second.Organizations.Add(duplicate);
        AuditTrail.Record(second, AuditEvent.SignInFailed("marie@example.fr", "mot de passe incorrect"));

        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.Equal(2, (await EntriesAsync(database)).Count);
        await using (var read = database.CreateDb())
        {
            Assert.Equal(2, await read.Organizations.CountAsync(TestContext.Current.CancellationToken));
        }

        // The same context, corrected, saves the row, its entry and the event once each, right after the others.
        duplicate.Siren = null;
        await second.SaveChangesAsync(TestContext.Current.CancellationToken);
        var entries = await EntriesAsync(database);
        Assert.Equal([1L, 2, 3, 4], entries.Select(e => e.Sequence));
        Assert.Equal([AuditActions.Created, AuditActions.SignInFailed], entries.Skip(2).Select(e => e.Action));
        Assert.Equal(duplicate.Id.ToString("D"), entries[2].EntityId);
        Assert.True((await VerifyAsync(database)).IsIntact);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Save_InTheCallersTransactionRolledBack_NoEntry(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateDb(Clock))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            Assert.True((await new CreateOrganization.Handler(db, Clock).Handle(CreateOrganizationTests.Commune(), TestContext.Current.CancellationToken)).IsSuccess);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }
        Assert.Empty(await EntriesAsync(database));

        await CreateOrganizationsAsync(database, 1);
        Assert.Equal(1, Assert.Single(await EntriesAsync(database)).Sequence);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Remove_Organization_DeletedEntryWithTheValuesItHad(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Guid id;
        await using (var db = database.CreateDb(Clock))
        {
            id = (await new CreateOrganization.Handler(db, Clock).Handle(CreateOrganizationTests.Commune(), TestContext.Current.CancellationToken)).Value;
        }
        await using (var db = database.CreateDb(Clock))
        {
            db.Organizations.Remove(await db.Organizations.SingleAsync(TestContext.Current.CancellationToken));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var entry = (await EntriesAsync(database))[1];
        Assert.Equal(AuditActions.Deleted, entry.Action);
        Assert.Equal(id.ToString("D"), entry.EntityId);
        Assert.Equal(id, entry.OrganizationId);
        var changes = Changes(entry);
        Assert.Equal("Commune de Tilloy-lès-Mofflaines", changes["Name"]!["before"]!.GetValue<string>());
        Assert.Equal("dpo@tilloy.example", changes["Dpo.Email"]!["before"]!.GetValue<string>());
        Assert.Equal(["Bruno Petit"], Names(changes["Referents"]!["before"]));
        Assert.All(changes, c => Assert.False(c.Value!.AsObject().ContainsKey("after")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Save_OwnedPartReplacedByAnEqualOne_NoEntry(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateDb(Clock))
        {
            Assert.True((await new CreateOrganization.Handler(db, Clock).Handle(CreateOrganizationTests.Commune(), TestContext.Current.CancellationToken)).IsSuccess);
        }
        await using (var db = database.CreateDb(Clock))
        {
            var organization = await db.Organizations.SingleAsync(TestContext.Current.CancellationToken);
            var dpo = organization.Dpo;
            organization.Dpo = new DpoDesignation { Kind = dpo.Kind, PersonName = dpo.PersonName, Email = dpo.Email };
            organization.Referents = organization.Referents.Select(r => new PrivacyReferent { Name = r.Name, Service = r.Service, Email = r.Email }).ToList();
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Assert.Single(await EntriesAsync(database));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Record_Events_WrittenInOrderByTheSameSaveAsTheChange(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var userId = Guid.CreateVersion7();
        await using (var db = database.CreateDb(Clock))
        {
            AuditTrail.Record(db, AuditEvent.SignInFailed("marie.durand@example.fr", "mot de passe incorrect"));
            AuditTrail.Record(db, AuditEvent.SignInSucceeded(userId, "Marie Durand"));
            db.Organizations.Add(NewOrganization(null));
            // The synchronous save audits as the asynchronous one does.
            db.SaveChanges();
        }

        var entries = await EntriesAsync(database);
        Assert.Equal([AuditActions.Created, AuditActions.SignInFailed, AuditActions.SignInSucceeded], entries.Select(e => e.Action));
        Assert.Equal([1L, 2, 3], entries.Select(e => e.Sequence));
        var failed = entries[1];
        Assert.Equal("anonyme", failed.ActorName);
        Assert.Null(failed.ActorUserId);
        Assert.Equal("marie.durand@example.fr", After(Changes(failed), "Email"));
        Assert.Equal("mot de passe incorrect", After(Changes(failed), "Reason"));
        var succeeded = entries[2];
        Assert.Equal(userId, succeeded.ActorUserId);
        Assert.Equal("Marie Durand", succeeded.ActorName);
        Assert.Equal("User", succeeded.EntityType);
        Assert.Equal(userId.ToString("D"), succeeded.EntityId);
        Assert.True((await VerifyAsync(database)).IsIntact);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Save_AnEntryChangedOrRemovedThroughTheContext_Refused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 1);
        await using var db = database.CreateDb();
        var entry = await db.AuditEntries.SingleAsync(TestContext.Current.CancellationToken);

        entry.ActorName = "quelqu'un d'autre";
        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.Contains("append-only", changed.Message, StringComparison.Ordinal);

        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.Equal("système", Assert.Single(await EntriesAsync(database)).ActorName);
    }

    private static string After(JsonObject changes, string field) => changes[field]!["after"]!.GetValue<string>();

    private static List<string> Names(JsonNode? list) => list!.AsArray().Select(r => r!["Name"]!.GetValue<string>()).ToList();

    private static Organization NewOrganization(string? siren) => new()
    {
        Kind = OrganizationKind.Commune,
        Name = "Commune " + Guid.NewGuid(),
        SearchName = "commune",
        Siren = siren,
        Version = 1,
    };
}
