using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Requests;
using Egide.Testing;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Deadlines;

/// <summary>The calendar addresses' use cases, on both databases: create, revoke, list, and the feed read by its secret.</summary>
public sealed class CalendarFeedsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Org(Guid Id, RegisterActor Referent);

    private static async Task<Org> OrganizationAsync(TestDatabase database, TestClock clock, string name, OrganizationRoles roles = OrganizationRoles.PrivacyReferent)
    {
        var id = await CalendarFeedTestData.OrganizationAsync(database, clock, name);
        var person = await CalendarFeedTestData.PersonAsync(database, id, roles, "referent-" + id.ToString("N")[..8]);
        return new Org(id, new RegisterActor(person, "Bruno Petit", roles));
    }

    private static async Task<Result<CreateCalendarFeed.Created>> CreateAsync(TestDatabase database, TestClock clock, Guid organization, RegisterActor actor, string? label)
    {
        await using var db = database.CreateDb(clock);
        db.UseOrganization(organization);
        return await new CreateCalendarFeed.Handler(db, clock).Handle(new CreateCalendarFeed.Command(label), actor, Ct);
    }

    private static async Task<Result<string>> ReadAsync(TestDatabase database, TestClock clock, string secret)
    {
        await using var db = database.CreateDb(clock);
        return await new ReadCalendarFeed.Handler(db, database.Settings, clock).Handle(secret, Ct);
    }

    private static async Task<Result<CalendarFeed>> RevokeAsync(TestDatabase database, TestClock clock, Guid organization, Guid feed, RegisterActor actor)
    {
        await using var db = database.CreateDb(clock);
        db.UseOrganization(organization);
        return await new RevokeCalendarFeed.Handler(db, clock).Handle(feed, actor, Ct);
    }

    private static Calendar Parse(Result<string> read)
    {
        Assert.True(read.IsSuccess, read.Failure?.ToString());
        return Calendar.Load(read.Value) ?? throw new InvalidOperationException("No calendar");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_LabelMissingOrTooLong_FrenchErrorNothingSaved(Db provider)
    {
        var clock = TestClock.At(2026, 3, 20);
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await OrganizationAsync(database, clock, "Commune d'Achicourt");

        var empty = await CreateAsync(database, clock, org.Id, org.Referent, "  ");
        var tooLong = await CreateAsync(database, clock, org.Id, org.Referent, new string('x', 101));

        Assert.Contains("Donnez un nom à cette adresse", Assert.IsType<ValidationFailure>(empty.Failure).Errors["Label"][0], StringComparison.Ordinal);
        Assert.Equal("Le nom de l'adresse ne doit pas dépasser 100 caractères.", Assert.IsType<ValidationFailure>(tooLong.Failure).Errors["Label"][0]);
        await using var db = database.CreateDb();
        Assert.Empty(await db.CalendarFeeds.IgnoreQueryFilters([Tenancy.FilterName]).ToListAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_Reader_Forbidden(Db provider)
    {
        var clock = TestClock.At(2026, 3, 20);
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await OrganizationAsync(database, clock, "Commune d'Achicourt", OrganizationRoles.Reader);

        var created = await CreateAsync(database, clock, org.Id, org.Referent, "Outlook");

        Assert.IsType<ForbiddenFailure>(created.Failure);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_Valid_SecretReturnedOnceOnlyItsHashAndHintKept(Db provider)
    {
        var clock = TestClock.At(2026, 3, 20);
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await OrganizationAsync(database, clock, "Commune d'Achicourt");

        var created = await CreateAsync(database, clock, org.Id, org.Referent, " Outlook du DPO ");

        Assert.True(created.IsSuccess, created.Failure?.ToString());
        await using var db = database.CreateDb();
        var feed = await db.UseOrganization(org.Id).CalendarFeeds.SingleAsync(Ct);
        Assert.Equal("Outlook du DPO", feed.Label);
        Assert.Equal(CalendarFeed.Hash(created.Value.Secret), feed.SecretHash);
        Assert.Equal(created.Value.Secret[..8], feed.Hint);
        Assert.Equal(org.Referent.UserId, feed.CreatedById);
        Assert.Equal(clock.Now.UtcDateTime, feed.CreatedAt);
        Assert.True(created.Value.Secret.Length >= 43);
        var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(CalendarFeed)).Select(a => a.Changes).ToListAsync(Ct);
        Assert.DoesNotContain(audit, c => c != null && c.Contains(created.Value.Secret, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Read_OpenDeadlines_OneEventEachOtherOrganisationsNever(Db provider)
    {
        var clock = TestClock.At(2026, 3, 27, 9);
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await OrganizationAsync(database, clock, "Commune d'Achicourt");
        var other = await OrganizationAsync(database, clock, "Commune de Beaurains");
        var request = await DeadlineData.RequestAsync(database, org.Id, "DD-2026-001", new DateOnly(2026, 4, 7));
        await DeadlineData.RequestAsync(database, org.Id, "DD-2026-002", new DateOnly(2026, 4, 8), RightsRequestStatus.Answered);
        var breach = await DeadlineData.BreachAsync(database, org.Id, "VD-2026-001", new DateTime(2026, 3, 27, 9, 0, 0, DateTimeKind.Utc));
        await DeadlineData.RequestAsync(database, other.Id, "BEAU-001", new DateOnly(2026, 4, 7));
        await DeadlineData.BreachAsync(database, other.Id, "BEAU-VD-001", new DateTime(2026, 3, 26, 9, 0, 0, DateTimeKind.Utc));
        var secret = (await CreateAsync(database, clock, org.Id, org.Referent, "Outlook")).Value.Secret;

        var read = await ReadAsync(database, clock, secret);

        var calendar = Parse(read);
        Assert.Equal("Échéances – Commune d'Achicourt", calendar.Properties["X-WR-CALNAME"]!.Value);
        Assert.Equal([$"breach-{breach.Id:D}@egide", $"request-{request.Id:D}@egide"], calendar.Events.Select(e => e.Uid).Order(StringComparer.Ordinal));
        var due = calendar.Events.Single(e => e.Uid!.StartsWith("request-", StringComparison.Ordinal));
        Assert.True(due.IsAllDay);
        Assert.Equal(new DateOnly(2026, 4, 7), due.DtStart!.Date);
        var clockEvent = calendar.Events.Single(e => e.Uid!.StartsWith("breach-", StringComparison.Ordinal));
        Assert.Equal(new DateTime(2026, 3, 30, 9, 0, 0, DateTimeKind.Utc), clockEvent.DtEnd!.AsUtc); // 72 real hours, across 29/03
        Assert.DoesNotContain("BEAU", read.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("Jeanne Martin", read.Value, StringComparison.Ordinal);
        Assert.Contains(new Uri(database.Settings.PublicUrl, $"/demandes/{request.Id:D}").AbsoluteUri, read.Value.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Read_RecordChanged_SameUidHigherSequenceNewDate_ClosedOnesGone(Db provider)
    {
        var clock = TestClock.At(2026, 3, 27, 9);
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await OrganizationAsync(database, clock, "Commune d'Achicourt");
        var request = await DeadlineData.RequestAsync(database, org.Id, "DD-2026-001", new DateOnly(2026, 4, 7));
        var breach = await DeadlineData.BreachAsync(database, org.Id, "VD-2026-001", new DateTime(2026, 3, 26, 9, 0, 0, DateTimeKind.Utc));
        var secret = (await CreateAsync(database, clock, org.Id, org.Referent, "Outlook")).Value.Secret;
        var before = Parse(await ReadAsync(database, clock, secret)).Events.Single(e => e.Uid == $"request-{request.Id:D}@egide");

        // The request is extended by two months: its due date moves, its version grows.
        await using (var db = database.CreateDb())
        {
            db.UseOrganization(org.Id);
            var row = await db.RightsRequests.SingleAsync(r => r.Id == request.Id, Ct);
            row.ExtensionMonths = 2;
            row.DueDate = new DateOnly(2026, 6, 8);
            row.Version++;
            row.UpdatedAt = clock.Now.UtcDateTime;
            await db.SaveChangesAsync(Ct);
        }
        var after = Parse(await ReadAsync(database, clock, secret)).Events.Single(e => e.Uid == $"request-{request.Id:D}@egide");

        Assert.Equal(1, before.Sequence);
        Assert.Equal(2, after.Sequence);
        Assert.Equal(new DateOnly(2026, 4, 7), before.DtStart!.Date);
        Assert.Equal(new DateOnly(2026, 6, 8), after.DtStart!.Date);
        Assert.Contains("(délai prolongé)", after.Summary, StringComparison.Ordinal);

        // Answered, and the breach notified: both leave the calendar.
        await using (var db = database.CreateDb())
        {
            db.UseOrganization(org.Id);
            var row = await db.RightsRequests.SingleAsync(r => r.Id == request.Id, Ct);
            row.Status = RightsRequestStatus.Answered;
            row.AnsweredOn = new DateOnly(2026, 3, 27);
            row.Version++;
            db.BreachNotifications.Add(new BreachNotification
            {
                OrganizationId = org.Id, BreachId = breach.Id, Kind = NotificationKind.Complete, NotifiedAt = clock.Now.UtcDateTime,
                Content = "Notification", RecordedAt = clock.Now.UtcDateTime, RecordedByName = "Référent des tests",
            });
            await db.SaveChangesAsync(Ct);
        }
        Assert.Empty(Parse(await ReadAsync(database, clock, secret)).Events);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Read_UnknownRevokedOrCreatorGone_NotFound(Db provider)
    {
        var clock = TestClock.At(2026, 3, 27, 9);
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await OrganizationAsync(database, clock, "Commune d'Achicourt");
        var revoked = (await CreateAsync(database, clock, org.Id, org.Referent, "Outlook")).Value;
        var orphan = (await CreateAsync(database, clock, org.Id, org.Referent, "Thunderbird")).Value;
        Assert.True((await RevokeAsync(database, clock, org.Id, revoked.Id, org.Referent)).IsSuccess);
        // Its creator lost the roles that let them see the casework.
        await using (var db = database.CreateDb())
        {
            var membership = await db.Memberships.SingleAsync(m => m.UserId == org.Referent.UserId, Ct);
            membership.Roles = OrganizationRoles.Reader;
            await db.SaveChangesAsync(Ct);
        }

        Assert.IsType<NotFoundFailure>((await ReadAsync(database, clock, revoked.Secret)).Failure);
        Assert.IsType<NotFoundFailure>((await ReadAsync(database, clock, orphan.Secret)).Failure);
        Assert.IsType<NotFoundFailure>((await ReadAsync(database, clock, CalendarFeed.NewSecret())).Failure);
        Assert.IsType<NotFoundFailure>((await ReadAsync(database, clock, "")).Failure);
        Assert.IsType<NotFoundFailure>((await ReadAsync(database, clock, new string('a', 5000))).Failure);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Read_CisoFeed_BreachesOnly(Db provider)
    {
        var clock = TestClock.At(2026, 3, 27, 9);
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await OrganizationAsync(database, clock, "Commune d'Achicourt", OrganizationRoles.Ciso);
        await DeadlineData.RequestAsync(database, org.Id, "DD-2026-001", new DateOnly(2026, 4, 7));
        var breach = await DeadlineData.BreachAsync(database, org.Id, "VD-2026-001", new DateTime(2026, 3, 26, 9, 0, 0, DateTimeKind.Utc));
        var secret = (await CreateAsync(database, clock, org.Id, org.Referent, "Outlook du RSSI")).Value.Secret;

        var calendar = Parse(await ReadAsync(database, clock, secret));

        Assert.Equal($"breach-{breach.Id:D}@egide", Assert.Single(calendar.Events).Uid);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Read_Repeatedly_LastReadAtWrittenAtMostOnceAnHourOutsideTheAuditTrail(Db provider)
    {
        var clock = TestClock.At(2026, 3, 27, 9);
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await OrganizationAsync(database, clock, "Commune d'Achicourt");
        var created = (await CreateAsync(database, clock, org.Id, org.Referent, "Outlook")).Value;
        async Task<DateTime?> LastReadAsync()
        {
            await using var db = database.CreateDb();
            return (await db.UseOrganization(org.Id).CalendarFeeds.SingleAsync(Ct)).LastReadAt;
        }

        await ReadAsync(database, clock, created.Secret);
        var first = clock.Now.UtcDateTime;
        clock.Advance(TimeSpan.FromMinutes(40));
        await ReadAsync(database, clock, created.Secret);
        Assert.Equal(first, await LastReadAsync());
        clock.Advance(TimeSpan.FromMinutes(25));
        await ReadAsync(database, clock, created.Secret);
        Assert.Equal(clock.Now.UtcDateTime, await LastReadAsync());

        await using var check = database.CreateDb();
        var entries = await check.AuditEntries.Where(a => a.EntityType == nameof(CalendarFeed)).ToListAsync(Ct);
        Assert.Single(entries); // its creation only
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Revoke_CreatorOrAdmin_OthersRefused(Db provider)
    {
        var clock = TestClock.At(2026, 3, 27, 9);
        await using var database = await TestDatabase.CreateAsync(provider);
        var org = await OrganizationAsync(database, clock, "Commune d'Achicourt");
        var dpo = new RegisterActor(await CalendarFeedTestData.PersonAsync(database, org.Id, OrganizationRoles.Dpo, "dpo"), "DPO", OrganizationRoles.Dpo);
        var admin = new RegisterActor(await CalendarFeedTestData.PersonAsync(database, org.Id, OrganizationRoles.Admin, "admin"), "Admin", OrganizationRoles.Admin);
        var first = (await CreateAsync(database, clock, org.Id, org.Referent, "Outlook")).Value;
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = (await CreateAsync(database, clock, org.Id, org.Referent, "Thunderbird")).Value;

        var byDpo = await RevokeAsync(database, clock, org.Id, first.Id, dpo);
        var byCreator = await RevokeAsync(database, clock, org.Id, first.Id, org.Referent);
        clock.Advance(TimeSpan.FromHours(1));
        var again = await RevokeAsync(database, clock, org.Id, first.Id, org.Referent);
        var byAdmin = await RevokeAsync(database, clock, org.Id, second.Id, admin);
        var elsewhere = await RevokeAsync(database, clock, Guid.NewGuid(), second.Id, admin);

        Assert.IsType<ForbiddenFailure>(byDpo.Failure);
        Assert.True(byCreator.IsSuccess);
        Assert.Equal(byCreator.Value.RevokedAt, again.Value.RevokedAt); // the first date is kept
        Assert.True(byAdmin.IsSuccess);
        Assert.IsType<NotFoundFailure>(elsewhere.Failure);
        await using var db = database.CreateDb();
        var listed = await new ListCalendarFeeds.Handler(db.UseOrganization(org.Id)).Handle(Ct);
        Assert.Equal(["Thunderbird", "Outlook"], listed.Select(f => f.Label));
        Assert.All(listed, f => Assert.Equal("révoquée", f.FrenchState));
    }
}
