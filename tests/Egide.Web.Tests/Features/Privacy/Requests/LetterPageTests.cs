using System.IO.Compression;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Requests;
using Egide.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Requests;

/// <summary>The letters of a rights request, downloaded as DOCX from /demandes/{id}/courrier/{kind}.</summary>
public sealed class LetterPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The real clock: signing in checks a TOTP code of the real time. The letter's date is checked against it.
    private static EgideWebFactory Factory(TestDatabase database) => new(database);

    private static Task<Guid> RequestAsync(IServiceProvider services, Guid organization, string reference, Action<RightsRequest>? change = null) =>
        PrivacyTestData.InAsync(services, organization, async sp =>
        {
            var db = sp.GetRequiredService<EgideDb>();
            var received = new DateOnly(2026, 11, 2);
            var request = new RightsRequest
            {
                OrganizationId = organization,
                Reference = reference,
                Kind = RightsRequestKind.Erasure,
                RequesterName = "Jeanne Martin",
                RequesterAddress = "12 rue des Capucins\n62000 Arras",
                Channel = RequestChannel.Post,
                ReceivedOn = received,
                DueDate = RightsRequestClock.DueDate(received),
                Status = RightsRequestStatus.Received,
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
                CreatedByName = "Bruno Petit",
                Version = 1,
            };
            change?.Invoke(request);
            db.RightsRequests.Add(request);
            await db.SaveChangesAsync(Ct);
            return request.Id;
        });

    private static async Task<HttpClient> SignedIn(EgideWebFactory factory, string email, Guid organization, OrganizationRoles roles)
    {
        var account = await TestAccounts.CreateAsync(factory.Services, email, memberships: (organization, roles));
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);
        return client;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Get_DpoMember_DocxAttachmentOfTheRequest(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = Factory(database);
        var arras = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Arras", o => o.Address.City = "Arras");
        var id = await RequestAsync(factory.Services, arras, "DD-2026-001");
        using var client = await SignedIn(factory, "dpo@arras.example", arras, OrganizationRoles.Dpo);

        using var response = await client.GetAsync(new Uri($"/demandes/{id}/courrier/accuse-reception", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("DD-2026-001-accuse-reception.docx", disposition.FileNameStar ?? disposition.FileName!.Trim('"'));
        var content = await response.Content.ReadAsByteArrayAsync(Ct);
        using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
        {
            Assert.NotNull(zip.GetEntry("word/document.xml"));
        }
        using var document = WordprocessingDocument.Open(new MemoryStream(content), false);
        var text = string.Join("\n", document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => p.InnerText));
        Assert.Contains("Réf. : DD-2026-001", text, StringComparison.Ordinal);
        Assert.Contains("Jeanne Martin", text, StringComparison.Ordinal);
        Assert.Contains("reçue le 02/11/2026", text, StringComparison.Ordinal);
        Assert.Contains("au plus tard le 02/12/2026", text, StringComparison.Ordinal);
        Assert.Contains("article 17 du RGPD", text, StringComparison.Ordinal);
        Assert.Contains($"Arras, le {FrenchFormat.LongDate(Periods.ParisDate(DateTime.UtcNow))}", text, StringComparison.Ordinal);
        Assert.Contains("Personne dpo", text, StringComparison.Ordinal); // the signatory: the person who downloads it
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Get_AnotherOrganisationsRequestOrUnknownLetter_404(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = Factory(database);
        var arras = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Arras");
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var ours = await RequestAsync(factory.Services, arras, "DD-2026-001");
        var theirs = await RequestAsync(factory.Services, agny, "DD-2026-001");
        using var client = await SignedIn(factory, "dpo@arras.example", arras, OrganizationRoles.Dpo);

        using var foreign = await client.GetAsync(new Uri($"/demandes/{theirs}/courrier/accuse-reception", UriKind.Relative), Ct);
        using var unknown = await client.GetAsync(new Uri($"/demandes/{ours}/courrier/lettre-de-menace", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Get_Reader_AccessDenied(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = Factory(database);
        var arras = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Arras");
        var id = await RequestAsync(factory.Services, arras, "DD-2026-001");
        using var client = await SignedIn(factory, "lecteur@arras.example", arras, OrganizationRoles.Reader);

        using var response = await client.GetAsync(new Uri($"/demandes/{id}/courrier/accuse-reception", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(response));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Get_RefusalWithoutReason_400WithWhatToRecord(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = Factory(database);
        var arras = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Arras");
        var id = await RequestAsync(factory.Services, arras, "DD-2026-001");
        using var client = await SignedIn(factory, "referent@arras.example", arras, OrganizationRoles.PrivacyReferent);

        using var response = await client.GetAsync(new Uri($"/demandes/{id}/courrier/refus", UriKind.Relative), Ct);
        var page = await HtmlPage.ParseAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enregistrez d'abord le motif du refus", page.Document.QuerySelector("[role=alert]")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector($"a[href='/demandes/{id}']"));
    }
}
