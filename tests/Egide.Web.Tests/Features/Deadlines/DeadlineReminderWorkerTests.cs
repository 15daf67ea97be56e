using Egide.Core.Account;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Testing;
using Egide.Web.Features.Deadlines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Egide.Web.Tests.Features.Deadlines;

/// <summary>The running application reminds of every organisation's deadlines, each organisation on its own, once.</summary>
public sealed class DeadlineReminderWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The application without its own reminder worker (its first pass would race the test's), with its clock.</summary>
    private static EgideWebFactory App(TestDatabase database, TestClock clock, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(database, settings: settings, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DeadlineReminderWorker)));
        });

    private static DeadlineReminderWorker Worker(EgideWebFactory app) => ActivatorUtilities.CreateInstance<DeadlineReminderWorker>(app.Services);

    [Fact]
    public async Task Registered_AsAHostedService()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var app = new EgideWebFactory(database);
        Assert.Single(app.Services.GetServices<IHostedService>().OfType<DeadlineReminderWorker>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RunOnce_EveryOrganisationWithADeadline_EachItsOwnReminders(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 25, 14, 0);
        await using var app = App(database, clock);
        var agny = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        var beaurains = await DeadlineData.OrganizationAsync(database, "Commune de Beaurains");
        var achicourt = await DeadlineData.OrganizationAsync(database, "Commune d'Achicourt");
        foreach (var organization in new[] { agny, beaurains, achicourt })
        {
            await DeadlineData.MemberAsync(database, organization, $"dpo@{organization:N}.example", OrganizationRoles.Dpo);
        }
        var request = await DeadlineData.RequestAsync(database, agny, "DD-2026-001", new DateOnly(2026, 11, 30)); // 5 days left: 7d
        var breach = await DeadlineData.BreachAsync(database, beaurains, "VD-2026-001", new DateTime(2026, 11, 24, 13, 0, 0, DateTimeKind.Utc)); // 25 h: 24h
        await DeadlineData.RequestAsync(database, achicourt, "DD-2026-001", new DateOnly(2026, 12, 24)); // nothing yet

        Assert.Equal(2, await Worker(app).RunOnceAsync(Ct));
        Assert.Equal(0, await Worker(app).RunOnceAsync(Ct));

        await using var db = database.CreateDb();
        var mails = await db.OutboxMessages.AsNoTracking().OrderBy(m => m.To).Select(m => new { m.To, m.Key, m.OrganizationId }).ToListAsync(Ct);
        Assert.Equal(2, mails.Count);
        Assert.Contains(mails, m => m.OrganizationId == agny && m.To == $"dpo@{agny:N}.example" && m.Key == $"reminder:request-{request.Id:D}:20261130:7d:dpo@{agny:N}.example");
        Assert.Contains(mails, m => m.OrganizationId == beaurains && m.To == $"dpo@{beaurains:N}.example" && m.Key!.StartsWith($"reminder:breach-{breach.Id:D}:", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TwoInstances_SamePassAtOnce_EachReminderDeliveredOnce(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 25, 13, 15);
        await using var first = App(database, clock, TestSmtp.Configuration());
        await using var second = App(database, clock, TestSmtp.Configuration());
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        var dpo = await DeadlineData.MemberAsync(database, organization, TestSmtp.NewRecipient("dpo"), OrganizationRoles.Dpo);
        var mayor = await DeadlineData.MemberAsync(database, organization, TestSmtp.NewRecipient("maire"), OrganizationRoles.Controller);
        await DeadlineData.BreachAsync(database, organization, "VD-2026-001", new DateTime(2026, 11, 23, 13, 5, 0, DateTimeKind.Utc));
        await DeadlineData.RequestAsync(database, organization, "DD-2026-001", new DateOnly(2026, 11, 27));

        var enqueued = await Task.WhenAll(Worker(first).RunOnceAsync(Ct), Worker(second).RunOnceAsync(Ct));

        Assert.Equal(3, enqueued.Sum()); // the breach to both, the request to the DPO: by one instance only
        Assert.Equal(2, (await TestSmtp.WaitForAsync(dpo, 2, TimeSpan.FromSeconds(30))).Count);
        Assert.Single(await TestSmtp.WaitForAsync(mayor, 1, TimeSpan.FromSeconds(30)));
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // both outbox workers had time to send a copy, if there were one
        Assert.Equal(2, TestSmtp.Received(dpo).Count);
        Assert.Single(TestSmtp.Received(mayor));
    }
}
