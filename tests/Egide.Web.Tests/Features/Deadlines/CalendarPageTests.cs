using System.Net;
using Egide.Core.Account;
using Egide.Core.Deadlines;
using Egide.Testing;
using Egide.Web.Tests.Features.Privacy;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Egide.Web.Tests.Features.Deadlines;

/// <summary>/calendrier and the feed it hands out, /calendrier/{secret}.ics, read as a calendar application would: no session.</summary>
public sealed class CalendarPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> SignedInAsync(EgideWebFactory factory, TestAccount account)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);
        return client;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_ShownOnceListedByHint_FeedServedUntilRevoked(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var logs = new LogCollector();
        await using var factory = new EgideWebFactory(database, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var foreign = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune de Wancourt");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var request = await DeadlineData.RequestAsync(database, org, "DD-2026-001", today.AddDays(20));
        await DeadlineData.RequestAsync(database, foreign, "WAN-2026-001", today.AddDays(20), requester: "Paul Durand");
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var client = await SignedInAsync(factory, referent);
        using var calendarApp = factory.CreateClient(new() { AllowAutoRedirect = false });

        var page = await HtmlPage.GetAsync(client, "/calendrier");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("aucun nom de personne", page.Text, StringComparison.Ordinal);
        Assert.Contains("Aucune adresse d'agenda n'a encore été créée", page.Text, StringComparison.Ordinal);
        var created = await HtmlPage.ParseAsync(await page.SubmitAsync(client, new Dictionary<string, string> { ["Label"] = "Outlook du référent" }, "#new-feed-form"));

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Contains("no-store", created.Response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var url = created.Document.QuerySelector("#new-feed-url")!.GetAttribute("value")!;
        var webcal = created.Document.QuerySelector("#new-feed-webcal")!.GetAttribute("value")!;
        var secret = url[(url.LastIndexOf('/') + 1)..^".ics".Length];
        Assert.StartsWith(new Uri(database.Settings.PublicUrl, "/calendrier/").AbsoluteUri, url, StringComparison.Ordinal);
        Assert.Equal("webcal://" + url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..], webcal);
        Assert.Contains("Ajouter un calendrier › À partir d'Internet", created.Text, StringComparison.Ordinal);
        Assert.Contains("Nouvel agenda › Sur le réseau", created.Text, StringComparison.Ordinal);
        Assert.Contains(CalendarModelWarning, created.Text, StringComparison.Ordinal);

        // Listed by its hint, never in full again.
        var listed = await HtmlPage.GetAsync(client, "/calendrier");
        var row = listed.Document.QuerySelector("table.calendar-feeds tbody tr")!;
        Assert.Contains("Outlook du référent", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(secret[..8] + "…", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("active", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);

        // The calendar application reads it without any session.
        using (var feed = await calendarApp.GetAsync(new Uri($"/calendrier/{secret}.ics", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
            Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
            Assert.Equal("utf-8", feed.Content.Headers.ContentType.CharSet);
            Assert.True(feed.Headers.CacheControl!.NoStore);
            Assert.False(feed.Headers.Contains("Set-Cookie"));
            var text = await feed.Content.ReadAsStringAsync(Ct);
            var calendar = Calendar.Load(text)!;
            var e = Assert.Single(calendar.Events);
            Assert.Equal($"request-{request.Id:D}@egide", e.Uid);
            Assert.Equal(today.AddDays(20), e.DtStart!.Date);
            Assert.DoesNotContain("WAN-2026-001", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Jeanne Martin", text, StringComparison.Ordinal);
        }
        using (var head = await calendarApp.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri($"/calendrier/{secret}.ics", UriKind.Relative)), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal("text/calendar", head.Content.Headers.ContentType!.MediaType);
        }
        var afterRead = await HtmlPage.GetAsync(client, "/calendrier");
        Assert.DoesNotContain("jamais", afterRead.Document.QuerySelector("table.calendar-feeds tbody tr")!.TextContent, StringComparison.Ordinal);

        // Revoked: the same 404 as an address that never existed.
        using var revoked = await afterRead.SubmitAsync(client, new Dictionary<string, string>(), "form.revoke");
        Assert.Equal("/calendrier", PrivacyTestData.PathOf(revoked));
        var after = await HtmlPage.GetAsync(client, "/calendrier");
        Assert.Equal("Adresse « Outlook du référent » révoquée : les agendas qui la lisaient ne reçoivent plus les échéances.",
            after.Document.QuerySelector(".notice--success")!.TextContent);
        Assert.Contains("révoquée", after.Document.QuerySelector("table.calendar-feeds tbody tr")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.Document.QuerySelector("form.revoke"));
        using var gone = await calendarApp.GetAsync(new Uri($"/calendrier/{secret}.ics", UriKind.Relative), Ct);
        using var never = await calendarApp.GetAsync(new Uri($"/calendrier/{CalendarFeed.NewSecret()}.ics", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using (var headGone = await calendarApp.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri($"/calendrier/{secret}.ics", UriKind.Relative)), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, headGone.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
        Assert.Equal(await never.Content.ReadAsStringAsync(Ct), await gone.Content.ReadAsStringAsync(Ct));

        Assert.DoesNotContain(logs.Entries, l => l.Text.Contains(secret, StringComparison.Ordinal));
        await using var db = database.CreateDb();
        var audit = await db.AuditEntries.Select(a => (a.Changes ?? "") + " " + (a.EntityId ?? "")).ToListAsync(Ct);
        Assert.DoesNotContain(audit, a => a.Contains(secret, StringComparison.Ordinal));
    }

    private const string CalendarModelWarning = "Copiez cette adresse maintenant : elle ne sera plus jamais affichée.";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_WithoutLabel_FormShownAgainWithFrenchError(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var client = await SignedInAsync(factory, referent);

        var page = await HtmlPage.GetAsync(client, "/calendrier");
        var again = await HtmlPage.ParseAsync(await page.SubmitAsync(client, new Dictionary<string, string> { ["Label"] = " " }, "#new-feed-form"));

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("Donnez un nom à cette adresse", again.Text, StringComparison.Ordinal);
        Assert.Null(again.Document.QuerySelector("#new-feed-url"));
        await using var db = database.CreateDb();
        Assert.Empty(await db.UseOrganization(org).CalendarFeeds.ToListAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Page_Reader_Refused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (org, OrganizationRoles.Reader));
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var readerClient = await SignedInAsync(factory, reader);
        using var referentClient = await SignedInAsync(factory, referent);
        var referentPage = await HtmlPage.GetAsync(referentClient, "/calendrier");

        using var get = await readerClient.GetAsync(new Uri("/calendrier", UriKind.Relative), Ct);
        var token = (await HtmlPage.GetAsync(readerClient, "/deconnexion")).FormValues()["__egide_af"];
        using var post = await readerClient.PostAsync(new Uri("/calendrier", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Label"] = "Outlook", ["__egide_af"] = token }), Ct);

        Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(get));
        Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(post));
        Assert.Equal(HttpStatusCode.OK, referentPage.Status);
        await using var db = database.CreateDb();
        Assert.Empty(await db.UseOrganization(org).CalendarFeeds.ToListAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Revoke_AnotherMembersAddress_OnlyAdminMay(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        var colleague = await TestAccounts.CreateAsync(factory.Services, "collegue@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var referentClient = await SignedInAsync(factory, referent);
        using var colleagueClient = await SignedInAsync(factory, colleague);
        var page = await HtmlPage.GetAsync(referentClient, "/calendrier");
        using var created = await page.SubmitAsync(referentClient, new Dictionary<string, string> { ["Label"] = "Outlook" }, "#new-feed-form");
        Guid feedId;
        await using (var db = database.CreateDb())
        {
            feedId = (await db.UseOrganization(org).CalendarFeeds.SingleAsync(Ct)).Id;
        }

        var colleaguePage = await HtmlPage.GetAsync(colleagueClient, "/calendrier");
        Assert.Contains("Outlook", colleaguePage.Document.QuerySelector("table.calendar-feeds")!.TextContent, StringComparison.Ordinal);
        Assert.Null(colleaguePage.Document.QuerySelector("form.revoke"));
        using var forged = await PrivacyTestData.PostAsync(colleagueClient, colleaguePage, "/calendrier?handler=revoke",
            [new("feedId", feedId.ToString())], "#new-feed-form");

        Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(forged));
        await using var check = database.CreateDb();
        Assert.Null((await check.UseOrganization(org).CalendarFeeds.SingleAsync(Ct)).RevokedAt);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Feed_TooManyReadsFromOneAddress_Throttled(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i <= Egide.Web.Features.Deadlines.CalendarApi.ReadsPerMinute; i++)
        {
            using var response = await client.GetAsync(new Uri($"/calendrier/{CalendarFeed.NewSecret()}.ics", UriKind.Relative), Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
