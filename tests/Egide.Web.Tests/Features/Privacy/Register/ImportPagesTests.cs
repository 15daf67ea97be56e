using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ClosedXML.Excel;
using Egide.Core.Account;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Spreadsheets;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Register;

public sealed class ImportPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string name)
    {
        var page = await HtmlPage.GetAsync(client, "/registre/import");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(page.FormValues()["__egide_af"]), "__egide_af" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        return await client.PostAsync(new Uri("/registre/import", UriKind.Relative), form, Ct);
    }

    private static async Task<List<ProcessingActivity>> EntriesAsync(IServiceProvider services, Guid organization) =>
        await PrivacyTestData.InAsync(services, organization, sp => sp.GetRequiredService<EgideDb>().ProcessingActivities.AsNoTracking().ToListAsync(Ct));

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task FlatCsv_Mapping_Preview_Confirm_ThenMappingRemembered(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (agny, OrganizationRoles.PrivacyReferent));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(referent);
        var csv = Encoding.UTF8.GetBytes("N° fiche;Intitulé;Pourquoi\nCAN-1;Cantine scolaire;Repas des élèves\nET-1;État civil;Actes\n");

        using var uploaded = await UploadAsync(client, csv, "mon registre.csv");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var mappingUrl = uploaded.Headers.Location!.OriginalString;
        Assert.Matches("^/registre/import/[0-9a-f-]{36}/correspondance$", mappingUrl);

        var mapping = await HtmlPage.GetAsync(client, mappingUrl);
        Assert.Equal(HttpStatusCode.OK, mapping.Status);
        Assert.Contains("CSV, UTF-8, séparateur « ; »", mapping.Text, StringComparison.Ordinal);
        var fields = mapping.FormValues();
        Assert.Equal("Intitulé", fields["Columns[1]"]); // a usual synonym of « Nom du traitement »
        Assert.Equal("", fields["Columns[0]"]);         // « N° fiche » is not recognised
        var referenceIndex = ColumnMapping.Fields.ToList().IndexOf(FlatRegister.Headers.Reference);
        var purposeIndex = ColumnMapping.Fields.ToList().IndexOf(FlatRegister.Headers.MainPurpose);

        using var incomplete = await mapping.SubmitAsync(client, new Dictionary<string, string>());
        var refused = await HtmlPage.ParseAsync(incomplete);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Indiquez la colonne qui contient le champ « Référence »", refused.Text, StringComparison.Ordinal);

        using var saved = await mapping.SubmitAsync(client, new Dictionary<string, string>
        {
            [$"Columns[{referenceIndex}]"] = "N° fiche",
            [$"Columns[{purposeIndex}]"] = "Pourquoi",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var previewUrl = saved.Headers.Location!.OriginalString;
        Assert.Equal(mappingUrl.Replace("/correspondance", "", StringComparison.Ordinal), previewUrl);

        var preview = await HtmlPage.GetAsync(client, previewUrl);
        Assert.Contains("2 fiche(s) créée(s) en brouillon", preview.Text, StringComparison.Ordinal);
        Assert.Contains("mon registre.csv › ligne 3", preview.Text, StringComparison.Ordinal);
        Assert.Empty(await EntriesAsync(factory.Services, agny));

        using var confirmed = await preview.SubmitAsync(client, new Dictionary<string, string>());
        Assert.Equal("/registre", PrivacyTestData.PathOf(confirmed));
        var entries = await EntriesAsync(factory.Services, agny);
        Assert.Equal(["CAN-1", "ET-1"], entries.Select(e => e.Reference).Order());
        Assert.Equal("Repas des élèves", entries.Single(e => e.Reference == "CAN-1").Content.MainPurpose);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, previewUrl)).Status); // the file is gone

        // The same layout again: the saved mapping applies, straight to the preview; everything unchanged.
        using var again = await UploadAsync(client, csv, "mon registre.csv");
        var againUrl = again.Headers.Location!.OriginalString;
        Assert.DoesNotContain("correspondance", againUrl, StringComparison.Ordinal);
        var second = await HtmlPage.GetAsync(client, againUrl);
        Assert.Contains("La correspondance enregistrée pour ces en-têtes est appliquée.", second.Text, StringComparison.Ordinal);
        Assert.Contains("2 fiche(s) inchangée(s)", second.Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task BadFiles_PreviewNamesProblems_NothingImported_OtherOrganisationCannotSeeTheUpload(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var beaurains = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune de Beaurains");
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (agny, OrganizationRoles.PrivacyReferent));
        var other = await TestAccounts.CreateAsync(factory.Services, "referent@beaurains.example", memberships: (beaurains, OrganizationRoles.PrivacyReferent));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(referent);
        using var otherClient = factory.CreateClient(new() { AllowAutoRedirect = false });
        await otherClient.SignInAsync(other);

        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Registre");
        sheet.Cell(1, 1).Value = FlatRegister.Headers.Reference;
        sheet.Cell(1, 2).Value = FlatRegister.Headers.Name;
        sheet.Cell(1, 3).Value = FlatRegister.Headers.LegalBasis;
        sheet.Cell(2, 1).Value = "A-1";
        sheet.Cell(2, 2).Value = "Paie";
        sheet.Cell(2, 3).Value = "z – Bon plaisir";
        sheet.Cell(3, 1).Value = "A-2";
        sheet.Cell(3, 2).Value = "Fusion";
        sheet.Range("B3:B4").Merge();
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);

        using var uploaded = await UploadAsync(client, stream.ToArray(), "registre.xlsx");
        var previewUrl = uploaded.Headers.Location!.OriginalString;
        Assert.DoesNotContain("correspondance", previewUrl, StringComparison.Ordinal); // Egide's headers: recognised
        var preview = await HtmlPage.GetAsync(client, previewUrl);
        Assert.Contains("2 erreur(s) empêchent l'import", preview.Text, StringComparison.Ordinal);
        var rows = preview.Document.QuerySelectorAll("table.import-problems tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("C2", StringComparison.Ordinal) && r.Contains("base légale inconnue « z – Bon plaisir »", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("B3", StringComparison.Ordinal) && r.Contains("Cellules fusionnées", StringComparison.Ordinal));
        Assert.Null(preview.Document.QuerySelector("main form[method=post]"));

        // Posting the confirmation anyway writes nothing.
        var token = (await HtmlPage.GetAsync(client, "/registre/import")).FormValues()["__egide_af"];
        using var forced = await client.PostAsync(new Uri(previewUrl, UriKind.Relative), new FormUrlEncodedContent([new("__egide_af", token)]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forced.StatusCode);
        Assert.Empty(await EntriesAsync(factory.Services, agny));

        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(otherClient, previewUrl)).Status);

        using var notASpreadsheet = await UploadAsync(client, [0x00, 0x01, 0x02, 0x00], "photo.ods");
        var refusal = await HtmlPage.GetAsync(client, notASpreadsheet.Headers.Location!.OriginalString);
        Assert.Contains("ni un classeur", refusal.Text, StringComparison.Ordinal);

        using var tooLarge = await UploadAsync(client, new byte[(int)SpreadsheetReader.MaxUploadBytes + 1], "enorme.csv");
        var tooLargePage = await HtmlPage.ParseAsync(tooLarge);
        Assert.Equal(HttpStatusCode.OK, tooLargePage.Status);
        Assert.Contains("Ce fichier dépasse 20 Mo", tooLargePage.Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CnilModelXlsx_StraightToPreview_WithTheListBlock_ThenImported(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var dpo = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (agny, OrganizationRoles.PrivacyReferent));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(dpo);
        var model = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "cnil", "registre-traitement-simplifie.xlsx"), Ct);

        using var uploaded = await UploadAsync(client, model, "registre CNIL.xlsx");
        var previewUrl = uploaded.Headers.Location!.OriginalString;
        Assert.DoesNotContain("correspondance", previewUrl, StringComparison.Ordinal);
        var preview = await HtmlPage.GetAsync(client, previewUrl);

        Assert.Contains("modèle de registre de la CNIL", preview.Text, StringComparison.Ordinal);
        Assert.Contains("Ce que dit la liste des traitements", preview.Text, StringComparison.Ordinal);
        Assert.Contains("1 fiche(s) créée(s) en brouillon", preview.Text, StringComparison.Ordinal);
        using var confirmed = await preview.SubmitAsync(client, new Dictionary<string, string>());
        Assert.Equal("/registre", PrivacyTestData.PathOf(confirmed));
        var entry = Assert.Single(await EntriesAsync(factory.Services, agny));
        Assert.Equal(("1 - Exemple", "Gestion de la paie"), (entry.Reference, entry.Name));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Template_HeadersTheImportRecognises_AndCatalogueCodes(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (agny, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        using var response = await client.GetAsync(new Uri("/registre/import/modele", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FlatRegisterTemplate.FileName, response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var table = FlatTableReader.Read(await response.Content.ReadAsByteArrayAsync(Ct), FlatRegisterTemplate.FileName);
        Assert.Equal(ColumnMapping.Fields, table.Headers);
        Assert.Equal(ColumnMapping.Fields.Count, ColumnMapping.Automatic(table.Headers).Columns.Count);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        var codes = workbook.Worksheet(FlatRegisterTemplate.CodesSheet);
        Assert.Contains(codes.RowsUsed(), r => r.Cell(2).GetString() == "etat-civil");
    }
}
