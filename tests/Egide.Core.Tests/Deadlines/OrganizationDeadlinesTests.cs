using System.Globalization;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Requests;
using Egide.Testing;
using Xunit;

namespace Egide.Core.Tests.Deadlines;

/// <summary>The one list of what falls due: open requests and running CNIL clocks, of one organisation, soonest first.</summary>
public sealed class OrganizationDeadlinesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTime Utc(string iso) =>
        DateTime.ParseExact(iso, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ListAsync_All_OpenRequestsAndRunningClocksOnlySoonestFirst(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var agny = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        var beaurains = await DeadlineData.OrganizationAsync(database, "Commune de Beaurains");
        var received = await DeadlineData.RequestAsync(database, agny, "DD-2026-001", new DateOnly(2026, 12, 10));
        var inProgress = await DeadlineData.RequestAsync(database, agny, "DD-2026-002", new DateOnly(2026, 11, 30), RightsRequestStatus.InProgress, RightsRequestKind.Erasure);
        await DeadlineData.RequestAsync(database, agny, "DD-2026-003", new DateOnly(2026, 11, 25), RightsRequestStatus.Answered);
        await DeadlineData.RequestAsync(database, agny, "DD-2026-004", new DateOnly(2026, 11, 25), RightsRequestStatus.Refused);
        var pending = await DeadlineData.BreachAsync(database, agny, "VD-2026-001", Utc("2026-11-23 13:05"));
        var toNotify = await DeadlineData.BreachAsync(database, agny, "VD-2026-002", Utc("2026-11-20 08:00"), NotificationDecision.Notify);
        var notified = await DeadlineData.BreachAsync(database, agny, "VD-2026-003", Utc("2026-11-22 08:00"), NotificationDecision.Notify);
        await DeadlineData.NotifyAsync(database, agny, notified.Id, Utc("2026-11-23 08:00"));
        await DeadlineData.BreachAsync(database, agny, "VD-2026-004", Utc("2026-11-22 08:00"), NotificationDecision.DoNotNotify);
        await DeadlineData.BreachAsync(database, agny, "VD-2026-005", Utc("2026-11-22 08:00"), closedAt: Utc("2026-11-23 08:00"));
        // Another organisation's deadlines are never in the list.
        await DeadlineData.RequestAsync(database, beaurains, "DD-2026-001", new DateOnly(2026, 11, 24));
        await DeadlineData.BreachAsync(database, beaurains, "VD-2026-001", Utc("2026-11-23 08:00"));

        await using var db = database.CreateDb();
        db.UseOrganization(agny);
        var deadlines = await OrganizationDeadlines.ListAsync(db, null, Ct);

        Assert.Equal(["VD-2026-002", "VD-2026-001", "DD-2026-002", "DD-2026-001"], deadlines.Select(d => d.Reference));
        var breach = deadlines[1];
        Assert.Equal((DeadlineKind.BreachNotification, pending.Id, Utc("2026-11-26 13:05"), (DateOnly?)null), (breach.Kind, breach.SubjectId, breach.DueAt, breach.DueDate));
        Assert.Equal($"/violations/{pending.Id:D}", breach.Path);
        Assert.Equal($"breach-{pending.Id:D}", breach.Key);
        Assert.Equal("Notification à la CNIL – violation de données VD-2026-001 (72 heures)", breach.Title);
        var request = deadlines[3];
        Assert.Equal((DeadlineKind.RightsRequestAnswer, received.Id, (DateOnly?)new DateOnly(2026, 12, 10)), (request.Kind, request.SubjectId, request.DueDate));
        Assert.Equal(Utc("2026-12-10 23:00").AddTicks(-1), request.DueAt); // the end of the Paris day (UTC+1 in December)
        Assert.Equal($"/demandes/{received.Id:D}", request.Path);
        Assert.Equal($"request-{received.Id:D}", request.Key);
        Assert.Equal("Réponse due – demande d'effacement DD-2026-002", deadlines[2].Title);
        Assert.Equal(inProgress.Id, deadlines[2].SubjectId);
        Assert.Equal(toNotify.Id, deadlines[0].SubjectId);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ListAsync_ExtendedRequest_TitleSaysSoAndDueDateMoves(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var agny = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        var request = await DeadlineData.RequestAsync(database, agny, "DD-2026-001", new DateOnly(2026, 12, 10));
        await DeadlineData.ExtendAsync(database, agny, request.Id, 2);

        await using var db = database.CreateDb();
        db.UseOrganization(agny);
        var deadline = Assert.Single(await OrganizationDeadlines.ListAsync(db, null, Ct));
        Assert.Equal(new DateOnly(2027, 2, 10), deadline.DueDate);
        Assert.Equal("Réponse due – demande d'accès DD-2026-001 (délai prolongé)", deadline.Title);
        Assert.Equal(2, deadline.Sequence);
    }

    [Theory]
    // A due date is in time until the end of its Paris day: it falls due « by » any instant of that Paris day.
    // 24/11/2026 in Paris runs from 23/11 23:00 UTC to 24/11 23:00 UTC (UTC+1).
    [InlineData("2026-11-23 22:59", false)] // 23 h 59 on the 23rd in Paris
    [InlineData("2026-11-23 23:00", true)]  // 0 h 00 on the 24th in Paris, already the 24th although UTC still says the 23rd
    [InlineData("2026-11-24 12:00", true)]
    [InlineData("2026-11-25 08:00", true)]  // overdue ones stay in
    public async Task ListAsync_DueBefore_ADueDateCountsOnItsParisDay(string limit, bool listed)
    {
        foreach (var provider in new[] { Db.Sqlite, Db.Postgres })
        {
            await using var database = await TestDatabase.CreateAsync(provider);
            var agny = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
            await DeadlineData.RequestAsync(database, agny, "DD-2026-001", new DateOnly(2026, 11, 24));
            await DeadlineData.RequestAsync(database, agny, "DD-2026-002", new DateOnly(2026, 11, 26));

            await using var db = database.CreateDb();
            db.UseOrganization(agny);
            var deadlines = await OrganizationDeadlines.ListAsync(db, Utc(limit), Ct);

            Assert.Equal(listed ? ["DD-2026-001"] : [], deadlines.Select(d => d.Reference));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ListAsync_DueBefore_ABreachCountsAtItsInstant(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var agny = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        await DeadlineData.BreachAsync(database, agny, "VD-2026-001", Utc("2026-11-23 13:05"));

        await using var db = database.CreateDb();
        db.UseOrganization(agny);
        Assert.Empty(await OrganizationDeadlines.ListAsync(db, Utc("2026-11-26 13:04"), Ct));
        Assert.Single(await OrganizationDeadlines.ListAsync(db, Utc("2026-11-26 13:05"), Ct)); // due at 13:05 exactly: in
        Assert.Single(await OrganizationDeadlines.ListAsync(db, Utc("2026-12-26 13:05"), Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ListAsync_NoOrganisation_Nothing(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var agny = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        await DeadlineData.RequestAsync(database, agny, "DD-2026-001", new DateOnly(2026, 11, 24));
        await DeadlineData.BreachAsync(database, agny, "VD-2026-001", Utc("2026-11-23 13:05"));

        await using var db = database.CreateDb(); // not told its organisation: fails closed
        Assert.Empty(await OrganizationDeadlines.ListAsync(db, null, Ct));
    }
}
