using System.Globalization;
using Egide.Core.Account;
using Egide.Core.Deadlines;
using Egide.Core.Mail;
using Egide.Core.Privacy.Breaches;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Deadlines;

/// <summary>Reminders of requests (7 and 2 days) and breaches (24, 48, 66 hours): once each, to the right people.</summary>
public sealed class DeadlineRemindersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTime Utc(string iso) =>
        DateTime.ParseExact(iso, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static TestClock ClockAt(string iso) => new(new DateTimeOffset(Utc(iso)));

    /// <summary>An organisation with a DPO; the request's due date is Monday 30/11/2026.</summary>
    private static async Task<(TestDatabase Database, Guid Organization, Guid Request)> RequestSetUpAsync(Db provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        await DeadlineData.MemberAsync(database, organization, "dpo@agny.example", OrganizationRoles.Dpo, "Claire Lefebvre");
        var request = await DeadlineData.RequestAsync(database, organization, "DD-2026-001", new DateOnly(2026, 11, 30));
        return (database, organization, request.Id);
    }

    private static async Task<int> RunAsync(TestDatabase database, Guid organization, TimeProvider clock)
    {
        await using var db = database.CreateDb(clock);
        db.UseOrganization(organization);
        return await new DeadlineReminders.Handler(db, database.Settings, clock).Handle(Ct);
    }

    private static async Task<List<OutboxMessage>> MailsAsync(TestDatabase database)
    {
        await using var db = database.CreateDb();
        return [.. (await db.OutboxMessages.AsNoTracking().ToListAsync(Ct)).OrderBy(m => m.CreatedAt).ThenBy(m => m.To, StringComparer.Ordinal).ThenBy(m => m.Key, StringComparer.Ordinal)];
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Request_SevenThenTwoDaysBefore_OneReminderEach(Db provider)
    {
        var (database, organization, request) = await RequestSetUpAsync(provider);
        await using var _ = database;
        // 22/11 at 23 h 59 in Paris (UTC+1): 8 days before, nothing yet.
        var clock = ClockAt("2026-11-22 22:59");
        Assert.Equal(0, await RunAsync(database, organization, clock));

        clock.Advance(TimeSpan.FromMinutes(1)); // 23/11 at 0 h 00 in Paris (still the 22nd in UTC): 7 days before
        Assert.Equal(1, await RunAsync(database, organization, clock));
        Assert.Equal(0, await RunAsync(database, organization, clock)); // twice: once
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await RunAsync(database, organization, clock)); // 5 days before: still the 7-day one

        clock.Now = new DateTimeOffset(Utc("2026-11-27 23:00")); // 28/11 at 0 h 00 in Paris: 2 days before
        Assert.Equal(1, await RunAsync(database, organization, clock));
        Assert.Equal(0, await RunAsync(database, organization, clock));
        clock.Advance(TimeSpan.FromDays(3)); // overdue: nothing more, both steps were sent
        Assert.Equal(0, await RunAsync(database, organization, clock));

        var mails = await MailsAsync(database);
        Assert.Equal([$"reminder:request-{request:D}:20261130:7d:dpo@agny.example", $"reminder:request-{request:D}:20261130:2d:dpo@agny.example"],
            mails.Select(m => m.Key));
        Assert.All(mails, m => Assert.Equal(("dpo@agny.example", (Guid?)organization), (m.To, m.OrganizationId)));
        Assert.Equal("Demande DD-2026-001 : réponse due le 30/11/2026 (dans 7 jours)", mails[0].Subject);
        Assert.Equal("Demande DD-2026-001 : réponse due le 30/11/2026 (dans 2 jours)", mails[1].Subject);
        Assert.Contains("Bonjour Claire Lefebvre,", mails[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("Réponse due – demande d'accès DD-2026-001 (Commune d'Agny) : la réponse à la personne est due le 30/11/2026, soit dans 7 jours.", mails[0].TextBody, StringComparison.Ordinal);
        Assert.Contains($"http://localhost:5080/demandes/{request:D}", mails[0].TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Jeanne Martin", mails[0].TextBody, StringComparison.Ordinal); // never the person's name
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Request_RecordedLate_OnlyTheTwoDayReminder(Db provider)
    {
        var (database, organization, request) = await RequestSetUpAsync(provider);
        await using var _ = database;
        var clock = ClockAt("2026-11-29 09:00"); // the day before

        Assert.Equal(1, await RunAsync(database, organization, clock));
        Assert.Equal(0, await RunAsync(database, organization, clock));

        var mail = Assert.Single(await MailsAsync(database));
        Assert.Equal($"reminder:request-{request:D}:20261130:2d:dpo@agny.example", mail.Key);
        Assert.Equal("Demande DD-2026-001 : réponse due le 30/11/2026 (dans 1 jour)", mail.Subject);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Request_Extended_NewDueDateGetsItsOwnReminders(Db provider)
    {
        var (database, organization, request) = await RequestSetUpAsync(provider);
        await using var _ = database;
        var clock = ClockAt("2026-11-28 09:00");
        Assert.Equal(1, await RunAsync(database, organization, clock)); // 2 days before 30/11

        await DeadlineData.ExtendAsync(database, organization, request, 2); // now due 30/01/2027
        Assert.Equal(0, await RunAsync(database, organization, clock));
        clock.Now = new DateTimeOffset(Utc("2027-01-23 09:00"));
        Assert.Equal(1, await RunAsync(database, organization, clock));
        clock.Now = new DateTimeOffset(Utc("2027-01-28 09:00"));
        Assert.Equal(1, await RunAsync(database, organization, clock));

        Assert.Equal(
            [$"reminder:request-{request:D}:20261130:2d:dpo@agny.example", $"reminder:request-{request:D}:20270130:7d:dpo@agny.example",
                $"reminder:request-{request:D}:20270130:2d:dpo@agny.example"],
            (await MailsAsync(database)).Select(m => m.Key));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Breach_24_48_66Hours_OneReminderAtEachMark(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        await DeadlineData.MemberAsync(database, organization, "dpo@agny.example", OrganizationRoles.Dpo);
        // Aware on Monday 23/11/2026 at 14 h 05 in Paris (13:05 UTC): due on Thursday 26/11 at 14 h 05.
        var breach = await DeadlineData.BreachAsync(database, organization, "VD-2026-001", Utc("2026-11-23 13:05"));
        var clock = ClockAt("2026-11-24 13:04"); // 23 h 59

        Assert.Equal(0, await RunAsync(database, organization, clock));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunAsync(database, organization, clock));
        Assert.Equal(0, await RunAsync(database, organization, clock));
        clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(1, await RunAsync(database, organization, clock));
        clock.Advance(TimeSpan.FromHours(17) + TimeSpan.FromMinutes(59));
        Assert.Equal(0, await RunAsync(database, organization, clock));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunAsync(database, organization, clock));
        clock.Advance(TimeSpan.FromHours(10)); // overdue, not notified: nothing more
        Assert.Equal(0, await RunAsync(database, organization, clock));

        var mails = await MailsAsync(database);
        Assert.Equal(
            [$"reminder:breach-{breach.Id:D}:202611261305:24h:dpo@agny.example", $"reminder:breach-{breach.Id:D}:202611261305:48h:dpo@agny.example",
                $"reminder:breach-{breach.Id:D}:202611261305:66h:dpo@agny.example"],
            mails.Select(m => m.Key));
        Assert.Equal("Violation VD-2026-001 : 24 heures écoulées, notification à la CNIL due le 26/11/2026 à 14 h 05 (reste 48 h 00 min)", mails[0].Subject);
        Assert.Equal("Violation VD-2026-001 : 48 heures écoulées, notification à la CNIL due le 26/11/2026 à 14 h 05 (reste 24 h 00 min)", mails[1].Subject);
        Assert.Equal("Violation VD-2026-001 : 66 heures écoulées, notification à la CNIL due le 26/11/2026 à 14 h 05 (reste 6 h 00 min)", mails[2].Subject);
        Assert.Contains($"http://localhost:5080/violations/{breach.Id:D}", mails[1].TextBody, StringComparison.Ordinal);
        Assert.Contains("Commune d'Agny a eu connaissance de la violation de données VD-2026-001", mails[1].TextBody, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Breach_WorkerDownUntil70Hours_OnlyThe66HourReminder(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        await DeadlineData.MemberAsync(database, organization, "dpo@agny.example", OrganizationRoles.Dpo);
        var breach = await DeadlineData.BreachAsync(database, organization, "VD-2026-001", Utc("2026-11-23 13:05"));
        var clock = ClockAt("2026-11-26 11:05"); // 70 h

        Assert.Equal(1, await RunAsync(database, organization, clock));
        Assert.Equal(0, await RunAsync(database, organization, clock));

        var mail = Assert.Single(await MailsAsync(database));
        Assert.Equal($"reminder:breach-{breach.Id:D}:202611261305:66h:dpo@agny.example", mail.Key);
        Assert.EndsWith("(reste 2 h 00 min)", mail.Subject, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Breach_NotifiedOrNotToNotify_NoMoreReminders(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        await DeadlineData.MemberAsync(database, organization, "dpo@agny.example", OrganizationRoles.Dpo);
        var notified = await DeadlineData.BreachAsync(database, organization, "VD-2026-001", Utc("2026-11-23 13:05"), NotificationDecision.Notify);
        await DeadlineData.BreachAsync(database, organization, "VD-2026-002", Utc("2026-11-23 13:05"), NotificationDecision.DoNotNotify);
        var clock = ClockAt("2026-11-24 14:00");
        Assert.Equal(1, await RunAsync(database, organization, clock)); // 24 h, VD-2026-001 only

        await DeadlineData.NotifyAsync(database, organization, notified.Id, Utc("2026-11-24 15:00"));
        clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(0, await RunAsync(database, organization, clock));

        Assert.Equal([$"reminder:breach-{notified.Id:D}:202611261305:24h:dpo@agny.example"], (await MailsAsync(database)).Select(m => m.Key));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Recipients_ByRole_AdminsOnlyWhenNobodyElse(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var agny = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        await DeadlineData.MemberAsync(database, agny, "dpo@agny.example", OrganizationRoles.Dpo | OrganizationRoles.Admin);
        await DeadlineData.MemberAsync(database, agny, "Referent@Agny.example", OrganizationRoles.PrivacyReferent);
        await DeadlineData.MemberAsync(database, agny, "maire@agny.example", OrganizationRoles.Controller);
        await DeadlineData.MemberAsync(database, agny, "rssi@agny.example", OrganizationRoles.Ciso);
        await DeadlineData.MemberAsync(database, agny, "admin@agny.example", OrganizationRoles.Admin);
        await DeadlineData.MemberAsync(database, agny, "lecteur@agny.example", OrganizationRoles.Reader);
        await DeadlineData.MemberAsync(database, agny, "pas une adresse", OrganizationRoles.Dpo);
        var request = await DeadlineData.RequestAsync(database, agny, "DD-2026-001", new DateOnly(2026, 11, 30));
        var breach = await DeadlineData.BreachAsync(database, agny, "VD-2026-001", Utc("2026-11-23 13:05"));
        // An organisation whose only members are an administrator and a reader.
        var beaurains = await DeadlineData.OrganizationAsync(database, "Commune de Beaurains");
        await DeadlineData.MemberAsync(database, beaurains, "admin@beaurains.example", OrganizationRoles.Admin);
        await DeadlineData.MemberAsync(database, beaurains, "lecteur@beaurains.example", OrganizationRoles.Reader);
        var theirs = await DeadlineData.BreachAsync(database, beaurains, "VD-2026-001", Utc("2026-11-23 13:05"));
        var clock = ClockAt("2026-11-24 14:00");

        Assert.Equal(2 + 4, await RunAsync(database, agny, clock));
        Assert.Equal(1, await RunAsync(database, beaurains, clock));

        var mails = await MailsAsync(database);
        Assert.Equal(["dpo@agny.example", "Referent@Agny.example"],
            mails.Where(m => m.Key!.Contains(request.Id.ToString("D"), StringComparison.Ordinal)).Select(m => m.To).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(["dpo@agny.example", "maire@agny.example", "Referent@Agny.example", "rssi@agny.example"],
            mails.Where(m => m.Key!.Contains(breach.Id.ToString("D"), StringComparison.Ordinal)).Select(m => m.To).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Contains(mails, m => m.Key == $"reminder:request-{request.Id:D}:20261130:7d:referent@agny.example");
        var fallback = Assert.Single(mails, m => m.OrganizationId == beaurains);
        Assert.Equal(("admin@beaurains.example", $"reminder:breach-{theirs.Id:D}:202611261305:24h:admin@beaurains.example"), (fallback.To, fallback.Key));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Tenancy_ARunForOneOrganisationNeverMailsAboutAnother(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var agny = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        var beaurains = await DeadlineData.OrganizationAsync(database, "Commune de Beaurains");
        await DeadlineData.MemberAsync(database, agny, "dpo@agny.example", OrganizationRoles.Dpo);
        // The same person is DPO of both (a CDG's mutualised DPO).
        await using (var db = database.CreateDb())
        {
            var dpo = await db.Users.SingleAsync(u => u.Email == "dpo@agny.example", Ct);
            db.Memberships.Add(new Membership { UserId = dpo.Id, OrganizationId = beaurains, Roles = OrganizationRoles.Dpo });
            await db.SaveChangesAsync(Ct);
        }
        await DeadlineData.RequestAsync(database, beaurains, "DD-2026-001", new DateOnly(2026, 11, 30));
        await DeadlineData.BreachAsync(database, beaurains, "VD-2026-001", Utc("2026-11-23 13:05"));
        var clock = ClockAt("2026-11-25 14:00");

        Assert.Equal(0, await RunAsync(database, agny, clock));
        Assert.Empty(await MailsAsync(database));
        Assert.Equal(2, await RunAsync(database, beaurains, clock));
        Assert.All(await MailsAsync(database), m => Assert.Equal(beaurains, m.OrganizationId));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TwoContexts_SameReminderAtOnce_SavedOnceTheLoserCountsNothing(Db provider)
    {
        var (database, organization, request) = await RequestSetUpAsync(provider);
        await using var _ = database;
        var clock = ClockAt("2026-11-28 09:00");
        await using var first = database.CreateDb(clock);
        await using var second = database.CreateDb(clock);
        first.UseOrganization(organization);
        second.UseOrganization(organization);
        // Both check the key before either saves: the second save meets the unique index.
        var winner = new DeadlineReminders.Handler(first, database.Settings, clock);
        var loser = new DeadlineReminders.Handler(second, database.Settings, clock);
        var deadline = Assert.Single(await OrganizationDeadlines.ListAsync(second, null, Ct));
        Assert.False(await second.IsEnqueuedAsync(DeadlineReminders.Key(deadline, "2d", "dpo@agny.example"), Ct));
        second.Enqueue(new MailDraft("dpo@agny.example", "Déjà", "Déjà en file", Key: DeadlineReminders.Key(deadline, "2d", "dpo@agny.example"), OrganizationId: organization), clock);

        Assert.Equal(1, await winner.Handle(Ct));
        var ex = await Record.ExceptionAsync(() => second.SaveChangesAsync(Ct));
        Assert.True(ex is DbUpdateException e && Core.Data.DbErrors.IsUniqueViolation(e));
        second.ChangeTracker.Clear();
        Assert.Equal(0, await loser.Handle(Ct)); // sees the winner's key

        Assert.Equal([$"reminder:request-{request:D}:20261130:2d:dpo@agny.example"], (await MailsAsync(database)).Select(m => m.Key));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SmtpDown_ReminderWaitsWithItsErrorThenIsDeliveredOnce(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        var dpo = await DeadlineData.MemberAsync(database, organization, TestSmtp.NewRecipient("dpo"), OrganizationRoles.Dpo);
        await DeadlineData.BreachAsync(database, organization, "VD-2026-001", Utc("2026-11-23 13:05"));
        var clock = ClockAt("2026-11-25 13:15"); // 48 h 10 min

        Assert.Equal(1, await RunAsync(database, organization, clock));
        await using (var db = database.CreateDb(clock))
        {
            Assert.Equal(0, await new OutboxSender(db, database.Settings with { Smtp = TestSmtp.Down() }, clock).SendDueAsync(Ct));
        }
        var waiting = Assert.Single(await MailsAsync(database));
        Assert.Null(waiting.SentAt);
        Assert.Equal(1, waiting.Attempts);
        Assert.False(string.IsNullOrEmpty(waiting.LastError));
        Assert.Equal(0, await RunAsync(database, organization, clock)); // waiting in the outbox: not enqueued again

        clock.Advance(OutboxSender.RetryDelay(1));
        await using (var db = database.CreateDb(clock))
        {
            Assert.Equal(1, await new OutboxSender(db, database.Settings with { Smtp = TestSmtp.Settings() }, clock).SendDueAsync(Ct));
        }
        var mail = Assert.Single(await TestSmtp.WaitForAsync(dpo));
        Assert.StartsWith("Violation VD-2026-001 : 48 heures écoulées", mail.Subject, StringComparison.Ordinal);
        Assert.Equal(0, await RunAsync(database, organization, clock)); // sent: not enqueued again
        await using (var db = database.CreateDb(clock))
        {
            Assert.Equal(0, await new OutboxSender(db, database.Settings with { Smtp = TestSmtp.Settings() }, clock).SendDueAsync(Ct));
        }
        Assert.NotNull(Assert.Single(await MailsAsync(database)).SentAt);
        Assert.Single(TestSmtp.Received(dpo));
    }

    [Fact]
    public void Key_VeryLongAddress_StaysWithinTheColumn()
    {
        var deadline = new Deadline(DeadlineKind.BreachNotification, Guid.NewGuid(), "VD-2026-001", "t", Utc("2026-11-26 13:05"), null, 1, DateTime.UtcNow, "/violations/x");
        var email = new string('a', 64) + "@" + new string('b', 180) + ".example";

        var key = DeadlineReminders.Key(deadline, "66h", email);

        Assert.True(key.Length <= OutboxMessage.KeyMaxLength, key);
        Assert.StartsWith($"reminder:breach-{deadline.SubjectId:D}:202611261305:66h:", key, StringComparison.Ordinal);
        Assert.Equal(key, DeadlineReminders.Key(deadline, "66h", email.ToUpperInvariant()));
    }
}
