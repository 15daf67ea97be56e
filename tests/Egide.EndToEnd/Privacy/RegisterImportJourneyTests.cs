using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.EndToEnd.Account;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Egide.EndToEnd.Privacy;

/// <summary>
/// A commune's register kept in a spreadsheet, brought into Egide by its privacy referent: she sends the file as
/// Excel saves it (CSV, Windows-1252, « ; »), says which of her columns hold the reference and the purpose, reads
/// what the import will do, confirms, then hands the register to the CNIL as a PDF.
/// </summary>
public sealed class RegisterImportJourneyTests(BrowserFixture browser)
{
    private const string Commune = "Commune de Beaurains"; // no register in the demo data: the import fills an empty one
    private const string FileName = "registre-mairie.csv";
    private const string SchoolName = "Restauration scolaire et périscolaire";
    private const string CivilName = "Tenue des actes d'état civil";

    /// <summary>Her own headers: « Intitulé » and « Base juridique » are usual names, « N° fiche » and « Pourquoi » are not.</summary>
    private static readonly string Csv =
        "N° fiche;Intitulé;Pourquoi;Base juridique;Remarques\r\n" +
        $"BEA-01;{SchoolName};Inscrire les enfants à la cantine;e – Mission d'intérêt public;à revoir en 2026\r\n" +
        $"BEA-02;{CivilName};Établir et délivrer les actes de naissance, mariage et décès;c – Obligation légale;\r\n";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Spreadsheet_MappedPreviewedConfirmed_RegisterDownloadedAsPdf(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await RunningApp.StartAsync(db);
        Guid commune;
        await using (var context = app.Database.CreateDb())
        {
            commune = await context.Organizations.Where(o => o.Name == Commune).Select(o => o.Id).SingleAsync(ct);
        }
        var referent = await TestAccounts.CreateAsync(app.Factory.Services, "referente.import@beaurains.example", memberships: (commune, OrganizationRoles.PrivacyReferent));
        var folder = Directory.CreateTempSubdirectory("egide-import-").FullName;
        try
        {
            var spreadsheet = Path.Combine(folder, FileName);
            await File.WriteAllBytesAsync(spreadsheet, Windows1252(Csv), ct);

            await using var session = await browser.OpenSessionAsync(app.BaseAddress, $"{nameof(Spreadsheet_MappedPreviewedConfirmed_RegisterDownloadedAsPdf)}-{db}");
            var page = session.Page;
            var main = page.GetByRole(AriaRole.Main);

            // From the register to the import form.
            await SignInSteps.SignInAsync(session, referent, "referente");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).GetByRole(AriaRole.Link, new() { Name = "Registre RGPD" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/registre$"));
            await Expect(main).ToContainTextAsync("0 fiche");
            await main.GetByRole(AriaRole.Link, new() { Name = "Importer un registre (tableur, modèle CNIL)" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/registre/import$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Importer un registre");
            var file = page.GetByLabel("Fichier à importer");
            await Expect(file).ToHaveAttributeAsync("type", "file");
            await Expect(file).ToHaveAccessibleDescriptionAsync(new Regex(@"\.ods, \.xlsx ou \.csv"));
            await file.SetInputFilesAsync(spreadsheet);
            await session.StepAsync("fichier-choisi");
            await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer et voir l'aperçu" }).ClickAsync();

            // Not every header is recognised: the mapping step, with what was recognised already chosen.
            await Expect(page).ToHaveURLAsync(new Regex("/registre/import/[0-9a-f-]{36}/correspondance$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Correspondance des colonnes");
            await Expect(main).ToContainTextAsync($"« {FileName} »");
            await Expect(main).ToContainTextAsync("Windows-1252");
            var reference = main.GetByLabel("Référence");
            var name = main.GetByLabel("Nom du traitement");
            var purpose = main.GetByLabel("Finalité principale");
            var legalBasis = main.GetByLabel("Base légale", new() { Exact = true });
            await Expect(reference).ToHaveValueAsync("");
            await Expect(name).ToHaveValueAsync("Intitulé");
            await Expect(legalBasis).ToHaveValueAsync("Base juridique");
            await Expect(purpose).ToHaveValueAsync("");
            await Expect(reference.GetByRole(AriaRole.Option)).ToHaveTextAsync(
                ["— Ne pas importer —", "A – N° fiche (ex. : BEA-01)", $"B – Intitulé (ex. : {SchoolName})",
                 "C – Pourquoi (ex. : Inscrire les enfants à la cantine)", "D – Base juridique (ex. : e – Mission d'intérêt public)",
                 "E – Remarques (ex. : à revoir en 2026)"]);
            await session.StepAsync("correspondance");

            // Without the reference nothing can be matched: refused, in French, and the keyboard is taken to the errors.
            var save = page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la correspondance et voir l'aperçu" });
            await save.ClickAsync();
            var summary = main.GetByRole(AriaRole.Alert);
            await Expect(summary).ToBeVisibleAsync();
            await Expect(summary.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Une erreur empêche l'enregistrement");
            await Expect(summary).ToContainTextAsync("Indiquez la colonne qui contient le champ « Référence »");
            await Expect(summary).ToBeFocusedAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/correspondance$"));
            await Expect(reference).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(reference).ToHaveAccessibleDescriptionAsync(new Regex("Erreur : Indiquez la colonne qui contient le champ « Référence »"));
            await Expect(name).ToHaveValueAsync("Intitulé"); // what was chosen is kept
            await session.StepAsync("reference-manquante");

            await summary.GetByRole(AriaRole.Link, new() { Name = "Référence" }).ClickAsync();
            await Expect(reference).ToBeFocusedAsync();
            await reference.SelectOptionAsync(new SelectOptionValue { Label = "A – N° fiche (ex. : BEA-01)" });
            await purpose.SelectOptionAsync(new SelectOptionValue { Label = "C – Pourquoi (ex. : Inscrire les enfants à la cantine)" });
            await session.StepAsync("correspondance-corrigee");
            await save.ClickAsync();

            // The preview: two drafts to create, the column left out named, nothing written yet.
            await Expect(page).ToHaveURLAsync(new Regex("/registre/import/[0-9a-f-]{36}$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Aperçu de l'import");
            await Expect(main.GetByRole(AriaRole.Status).Filter(new() { HasText = "correspondance des colonnes est enregistrée" })).ToBeVisibleAsync();
            var plan = main.GetByRole(AriaRole.Region, new() { Name = "Ce que l'import fera" });
            await Expect(plan.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(
                ["2 fiche(s) créée(s) en brouillon ;", "0 fiche(s) mise(s) à jour ;", "0 fiche(s) inchangée(s)."]);
            var problems = main.GetByRole(AriaRole.Region, new() { Name = "Problèmes relevés (0 erreur(s), 1 avertissement(s))" });
            await Expect(problems.GetByRole(AriaRole.Row).Filter(new() { HasText = "Avertissement" }))
                .ToContainTextAsync("La colonne « Remarques » n'est associée à aucun champ : elle n'est pas importée.");
            var read = main.GetByRole(AriaRole.Region, new() { Name = "Fiches lues (2)" });
            await Expect(read.GetByRole(AriaRole.Row, new() { Name = "BEA-01" })).ToContainTextAsync(new Regex($@"› ligne 2\s+BEA-01\s+{SchoolName}\s+Création"));
            await Expect(read.GetByRole(AriaRole.Row, new() { Name = "BEA-02" })).ToContainTextAsync(new Regex($@"› ligne 3\s+BEA-02\s+{CivilName}\s+Création"));
            await Expect(main).ToContainTextAsync("Rien n'est encore enregistré.");
            Assert.Equal(0, await CountEntriesAsync(app, commune, ct));
            await session.StepAsync("apercu");

            await plan.GetByRole(AriaRole.Button, new() { Name = "Confirmer l'import" }).ClickAsync();

            // Back to the register, which now holds both entries as drafts, their legal bases read from « e – … », « c – … ».
            await Expect(page).ToHaveURLAsync(new Regex("/registre$"));
            await Expect(main.GetByRole(AriaRole.Status).Filter(new() { HasText = "Import de" }))
                .ToHaveTextAsync($"Import de « {FileName} » terminé : 2 fiches créées, 0 fiche mise à jour.");
            var entries = main.GetByRole(AriaRole.Table);
            await Expect(entries.GetByRole(AriaRole.Row, new() { Name = SchoolName })).ToContainTextAsync(new Regex(@"BEA-01\s[\s\S]*Brouillon\s+Art\. 6\(1\)\(e\)"));
            await Expect(entries.GetByRole(AriaRole.Row, new() { Name = CivilName })).ToContainTextAsync(new Regex(@"BEA-02\s[\s\S]*Brouillon\s+Art\. 6\(1\)\(c\)"));
            Assert.Equal(2, await CountEntriesAsync(app, commune, ct));
            await session.StepAsync("registre-importe");

            // The register's document, as handed to the CNIL.
            var download = await page.RunAndWaitForDownloadAsync(() =>
                main.GetByRole(AriaRole.Region, new() { Name = "Exporter" }).GetByRole(AriaRole.Link, new() { Name = "PDF", Exact = true }).ClickAsync());
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
            var registerPdf = Path.Combine(folder, download.SuggestedFilename);
            await download.SaveAsAsync(registerPdf);
            var register = PdfText(registerPdf);
            Assert.Contains("Registre des activités de traitement", register, StringComparison.Ordinal);
            Assert.Contains(Commune, register, StringComparison.Ordinal);
            Assert.Contains(SchoolName, register, StringComparison.Ordinal);
            Assert.Contains(CivilName, register, StringComparison.Ordinal);
            Assert.Contains("Inscrire les enfants à la cantine", register, StringComparison.Ordinal);

            // And one entry on its own, from its page.
            await entries.GetByRole(AriaRole.Link, new() { Name = CivilName }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(CivilName);
            await session.StepAsync("fiche-importee");
            var entryDownload = await page.RunAndWaitForDownloadAsync(() =>
                main.GetByRole(AriaRole.Link, new() { Name = "Télécharger en PDF la fiche BEA-02" }).ClickAsync());
            var entryPdf = Path.Combine(folder, "fiche-" + entryDownload.SuggestedFilename);
            await entryDownload.SaveAsAsync(entryPdf);
            var entry = PdfText(entryPdf);
            Assert.Contains(CivilName, entry, StringComparison.Ordinal);
            Assert.Contains(Commune, entry, StringComparison.Ordinal);
            Assert.DoesNotContain(SchoolName, entry, StringComparison.Ordinal);
            await session.CompleteAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What Excel writes for « CSV (séparateur : point-virgule) » on a French Windows.</summary>
    private static byte[] Windows1252(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetBytes(text);
    }

    private static async Task<int> CountEntriesAsync(RunningApp app, Guid organization, CancellationToken ct)
    {
        await using var context = app.Database.CreateDb();
        return await context.UseOrganization(organization).ProcessingActivities.CountAsync(ct);
    }

    /// <summary>A downloaded PDF's text (poppler's pdftotext), spaces and line breaks collapsed: a long name may wrap.</summary>
    private static string PdfText(string path)
    {
        Assert.Equal("%PDF-"u8.ToArray(), File.ReadAllBytes(path)[..5]);
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var argument in new[] { "-enc", "UTF-8", path, "-" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdftotext did not start (poppler-utils installed?)");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pdftotext failed: {errors.Result}");
        return Regex.Replace(output, @"\s+", " ");
    }
}
