using System.Net;
using Egide.Core.Account;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Breaches;

public sealed class BreachPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RegisterActor Keeper = PrivacyTestData.Keeper;

    private sealed record Setup(EgideWebFactory Factory, TestClock Clock, Guid Organization, HttpClient Client);

    /// <summary>The application on <paramref name="clock"/>, with a referent who is also the controller, signed in.</summary>
    private static async Task<Setup> Prepare(TestDatabase database, TestClock clock, OrganizationRoles roles = OrganizationRoles.PrivacyReferent | OrganizationRoles.Controller)
    {
        var factory = new EgideWebFactory(database, services: s => s.AddSingleton<TimeProvider>(clock));
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var person = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, roles));
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        // The second factor's code is checked against the application's clock: sign in at the real time, then set it.
        var target = clock.Now;
        clock.Now = DateTimeOffset.UtcNow;
        await client.SignInAsync(person);
        clock.Now = target;
        return new Setup(factory, clock, org, client);
    }

    private static Task<Guid> BreachAsync(Setup setup, DataBreachInput input, Guid? organization = null) =>
        PrivacyTestData.InAsync(setup.Factory.Services, organization ?? setup.Organization, async sp =>
        {
            var recorded = await sp.GetRequiredService<RecordDataBreach.Handler>().Handle(input, Keeper, Ct);
            Assert.True(recorded.IsSuccess, recorded.Failure?.ToString());
            return recorded.Value;
        });

    private static DataBreachInput Mail(DateTime awareAt) => new()
    {
        Title = "Courriel envoyé au mauvais destinataire",
        AwareAt = awareAt,
        Nature = BreachNature.Confidentiality,
        PersonsCount = 12,
        Risk = BreachRisk.Risk,
        RiskReasoning = "Adresses de 12 usagers.",
    };

    private static string Clock(HtmlPage page) => page.Document.QuerySelector("#cnil-clock")!.TextContent.Trim();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_AwarenessInTheFuture_FrenchErrorNothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database, TestClock.At(2026, 11, 23, 13, 5));
        await using var factory = setup.Factory;
        using var client = setup.Client;
        var form = await HtmlPage.GetAsync(client, "/violations/nouvelle");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal(("date", "time"), (form.Document.QuerySelector("#Input_AwareDate")!.GetAttribute("type"), form.Document.QuerySelector("#Input_AwareTime")!.GetAttribute("type")));
        // Opened now in Paris.
        Assert.Equal(("2026-11-23", "14:05"), (form.FormValues()["Input.AwareDate"], form.FormValues()["Input.AwareTime"]));

        var page = await HtmlPage.ParseAsync(await PrivacyTestData.PostAsync(client, form, "/violations/nouvelle",
        [
            new("Input.Title", "Clé USB perdue"),
            new("Input.AwareDate", "2026-11-23"),
            new("Input.AwareTime", "15:30"),
            new("Input.Natures", "Confidentiality"),
            new("Input.Risk", "HighRisk"),
            new("Input.PersonsCount", "0"),
        ]));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var summary = page.Document.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("La prise de connaissance ne peut pas être dans le futur", summary, StringComparison.Ordinal);
        Assert.Contains("Un risque élevé pour 0 personne concernée doit être expliqué", summary, StringComparison.Ordinal);
        Assert.Equal("true", page.Document.QuerySelector("#Input_AwareDate")!.GetAttribute("aria-invalid"));
        Assert.Equal("true", page.Document.QuerySelector("#Input_PersonsCount")!.GetAttribute("aria-invalid"));
        Assert.Equal("Clé USB perdue", page.Document.QuerySelector("#Input_Title")!.GetAttribute("value"));
        Assert.NotNull(page.Document.QuerySelector("#Input_Natures_Confidentiality[checked]"));
        Assert.NotNull(page.Document.QuerySelector("#Input_Risk_HighRisk[checked]"));
        // A risk assessed needs a nature; an hour skipped by the spring change does not exist in Paris.
        var again = await HtmlPage.ParseAsync(await PrivacyTestData.PostAsync(client, form, "/violations/nouvelle",
        [
            new("Input.Title", "Clé USB perdue"),
            new("Input.AwareDate", "2026-11-23"),
            new("Input.AwareTime", "09:30"),
            new("Input.Risk", "Risk"),
            new("Input.RiskReasoning", "Liste des usagers du CCAS."),
        ]));
        Assert.Contains("cochez au moins une nature", again.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Input_Natures-error", again.Document.QuerySelector("#Input_Natures")!.GetAttribute("aria-describedby"));
        var gap = await HtmlPage.ParseAsync(await PrivacyTestData.PostAsync(client, form, "/violations/nouvelle",
            [new("Input.Title", "Clé USB perdue"), new("Input.AwareDate", "2026-03-29"), new("Input.AwareTime", "02:30")]));
        Assert.Contains("n'existe pas à Paris ce jour-là", gap.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        await using var db = database.CreateDb().UseOrganization(setup.Organization);
        Assert.Equal(0, await db.DataBreaches.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Details_ClockAcrossTheSpringChange_DueInParisTimeAndCountdownFollowsTheClock(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // 28/03/2026 at 10:48 in Paris; the clocks go forward on the night of 28 to 29 March.
        var setup = await Prepare(database, TestClock.At(2026, 3, 28, 9, 48));
        await using var factory = setup.Factory;
        using var client = setup.Client;
        var form = await HtmlPage.GetAsync(client, "/violations/nouvelle");

        using var created = await PrivacyTestData.PostAsync(client, form, "/violations/nouvelle",
        [
            new("Input.Title", "Rançongiciel sur le serveur de fichiers"),
            new("Input.AwareDate", "2026-03-27"),
            new("Input.AwareTime", "10:00"),
            new("Input.Natures", "Availability"),
            new("Input.Origin", "ExternalMalicious"),
            new("Input.Risk", "NotAssessed"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Guid id;
        await using (var db = database.CreateDb().UseOrganization(setup.Organization))
        {
            var saved = await db.DataBreaches.SingleAsync(Ct);
            id = saved.Id;
            Assert.Equal($"/violations/{id}", created.Headers.Location!.OriginalString);
            Assert.Equal(new DateTime(2026, 3, 27, 9, 0, 0), DateTime.SpecifyKind(saved.AwareAt, DateTimeKind.Unspecified));
            Assert.Equal("VD-2026-001", saved.Reference);
        }
        var details = await HtmlPage.GetAsync(client, $"/violations/{id}");
        var clock = details.Document.QuerySelector("#cnil-clock")!;
        Assert.Equal("Notification à la CNIL : reste 47 h 12 min (échéance le 30/03/2026 à 11 h 00)", clock.TextContent.Trim());
        Assert.Equal("timer", clock.GetAttribute("role"));
        Assert.Equal("2026-03-30T09:00:00Z", clock.GetAttribute("data-due-utc"));
        Assert.Equal("2026-03-28T09:48:00Z", clock.GetAttribute("data-now-utc"));
        Assert.StartsWith("/js/countdown.js", details.Document.QuerySelector("main script")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Contains("VD-2026-001", details.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        setup.Clock.Advance(TimeSpan.FromHours(50));

        Assert.Equal("Notification à la CNIL : délai dépassé de 2 h 48 min (échéance le 30/03/2026 à 11 h 00)", Clock(await HtmlPage.GetAsync(client, $"/violations/{id}")));
        var list = await HtmlPage.GetAsync(client, "/violations");
        var row = list.Document.QuerySelector($"tr[data-breach-id='{id}']")!;
        Assert.Equal(["Rançongiciel sur le serveur de fichiers", "27/03/2026 à 10 h 00", "Non évalué", "À décider", "délai dépassé de 2 h 48 min"],
            row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        var edit = await HtmlPage.GetAsync(client, $"/violations/{id}/modifier");
        Assert.Equal(("2026-03-27", "10:00"), (edit.FormValues()["Input.AwareDate"], edit.FormValues()["Input.AwareTime"]));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Notification_Past72Hours_DelayReasonRequiredThenRecordedWithItsText(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database, TestClock.At(2026, 11, 23, 13, 5));
        await using var factory = setup.Factory;
        using var client = setup.Client;
        var id = await BreachAsync(setup, Mail(setup.Clock.Now.UtcDateTime.AddHours(-80)));

        var page = await HtmlPage.GetAsync(client, $"/violations/{id}/notification?type=complete");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var text = page.Document.QuerySelector("#notification-content")!.TextContent;
        var positions = BreachNotificationContent.Headings.Select(h => text.IndexOf(h, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("Catégories de données : Non connu à ce stade", text, StringComparison.Ordinal);
        Assert.Contains("Motifs du retard : Non connu à ce stade", text, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("#Record_DelayReason[required]"));
        using (var download = await client.GetAsync(new Uri(page.Document.QuerySelector("#download-notification")!.GetAttribute("href")!, UriKind.Relative), Ct))
        {
            Assert.Equal("text/plain", download.Content.Headers.ContentType!.MediaType);
            Assert.EndsWith("notification-complete.txt", download.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
            Assert.Contains("1. Type de notification", await download.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var refused = await HtmlPage.ParseAsync(await page.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Record.NotifiedTime"] = "14:00",
            ["Record.CnilReference"] = "CNIL-2026-4417",
        }, "#notification-form"));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("indiquez les motifs du retard", refused.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        await using (var db = database.CreateDb().UseOrganization(setup.Organization))
        {
            Assert.Equal(0, await db.BreachNotifications.CountAsync(Ct));
        }

        using var recorded = await refused.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Record.NotifiedTime"] = "14:00",
            ["Record.DelayReason"] = "Le prestataire n'a confirmé la fuite qu'au troisième jour.",
        }, "#notification-form");

        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var details = await HtmlPage.GetAsync(client, $"/violations/{id}");
        Assert.Equal("Notification à la CNIL : notifiée le 23/11/2026 à 14 h 00", Clock(details));
        Assert.Contains("CNIL-2026-4417", details.Document.QuerySelector("table.breach-notifications")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Motifs du retard : Le prestataire n'a confirmé la fuite qu'au troisième jour.", details.Document.QuerySelector("pre.notification-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Notifier la CNIL", details.Document.QuerySelector("#breach-decision")!.TextContent);
        Assert.Null(details.Document.QuerySelector("#decision-form"));
        Assert.Null(details.Document.QuerySelector("main script"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Close_WhileUndecided_RefusedThenDecidedAndClosedWithAntiforgery(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database, TestClock.At(2026, 11, 23, 13, 5));
        await using var factory = setup.Factory;
        using var client = setup.Client;
        var id = await BreachAsync(setup, Mail(setup.Clock.Now.UtcDateTime.AddHours(-3)) with { Risk = BreachRisk.None });
        var details = await HtmlPage.GetAsync(client, $"/violations/{id}");

        // Without the antiforgery token, nothing happens.
        using (var forged = await client.PostAsync(new Uri($"/violations/{id}?handler=close", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Close.Version"] = "1", ["Close.Summary"] = "Forcé" }), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        var refused = await HtmlPage.ParseAsync(await details.SubmitAsync(client, new Dictionary<string, string> { ["Close.Summary"] = "Courriel supprimé." }, "#close-form"));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("La décision de notifier ou non la CNIL n'est pas prise", refused.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Courriel supprimé.", refused.Document.QuerySelector("#Close_Summary")!.TextContent.Trim());

        var noReason = await HtmlPage.ParseAsync(await details.SubmitAsync(client, new Dictionary<string, string> { ["Decide.Decision"] = "DoNotNotify" }, "#decision-form"));
        Assert.Contains("n'est pas susceptible d'engendrer un risque", noReason.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        using var decided = await details.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Decide.Decision"] = "DoNotNotify",
            ["Decide.Reason"] = "Destinataire interne, courriel supprimé sans ouverture.",
        }, "#decision-form");
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var afterDecision = await HtmlPage.GetAsync(client, $"/violations/{id}");
        Assert.Equal("Notification à la CNIL : non notifiée (décision motivée)", Clock(afterDecision));
        Assert.Null(afterDecision.Document.QuerySelector("#prepare-notification"));

        using var closed = await afterDecision.SubmitAsync(client, new Dictionary<string, string> { ["Close.Summary"] = "Rappel des règles d'envoi aux agents." }, "#close-form");

        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        await using var db = database.CreateDb().UseOrganization(setup.Organization);
        var breach = await db.DataBreaches.SingleAsync(Ct);
        Assert.Equal(("Rappel des règles d'envoi aux agents.", NotificationDecision.DoNotNotify), (breach.ClosureSummary, breach.Decision));
        Assert.NotNull(breach.ClosedAt);
        var open = await HtmlPage.GetAsync(client, "/violations");
        Assert.Empty(open.Document.QuerySelectorAll("tbody tr"));
        Assert.Single((await HtmlPage.GetAsync(client, "/violations?etat=closes")).Document.QuerySelectorAll("tbody tr"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Notification_ClosedBreachWithAnInitialOne_OffersOnlyAComplementaryNotification(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database, TestClock.At(2026, 11, 23, 13, 5));
        await using var factory = setup.Factory;
        using var client = setup.Client;
        var aware = setup.Clock.Now.UtcDateTime.AddDays(-10);
        var id = await BreachAsync(setup, Mail(aware));
        await PrivacyTestData.InAsync(factory.Services, setup.Organization, async sp =>
        {
            var initial = await sp.GetRequiredService<RecordBreachNotification.Handler>()
                .Handle(new RecordBreachNotification.Command(id, NotificationKind.Initial, aware.AddHours(20), "CNIL-2026-0042"), Keeper, Ct);
            Assert.True(initial.IsSuccess, initial.Failure?.ToString());
            var version = (await sp.GetRequiredService<Egide.Core.Data.EgideDb>().DataBreaches.SingleAsync(b => b.Id == id, Ct)).Version;
            var closed = await sp.GetRequiredService<CloseDataBreach.Handler>().Handle(new CloseDataBreach.Command(id, version, "Bilan fait."), Keeper, Ct);
            Assert.True(closed.IsSuccess, closed.Failure?.ToString());
            return 0;
        });

        var details = await HtmlPage.GetAsync(client, $"/violations/{id}");
        var prepare = details.Document.QuerySelector("#prepare-notification")!;
        Assert.Equal("Préparer une notification complémentaire", prepare.TextContent.Trim());
        var page = await HtmlPage.GetAsync(client, prepare.GetAttribute("href")!);
        Assert.Equal(["Complementary"], page.Document.QuerySelectorAll("#Record_Kind option").Select(o => o.GetAttribute("value")));
        Assert.Contains("Notification initiale du", page.Document.QuerySelector("#notification-content")!.TextContent, StringComparison.Ordinal);

        using var recorded = await page.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Record.NotifiedTime"] = "14:00",
            ["Record.CnilReference"] = "CNIL-2026-0042",
        }, "#notification-form");

        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        await using var db = database.CreateDb().UseOrganization(setup.Organization);
        Assert.Equal([NotificationKind.Initial, NotificationKind.Complementary],
            await db.BreachNotifications.OrderBy(n => n.NotifiedAt).Select(n => n.Kind).ToListAsync(Ct));
        Assert.NotNull((await db.DataBreaches.SingleAsync(Ct)).ClosedAt);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Pages_AnotherOrganisationsBreach_NotFound(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database, TestClock.At(2026, 11, 23, 13, 5));
        await using var factory = setup.Factory;
        using var client = setup.Client;
        var foreign = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune de Wancourt");
        var theirs = await BreachAsync(setup, Mail(setup.Clock.Now.UtcDateTime.AddHours(-3)) with { Title = "Violation de Wancourt" }, foreign);

        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/violations/{theirs}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/violations/{theirs}/modifier")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/violations/{theirs}/notification?type=complete")).Status);
        var form = await HtmlPage.GetAsync(client, "/violations/nouvelle");
        using var posted = await PrivacyTestData.PostAsync(client, form, $"/violations/{theirs}?handler=close", [new("Close.Version", "1"), new("Close.Summary", "Détourné")]);
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.DoesNotContain("Violation de Wancourt", (await HtmlPage.GetAsync(client, "/violations?etat=toutes")).Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Pages_Reader_Forbidden(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database, TestClock.At(2026, 11, 23, 13, 5), OrganizationRoles.Reader);
        await using var factory = setup.Factory;
        using var client = setup.Client;
        var id = await BreachAsync(setup, Mail(setup.Clock.Now.UtcDateTime.AddHours(-3)));

        foreach (var path in new[] { "/violations", "/violations/nouvelle", $"/violations/{id}", $"/violations/{id}/modifier", $"/violations/{id}/notification" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(response));
        }
        var home = await HtmlPage.GetAsync(client, "/");
        Assert.NotNull(home.Document.QuerySelector("nav a[href='/violations']"));
    }
}
