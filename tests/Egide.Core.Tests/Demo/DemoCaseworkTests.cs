using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Demo;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Requests;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Demo;

public sealed class DemoCaseworkTests
{
    private static readonly string[] Bodies = [DemoRegisters.Departement, DemoRegisters.SaintLaurentBlangy, DemoRegisters.Achicourt, DemoRegisters.Ccas];

    private static async Task<int> SeedAsync(TestDatabase database, TimeProvider clock)
    {
        await using var db = database.CreateDb(clock);
        return await new DemoCasework(db, clock).SeedAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The demo bodies, and their registers unless told otherwise (the casework links to their activities).</summary>
    private static async Task<Dictionary<string, Guid>> DemoBodiesAsync(TestDatabase database, TimeProvider clock, bool registers = true)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.CreateDb(clock);
        await new DemoData(db, clock).SeedAsync(ct);
        if (registers)
        {
            await new DemoRegisters(db, database.Settings, clock).SeedAsync(ct);
        }
        return await db.Organizations.Where(o => Bodies.Contains(o.Name)).ToDictionaryAsync(o => o.Name, o => o.Id, ct);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_DemoBodies_RequestsAndBreachesWithLiveDeadlines(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var clock = TestClock.At(2026, 11, 23, 9);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = Periods.ParisDate(now);
        var bodies = await DemoBodiesAsync(database, clock);

        var added = await SeedAsync(database, clock);

        Assert.Equal(9, added);
        await using var db = database.CreateDb(clock);

        db.UseOrganization(bodies[DemoRegisters.Departement]);
        var requests = await db.RightsRequests.AsNoTracking().ToListAsync(ct);
        Assert.Equal(4, requests.Count);
        var access = requests.Single(r => r.Kind == RightsRequestKind.Access);
        Assert.Equal(RightsRequestStatus.InProgress, access.Status);
        Assert.Equal(today.AddDays(-26), access.ReceivedOn);
        Assert.Equal(RightsRequestClock.DueDate(access.ReceivedOn), access.DueDate);
        Assert.InRange(Periods.DaysLeft(access.DueDate, now), 0, DeadlineReminders.RequestReminderDays.Max());
        Assert.NotNull(access.IdentityProofReceivedOn);
        var erasure = requests.Single(r => r.Kind == RightsRequestKind.Erasure);
        Assert.True(erasure.IsOpen);
        Assert.True(Periods.IsPast(erasure.DueDate, now));
        var rectification = requests.Single(r => r.Kind == RightsRequestKind.Rectification);
        Assert.Equal(RightsRequestStatus.InProgress, rectification.Status);
        Assert.Equal(2, rectification.ExtensionMonths);
        Assert.Equal(RightsRequestClock.ExtendedDueDate(rectification.ReceivedOn, 2), rectification.DueDate);
        Assert.True(rectification.ExtensionToldOn <= RightsRequestClock.DueDate(rectification.ReceivedOn));
        Assert.Contains("archives", rectification.ExtensionReason, StringComparison.OrdinalIgnoreCase);
        Assert.False(Periods.IsPast(rectification.DueDate, now));
        var objection = requests.Single(r => r.Kind == RightsRequestKind.Objection);
        Assert.Equal(RightsRequestStatus.Refused, objection.Status);
        Assert.Equal(RefusalReason.ObjectionNotApplicable, objection.RefusalReason);
        Assert.False(string.IsNullOrWhiteSpace(objection.RefusalDetail));
        // Numbered in the order they arrived.
        Assert.Equal(requests.OrderBy(r => r.ReceivedOn).Select(r => r.Reference), requests.OrderBy(r => r.Reference, StringComparer.Ordinal).Select(r => r.Reference));
        Assert.All(requests, r => Assert.EndsWith(".example", r.RequesterEmail ?? ".example", StringComparison.Ordinal));
        var requestLinks = await db.RightsRequestActivities.AsNoTracking().ToListAsync(ct);
        Assert.All(requests, r => Assert.Contains(requestLinks, l => l.RequestId == r.Id));

        var breaches = await db.DataBreaches.AsNoTracking().ToListAsync(ct);
        Assert.Equal(2, breaches.Count);
        var closed = breaches.Single(b => b.IsClosed);
        Assert.Equal(BreachRisk.Risk, closed.Risk);
        Assert.Equal(NotificationDecision.Notify, closed.Decision);
        Assert.Equal(PersonsCommunication.NotRequired, closed.PersonsCommunication);
        Assert.False(string.IsNullOrWhiteSpace(closed.ClosureSummary));
        Assert.Equal(today.AddMonths(-3), Periods.ParisDate(closed.AwareAt));
        var notification = Assert.Single(await db.BreachNotifications.AsNoTracking().ToListAsync(ct));
        Assert.Equal(closed.Id, notification.BreachId);
        Assert.Equal(NotificationKind.Complete, notification.Kind);
        Assert.False(string.IsNullOrWhiteSpace(notification.CnilReference));
        Assert.False(HoursClock.CnilBreach(closed.AwareAt).IsOverdue(notification.NotifiedAt));
        Assert.Null(closed.DelayReason);
        var open = breaches.Single(b => !b.IsClosed);
        Assert.Equal(BreachNature.Availability | BreachNature.Confidentiality, open.Nature);
        Assert.Equal(BreachRisk.HighRisk, open.Risk);
        Assert.Equal(NotificationDecision.Pending, open.Decision);
        var state = BreachClockState.Of(open.AwareAt, open.Decision, null, now);
        Assert.Equal(BreachClockStatus.Running, state.Status);
        Assert.Equal(TimeSpan.FromHours(52), state.Remaining);
        var breachLinks = await db.DataBreachActivities.AsNoTracking().ToListAsync(ct);
        Assert.Equal(2, breachLinks.Count(l => l.BreachId == open.Id));
        Assert.Contains(breachLinks, l => l.BreachId == closed.Id);

        db.UseOrganization(bodies[DemoRegisters.Achicourt]);
        var achicourt = await db.RightsRequests.AsNoTracking().ToListAsync(ct);
        Assert.Equal(2, achicourt.Count);
        var answered = achicourt.Single(r => r.Kind == RightsRequestKind.Access);
        Assert.Equal(RightsRequestStatus.Answered, answered.Status);
        Assert.Equal(today.AddMonths(-2), answered.AnsweredOn);
        var portability = achicourt.Single(r => r.Kind == RightsRequestKind.Portability);
        Assert.Equal(RightsRequestStatus.Received, portability.Status);
        Assert.Equal(today.AddDays(-5), portability.ReceivedOn);
        var laptop = Assert.Single(await db.DataBreaches.AsNoTracking().ToListAsync(ct));
        Assert.Equal(BreachRisk.None, laptop.Risk);
        Assert.Equal(NotificationDecision.DoNotNotify, laptop.Decision);
        Assert.False(string.IsNullOrWhiteSpace(laptop.DecisionReason));
        Assert.True(laptop.IsClosed);
        Assert.Empty(await db.BreachNotifications.ToListAsync(ct));

        // Saint-Laurent-Blangy and its CCAS keep their deadlines to themselves.
        foreach (var name in new[] { DemoRegisters.SaintLaurentBlangy, DemoRegisters.Ccas })
        {
            db.UseOrganization(bodies[name]);
            Assert.False(await db.RightsRequests.AnyAsync(ct), name);
            Assert.False(await db.DataBreaches.AnyAsync(ct), name);
        }
        Assert.Equal(added, await db.RightsRequests.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct)
            + await db.DataBreaches.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_SecondTime_AddsNothing(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var clock = TestClock.At(2026, 11, 23, 9);
        await DemoBodiesAsync(database, clock);
        var first = await SeedAsync(database, clock);
        clock.Advance(TimeSpan.FromDays(1));

        var second = await SeedAsync(database, clock);

        Assert.True(first > 0);
        Assert.Equal(0, second);
        await using var db = database.CreateDb(clock);
        Assert.Equal(first, await db.RightsRequests.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct)
            + await db.DataBreaches.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct));
        Assert.Equal(1, await db.BreachNotifications.IgnoreQueryFilters([Tenancy.FilterName]).CountAsync(ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SeedAsync_BodyWithABreachAlready_LeftAsItIs(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var clock = TestClock.At(2026, 11, 23, 9);
        var bodies = await DemoBodiesAsync(database, clock);
        await using (var db = database.CreateDb(clock))
        {
            db.UseOrganization(bodies[DemoRegisters.Achicourt]);
            var own = await new RecordDataBreach.Handler(db, clock).Handle(
                new DataBreachInput { Title = "Violation existante", AwareAt = clock.GetUtcNow().UtcDateTime.AddHours(-1) },
                new RegisterActor(null, "Sandrine Lemoine", Egide.Core.Account.OrganizationRoles.PrivacyReferent), ct);
            Assert.True(own.IsSuccess);
        }

        var added = await SeedAsync(database, clock);

        Assert.Equal(6, added);
        await using (var db = database.CreateDb(clock))
        {
            db.UseOrganization(bodies[DemoRegisters.Achicourt]);
            Assert.Equal("Violation existante", Assert.Single(await db.DataBreaches.Select(b => b.Title).ToListAsync(ct)));
            Assert.Empty(await db.RightsRequests.ToListAsync(ct));
        }
    }

    /// <summary>Dates counted back from any day (a Sunday, a year's first days, a change of time) stay lawful for the use cases.</summary>
    [Theory]
    [InlineData(2027, 1, 3, 8)]
    [InlineData(2026, 3, 29, 1)]
    [InlineData(2026, 10, 25, 23)]
    [InlineData(2028, 5, 31, 22)]
    public async Task SeedAsync_AnyDayWithoutRegisters_SeedsEverythingUnlinked(int year, int month, int day, int hour)
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        var clock = TestClock.At(year, month, day, hour);
        await DemoBodiesAsync(database, clock, registers: false);

        var added = await SeedAsync(database, clock);

        Assert.Equal(9, added);
        await using var db = database.CreateDb(clock);
        Assert.Empty(await db.RightsRequestActivities.IgnoreQueryFilters([Tenancy.FilterName]).ToListAsync(ct));
        Assert.Empty(await db.DataBreachActivities.IgnoreQueryFilters([Tenancy.FilterName]).ToListAsync(ct));
        var open = await db.DataBreaches.IgnoreQueryFilters([Tenancy.FilterName]).SingleAsync(b => b.ClosedAt == null, ct);
        Assert.Equal(TimeSpan.FromHours(52), HoursClock.CnilBreach(open.AwareAt).Remaining(clock.GetUtcNow().UtcDateTime));
    }
}
