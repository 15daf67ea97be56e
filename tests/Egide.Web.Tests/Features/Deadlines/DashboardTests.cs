using System.Net;
using Egide.Core.Account;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Requests;
using Egide.Testing;
using Egide.Web.Tests.Features.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Deadlines;

/// <summary>/tableau-de-bord at a set time: late and soon-due requests, the breaches' CNIL clock, the register's alerts.</summary>
public sealed class DashboardTests
{
    private static async Task<HttpClient> SignedInAsync(EgideWebFactory factory, TestAccount account)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);
        return client;
    }

    private static string Section(HtmlPage page, string headingId) =>
        page.Document.QuerySelector($"section[aria-labelledby='{headingId}']")?.TextContent
        ?? throw new InvalidOperationException($"No section {headingId}");

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Dashboard_Referent_LateSoonAndBreachClock_FollowTheClock(Db provider)
    {
        // Friday 27 March 2026, 10:00 in Paris (09:00 UTC); summer time starts on Sunday 29.
        var clock = TestClock.At(2026, 3, 27, 9);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database, services: s => s.AddSingleton<TimeProvider>(clock));
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var foreign = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune de Wancourt");
        await DeadlineData.RequestAsync(database, org, "DD-2026-001", new DateOnly(2026, 3, 24), kind: RightsRequestKind.Erasure);
        await DeadlineData.RequestAsync(database, org, "DD-2026-002", new DateOnly(2026, 3, 30));
        await DeadlineData.RequestAsync(database, org, "DD-2026-003", new DateOnly(2026, 4, 20));
        await DeadlineData.RequestAsync(database, foreign, "WAN-2026-001", new DateOnly(2026, 3, 20));
        // Aware on Wednesday 25 at 10:00 in Paris: 48 h 00 min elapsed, 24 h left.
        await DeadlineData.BreachAsync(database, org, "VD-2026-001", new DateTime(2026, 3, 25, 9, 0, 0, DateTimeKind.Utc));
        await DeadlineData.BreachAsync(database, org, "VD-2026-002", new DateTime(2026, 3, 20, 9, 0, 0, DateTimeKind.Utc), notified: true);
        await DeadlineData.BreachAsync(database, org, "VD-2026-003", new DateTime(2026, 3, 21, 9, 0, 0, DateTimeKind.Utc), decision: NotificationDecision.DoNotNotify);
        await DeadlineData.BreachAsync(database, foreign, "WAN-VD-001", new DateTime(2026, 3, 26, 9, 0, 0, DateTimeKind.Utc));
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var client = await SignedInAsync(factory, referent);

        var page = await HtmlPage.GetAsync(client, "/tableau-de-bord");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var late = Section(page, "overdue-title");
        Assert.Contains("Demandes de droits en retard (1)", late, StringComparison.Ordinal);
        Assert.Contains("DD-2026-001", late, StringComparison.Ordinal);
        Assert.Contains("Effacement", late, StringComparison.Ordinal);
        Assert.Contains("24/03/2026", late, StringComparison.Ordinal);
        Assert.Contains("en retard de 3 jours", late, StringComparison.Ordinal);
        var soon = Section(page, "soon-title");
        Assert.Contains("DD-2026-002", soon, StringComparison.Ordinal);
        Assert.Contains("dans 3 jours", soon, StringComparison.Ordinal);
        Assert.DoesNotContain("DD-2026-003", soon, StringComparison.Ordinal);
        var breaches = Section(page, "breaches-title");
        Assert.Contains("Violations en cours (3)", breaches, StringComparison.Ordinal);
        var rows = page.Document.QuerySelectorAll("table.breaches tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("VD-2026-001", StringComparison.Ordinal) && r.Contains("reste 24 h 00 min", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("VD-2026-002", StringComparison.Ordinal) && r.Contains("notifiée", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("VD-2026-003", StringComparison.Ordinal) && r.Contains("décision de ne pas notifier", StringComparison.Ordinal));
        Assert.DoesNotContain("WAN", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Jeanne Martin", page.Text, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("a[href='/calendrier']"));
        Assert.NotNull(page.Document.QuerySelector("nav.main-nav a[href='/tableau-de-bord'][aria-current='page']"));

        // Sunday 29 March, 13:30 in Paris (summer time, 11:30 UTC): the 72 real hours ran out on Saturday at 10:00.
        clock.Now = new DateTimeOffset(2026, 3, 29, 11, 30, 0, TimeSpan.Zero);
        using var later = await SignedInAsync(factory, referent); // the first session has long expired
        var moved = await HtmlPage.GetAsync(later, "/tableau-de-bord");

        var movedLate = Section(moved, "overdue-title");
        Assert.Contains("en retard de 5 jours", movedLate, StringComparison.Ordinal);
        Assert.Contains("DD-2026-001", movedLate, StringComparison.Ordinal);
        Assert.Contains("dans 1 jour", Section(moved, "soon-title"), StringComparison.Ordinal);
        var movedRows = moved.Document.QuerySelectorAll("table.breaches tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(movedRows, r => r.Contains("VD-2026-001", StringComparison.Ordinal) && r.Contains("délai dépassé de 26 h 30 min", StringComparison.Ordinal));
        Assert.Contains("28/03/2026 à 10 h 00", moved.Document.QuerySelectorAll("table.breaches tbody tr").First(r => r.TextContent.Contains("VD-2026-001", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Dashboard_Reader_RegisterAlertsOnly_FiveLatest(Db provider)
    {
        var clock = TestClock.At(2026, 3, 27, 9);
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database, services: s => s.AddSingleton<TimeProvider>(clock));
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny", o => o.Referents = [new() { Name = "Bruno Petit", Service = "Accueil", Email = "rgpd@agny.example" }]);
        await DeadlineData.RequestAsync(database, org, "DD-2026-001", new DateOnly(2026, 3, 24));
        await DeadlineData.BreachAsync(database, org, "VD-2026-001", new DateTime(2026, 3, 25, 9, 0, 0, DateTimeKind.Utc));
        for (var i = 1; i <= 6; i++)
        {
            await DeadlinesTestData.AlertAsync(database, org, $"Fiche {i}", new DateTime(2026, 3, i, 9, 0, 0, DateTimeKind.Utc));
        }
        await DeadlinesTestData.AlertAsync(database, org, "Fiche corrigée", new DateTime(2026, 3, 10, 9, 0, 0, DateTimeKind.Utc), resolved: true);
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (org, OrganizationRoles.Reader));
        using var client = await SignedInAsync(factory, reader);

        var page = await HtmlPage.GetAsync(client, "/tableau-de-bord");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Document.QuerySelector("section[aria-labelledby='overdue-title']"));
        Assert.Null(page.Document.QuerySelector("section[aria-labelledby='breaches-title']"));
        Assert.DoesNotContain("DD-2026-001", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("VD-2026-001", page.Text, StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("a[href='/calendrier']"));
        var alerts = Section(page, "alerts-title");
        Assert.Contains("6 alertes ouvertes, dont les 5 plus récentes", alerts, StringComparison.Ordinal);
        Assert.Equal(["Fiche 6", "Fiche 5", "Fiche 4", "Fiche 3", "Fiche 2"],
            page.Document.QuerySelectorAll("ul.dashboard-alerts li").Select(li => li.TextContent.Split(" : ")[0]));
        Assert.DoesNotContain("Fiche corrigée", alerts, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("a[href='/registre/alertes']"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Dashboard_NothingDue_FrenchEmptyStates(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny", o => o.Referents = [new() { Name = "Bruno Petit", Service = "Accueil", Email = "rgpd@agny.example" }]);
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var client = await SignedInAsync(factory, referent);

        var page = await HtmlPage.GetAsync(client, "/tableau-de-bord");

        Assert.Contains("Aucune demande de droits en retard.", page.Text, StringComparison.Ordinal);
        Assert.Contains("Aucune demande de droits n'arrive à échéance dans les 7 prochains jours.", page.Text, StringComparison.Ordinal);
        Assert.Contains("Aucune violation de données en cours.", page.Text, StringComparison.Ordinal);
        Assert.Contains("Aucune alerte de non-conformité ouverte dans le registre.", page.Text, StringComparison.Ordinal);
        Assert.Single(page.Document.QuerySelectorAll("main h1"));
    }
}
