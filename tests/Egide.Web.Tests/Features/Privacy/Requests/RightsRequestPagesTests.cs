using System.Net;
using System.Net.Http.Headers;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Egide.Core.Account;
using Egide.Core.Privacy.Requests;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Requests;

public sealed class RightsRequestPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(TestDatabase Database, EgideWebFactory Factory, TestClock Clock, Guid Organization) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private static async Task<Setup> PrepareAsync(Db provider, DateTimeOffset now)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = new TestClock(now);
        var factory = new EgideWebFactory(database, services: s => s.AddSingleton<TimeProvider>(clock));
        var organization = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        return new Setup(database, factory, clock, organization);
    }

    private static async Task<HttpClient> SignedInAsync(Setup setup, string email, OrganizationRoles roles, Guid? organization = null)
    {
        var account = await TestAccounts.CreateAsync(setup.Factory.Services, email, memberships: (organization ?? setup.Organization, roles));
        var client = setup.Factory.CreateClient(new() { AllowAutoRedirect = false });
        // The second factor's code is of the real time: the application's clock goes back to the test's once signed in.
        var testTime = setup.Clock.Now;
        setup.Clock.Now = DateTimeOffset.UtcNow;
        try
        {
            await client.SignInAsync(account);
        }
        finally
        {
            setup.Clock.Now = testTime;
        }
        return client;
    }

    private static Task<Guid> RecordAsync(Setup setup, DateOnly receivedOn, string name = "Jeanne Dupont", Guid? organization = null) =>
        PrivacyTestData.InAsync(setup.Factory.Services, organization ?? setup.Organization, async sp =>
        {
            var recorded = await sp.GetRequiredService<RecordRightsRequest.Handler>().Handle(new RightsRequestInput
            {
                Kind = RightsRequestKind.Access, RequesterName = name, Channel = RequestChannel.Post, ReceivedOn = receivedOn,
            }, PrivacyTestData.Keeper, Ct);
            Assert.True(recorded.IsSuccess, recorded.Failure?.ToString());
            return recorded.Value;
        });

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static async Task<RightsRequest> ReadAsync(Setup setup, Guid id)
    {
        await using var db = setup.Database.CreateDb().UseOrganization(setup.Organization);
        return await db.RightsRequests.AsNoTracking().SingleAsync(r => r.Id == id, Ct);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_Received31January2026_DueMonday2MarchShownAndListed(Db provider)
    {
        await using var setup = await PrepareAsync(provider, new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero));
        using var client = await SignedInAsync(setup, "referent@agny.example", OrganizationRoles.PrivacyReferent);

        var list = await HtmlPage.GetAsync(client, "/demandes");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.NotNull(list.Document.QuerySelector("a[href='/demandes/nouvelle']"));
        var form = await HtmlPage.GetAsync(client, "/demandes/nouvelle");
        Assert.Equal("date", form.Document.QuerySelector("#Input_ReceivedOn")!.GetAttribute("type"));
        Assert.Equal("2026-02-10", form.Document.QuerySelector("#Input_ReceivedOn")!.GetAttribute("value"));
        using var created = await PrivacyTestData.PostAsync(client, form, "/demandes/nouvelle",
        [
            new("Input.Kind", "Erasure"),
            new("Input.ReceivedOn", "31/01/2026"),
            new("Input.Channel", "Post"),
            new("Input.RequesterName", "Jeanne Lefèvre"),
            new("Input.RequesterEmail", "jeanne@example.org"),
            new("Input.Description", "Effacement de son compte sur le portail famille."),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await using (var db = setup.Database.CreateDb().UseOrganization(setup.Organization))
        {
            var saved = await db.RightsRequests.SingleAsync(Ct);
            Assert.Equal($"/demandes/{saved.Id}", created.Headers.Location!.OriginalString);
            Assert.Equal(("DD-2026-001", new DateOnly(2026, 3, 2), RightsRequestKind.Erasure), (saved.Reference, saved.DueDate, saved.Kind));
        }
        var details = await HtmlPage.GetAsync(client, created.Headers.Location!.OriginalString);
        Assert.Equal("Demande DD-2026-001", details.Document.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("02/03/2026 – dans 20 jours", Words(details.Document.QuerySelector("dd.due")!.TextContent), StringComparison.Ordinal);
        Assert.Contains("Droit à l'effacement (art. 17)", details.Text, StringComparison.Ordinal);
        Assert.Equal(["accuse-reception"], details.Document.QuerySelectorAll(".letters a").Select(a => a.GetAttribute("href")!.Split('/')[^1]));

        var row = (await HtmlPage.GetAsync(client, "/demandes")).Document.QuerySelector("table.requests tbody tr")!;
        Assert.Equal("DD-2026-001", row.QuerySelector("th")!.TextContent);
        Assert.Contains("02/03/2026", row.QuerySelector("td.due")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("dans 20 jours", row.QuerySelector("td.due")!.TextContent, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_FutureReceiptUnknownDate_FrenchErrorsNothingSaved(Db provider)
    {
        await using var setup = await PrepareAsync(provider, new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero));
        using var client = await SignedInAsync(setup, "referent@agny.example", OrganizationRoles.PrivacyReferent);
        var form = await HtmlPage.GetAsync(client, "/demandes/nouvelle");

        var future = await HtmlPage.ParseAsync(await PrivacyTestData.PostAsync(client, form, "/demandes/nouvelle",
            [new("Input.ReceivedOn", "2026-02-11"), new("Input.RequesterName", "Jeanne Dupont"), new("Input.RequesterEmail", "pas une adresse")]));
        var unreadable = await HtmlPage.ParseAsync(await PrivacyTestData.PostAsync(client, form, "/demandes/nouvelle",
            [new("Input.ReceivedOn", "31 janvier"), new("Input.RequesterName", "Jeanne Dupont")]));

        Assert.Equal(HttpStatusCode.OK, future.Status);
        var summary = future.Document.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("La date de réception ne peut pas être dans le futur", summary, StringComparison.Ordinal);
        Assert.Contains("L'adresse électronique de la personne n'est pas valide.", summary, StringComparison.Ordinal);
        Assert.Equal("true", future.Document.QuerySelector("#Input_ReceivedOn")!.GetAttribute("aria-invalid"));
        Assert.Equal("Jeanne Dupont", future.Document.QuerySelector("#Input_RequesterName")!.GetAttribute("value"));
        Assert.Contains("« 31 janvier » n'est pas une date", unreadable.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        await using var db = setup.Database.CreateDb().UseOrganization(setup.Organization);
        Assert.Equal(0, await db.RightsRequests.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Actions_PostedWithAntiforgery_LateExtensionAndEarlyAnswerRefusedThenAnswered(Db provider)
    {
        await using var setup = await PrepareAsync(provider, new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        var id = await RecordAsync(setup, new DateOnly(2026, 1, 31));
        using var client = await SignedInAsync(setup, "dpo@agny.example", OrganizationRoles.Dpo);
        var url = $"/demandes/{id}";
        var details = await HtmlPage.GetAsync(client, url);
        Assert.NotNull(details.Document.QuerySelector(".badge--alert"));
        Assert.Contains("en retard de 8 jours", details.Document.QuerySelector("dd.due")!.TextContent, StringComparison.Ordinal);

        using var started = await details.SubmitAsync(client, new Dictionary<string, string>(), "main form.action-start");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        details = await HtmlPage.GetAsync(client, url);
        Assert.Equal("En cours de traitement", details.Document.QuerySelector("dd.status")!.TextContent);

        var late = await HtmlPage.ParseAsync(await details.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Act.ToldOn"] = "2026-03-03", ["Act.ExtensionMonths"] = "2", ["Act.Reason"] = "Archives à consulter.",
        }, "main form.action-extend"));
        Assert.Equal(HttpStatusCode.OK, late.Status);
        Assert.Contains("au plus tard le 02/03/2026", late.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await ReadAsync(setup, id)).ExtensionMonths);

        var early = await HtmlPage.ParseAsync(await details.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Act.AnsweredOn"] = "30/01/2026", ["Act.AnswerSummary"] = "Copie envoyée.",
        }, "main form.action-answer"));
        Assert.Contains("La réponse ne peut pas être datée d'avant la réception de la demande (31/01/2026).",
            early.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", early.Document.QuerySelector("#Act_AnsweredOn")!.GetAttribute("aria-invalid"));
        Assert.Equal(RightsRequestStatus.InProgress, (await ReadAsync(setup, id)).Status);

        // Without the antiforgery token, nothing happens.
        using var forged = await client.PostAsync(new Uri($"{url}?handler=answer", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["Version"] = "2", ["Act.AnsweredOn"] = "2026-03-09", ["Act.AnswerSummary"] = "Copie envoyée." }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var answered = await details.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Act.AnsweredOn"] = "09/03/2026", ["Act.AnswerSummary"] = "Copie du dossier envoyée.",
        }, "main form.action-answer");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var saved = await ReadAsync(setup, id);
        Assert.Equal((RightsRequestStatus.Answered, new DateOnly(2026, 3, 9), 3), (saved.Status, saved.AnsweredOn, saved.Version));
        var closed = await HtmlPage.GetAsync(client, url);
        Assert.Null(closed.Document.QuerySelector("form.action-answer"));
        Assert.Null(closed.Document.QuerySelector(".badge--alert"));
        Assert.Equal(["accuse-reception", "reponse"], closed.Document.QuerySelectorAll(".letters a").Select(a => a.GetAttribute("href")!.Split('/')[^1]));
        Assert.Empty((await HtmlPage.GetAsync(client, "/demandes")).Document.QuerySelectorAll("table.requests tbody tr"));
        Assert.Single((await HtmlPage.GetAsync(client, "/demandes?etat=closes")).Document.QuerySelectorAll("table.requests tbody tr"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Extend_WithinTheFirstMonth_BothDueDatesShownWithItsLetter(Db provider)
    {
        await using var setup = await PrepareAsync(provider, new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero));
        var id = await RecordAsync(setup, new DateOnly(2026, 5, 15));
        using var client = await SignedInAsync(setup, "referent@agny.example", OrganizationRoles.PrivacyReferent);
        var details = await HtmlPage.GetAsync(client, $"/demandes/{id}");

        using var extended = await details.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Act.ToldOn"] = "2026-06-01", ["Act.ExtensionMonths"] = "2", ["Act.Reason"] = "Dix ans d'archives papier.",
        }, "main form.action-extend");

        Assert.Equal(HttpStatusCode.Redirect, extended.StatusCode);
        var page = await HtmlPage.GetAsync(client, $"/demandes/{id}");
        Assert.StartsWith("17/08/2026", page.Document.QuerySelector("dd.due")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("15/06/2026", page.Document.QuerySelector("dd.first-due")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains($"/demandes/{id}/courrier/prolongation", page.Document.QuerySelectorAll(".letters a").Select(a => a.GetAttribute("href")));

        // The letter telling the person, written from the record: the reason, the first and the new due date
        // (15/05 + 3 months = Saturday 15/08, Assumption, then Sunday: Monday 17/08).
        using var letter = await client.GetAsync(new Uri($"/demandes/{id}/courrier/prolongation", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        using var document = WordprocessingDocument.Open(new MemoryStream(await letter.Content.ReadAsByteArrayAsync(Ct)), false);
        var text = Words(string.Join("\n", document.MainDocumentPart!.Document.Body!.Descendants<Paragraph>().Select(p => p.InnerText)));
        Assert.Contains("17/08/2026", text, StringComparison.Ordinal);
        Assert.Contains("15/06/2026", text, StringComparison.Ordinal);
        Assert.Contains("Dix ans d'archives papier.", text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_LateAndDueSoon_BadgesInWordsAndFilters(Db provider)
    {
        await using var setup = await PrepareAsync(provider, new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.Zero));
        await RecordAsync(setup, new DateOnly(2026, 1, 31), "Jeanne Lefèvre");   // due 02/03: 2 days late
        await RecordAsync(setup, new DateOnly(2026, 2, 6), "Paul Martin");       // due 06/03: in 2 days
        await RecordAsync(setup, new DateOnly(2026, 3, 1), "Anne Roux");         // due 01/04
        using var client = await SignedInAsync(setup, "referent@agny.example", OrganizationRoles.PrivacyReferent);

        var list = await HtmlPage.GetAsync(client, "/demandes");
        var rows = list.Document.QuerySelectorAll("table.requests tbody tr");
        Assert.Equal(["DD-2026-001", "DD-2026-002", "DD-2026-003"], rows.Select(r => r.QuerySelector("th")!.TextContent));
        Assert.Contains("en retard de 2 jours", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("En retard", rows[0].QuerySelector(".badge")!.TextContent);
        Assert.Contains("dans 2 jours", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("À échéance sous 7 jours", rows[1].QuerySelector(".badge")!.TextContent);
        Assert.Null(rows[2].QuerySelector(".badge"));
        Assert.NotNull(list.Document.QuerySelector("form[method=get] label[for=echeance]"));

        var late = await HtmlPage.GetAsync(client, "/demandes?echeance=en-retard");
        Assert.Equal(["DD-2026-001"], late.Document.QuerySelectorAll("table.requests tbody th").Select(th => th.TextContent));
        var soon = await HtmlPage.GetAsync(client, "/demandes?echeance=sous-7-jours");
        Assert.Equal(["DD-2026-002"], soon.Document.QuerySelectorAll("table.requests tbody th").Select(th => th.TextContent));
        var search = await HtmlPage.GetAsync(client, "/demandes?q=lefevre");
        Assert.Equal(["DD-2026-001"], search.Document.QuerySelectorAll("table.requests tbody th").Select(th => th.TextContent));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Access_ReaderRefusedControllerReadsOtherOrganisationNotFound(Db provider)
    {
        await using var setup = await PrepareAsync(provider, new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var foreign = await PrivacyTestData.OrganizationAsync(setup.Factory.Services, "Commune de Wancourt");
        var ours = await RecordAsync(setup, new DateOnly(2026, 2, 2));
        var theirs = await RecordAsync(setup, new DateOnly(2026, 2, 2), "Personne de Wancourt", foreign);
        using var reader = await SignedInAsync(setup, "lecteur@agny.example", OrganizationRoles.Reader);
        using var mayor = await SignedInAsync(setup, "maire@agny.example", OrganizationRoles.Controller);
        using var referent = await SignedInAsync(setup, "referent@agny.example", OrganizationRoles.PrivacyReferent);

        foreach (var path in new[] { "/demandes", $"/demandes/{ours}", "/demandes/nouvelle", $"/demandes/{ours}/modifier" })
        {
            using var refused = await reader.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(refused));
        }
        var seen = await HtmlPage.GetAsync(mayor, $"/demandes/{ours}");
        Assert.Equal(HttpStatusCode.OK, seen.Status);
        Assert.Null(seen.Document.QuerySelector("form.action-answer"));
        Assert.Null((await HtmlPage.GetAsync(mayor, "/demandes")).Document.QuerySelector("a[href='/demandes/nouvelle']"));
        using var mayorEdit = await mayor.GetAsync(new Uri($"/demandes/{ours}/modifier", UriKind.Relative), Ct);
        Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(mayorEdit));

        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(referent, $"/demandes/{theirs}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(referent, $"/demandes/{theirs}/modifier")).Status);
        var ownPage = await HtmlPage.GetAsync(referent, $"/demandes/{ours}");
        using var posted = await PrivacyTestData.PostAsync(referent, ownPage, $"/demandes/{theirs}?handler=start", [new("Version", "1")], "main form.action-start");
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.DoesNotContain("Personne de Wancourt", (await HtmlPage.GetAsync(referent, "/demandes")).Text, StringComparison.Ordinal);
        await using var db = setup.Database.CreateDb().UseOrganization(foreign);
        Assert.Equal(RightsRequestStatus.Received, (await db.RightsRequests.SingleAsync(Ct)).Status);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Edit_StaleVersion_ConflictMessageNothingSaved(Db provider)
    {
        await using var setup = await PrepareAsync(provider, new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var id = await RecordAsync(setup, new DateOnly(2026, 2, 2));
        using var client = await SignedInAsync(setup, "referent@agny.example", OrganizationRoles.PrivacyReferent);
        var form = await HtmlPage.GetAsync(client, $"/demandes/{id}/modifier");
        Assert.Equal(("1", "2026-02-02"), (form.FormValues()["Version"], form.FormValues()["Input.ReceivedOn"]));

        await PrivacyTestData.InAsync(setup.Factory.Services, setup.Organization, async sp =>
            (await sp.GetRequiredService<ChangeRightsRequest.Handler>().Handle(new ChangeRightsRequest.Command(id, 1, RightsRequestAction.Start), PrivacyTestData.Keeper, Ct)).Value);
        var page = await HtmlPage.ParseAsync(await PrivacyTestData.SubmitAllAsync(client, form, new Dictionary<string, string> { ["Input.RequesterName"] = "Jeanne Martin" }));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Quelqu'un a modifié cette demande", page.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Jeanne Dupont", (await ReadAsync(setup, id)).RequesterName);

        var fresh = await HtmlPage.GetAsync(client, $"/demandes/{id}/modifier");
        using var saved = await PrivacyTestData.SubmitAllAsync(client, fresh, new Dictionary<string, string> { ["Input.RequesterName"] = "Jeanne Martin", ["Input.ReceivedOn"] = "01/02/2026" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var changed = await ReadAsync(setup, id);
        Assert.Equal(("Jeanne Martin", new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 2), 3), (changed.RequesterName, changed.ReceivedOn, changed.DueDate, changed.Version));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Document_UploadedThenDownloadedAsAttachment(Db provider)
    {
        await using var setup = await PrepareAsync(provider, new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var id = await RecordAsync(setup, new DateOnly(2026, 2, 2));
        using var client = await SignedInAsync(setup, "referent@agny.example", OrganizationRoles.PrivacyReferent);
        var details = await HtmlPage.GetAsync(client, $"/demandes/{id}");
        var token = details.FormValues("main form.document-upload")["__egide_af"];

        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__egide_af" },
            { new StringContent("Lettre reçue"), "description" },
        };
        var file = new ByteArrayContent("%PDF-1.4 lettre"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "lettre.pdf");
        using var uploaded = await client.PostAsync(new Uri($"/demandes/{id}/documents", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var page = await HtmlPage.GetAsync(client, $"/demandes/{id}");
        var link = page.Document.QuerySelector(".documents a")!;
        Assert.Equal("lettre.pdf", link.TextContent);
        Assert.Contains("Lettre reçue", page.Document.QuerySelector(".documents")!.TextContent, StringComparison.Ordinal);
        using var download = await client.GetAsync(new Uri(link.GetAttribute("href")!, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("%PDF-1.4 lettre"u8.ToArray(), await download.Content.ReadAsByteArrayAsync(Ct));
    }
}
