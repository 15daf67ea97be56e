using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Tests.Data;
using Egide.Core.Tests.Privacy.Register;
using Egide.Testing;
using Xunit;

namespace Egide.Core.Tests.Cli;

public sealed class RegisterCommandsTests
{
    /// <summary>An organisation with one entry, and an empty folder for the exported file.</summary>
    internal static async Task<(Guid Organization, string Folder)> SetUpAsync(TestDatabase database)
    {
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        await using (var db = database.CreateDb())
        {
            db.UseOrganization(organization);
            var result = await new CreateProcessingActivity.Handler(db, database.Settings, TimeProvider.System)
                .Handle(ExportRegisterTests.Rich(), RegisterActor.System, TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
        }
        var folder = Directory.CreateTempSubdirectory("egide-export-").FullName;
        return (organization, folder);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_Csv_WritesTheRegisterAndNoTemporaryFile(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (organization, folder) = await SetUpAsync(database);
        try
        {
            var path = Path.Combine(folder, "registre.csv");

            var result = await CliRunner.RunAsync(database,
                "register", "export", "--org", organization.ToString(), "--format", "CSV", "-o", path);

            result.AssertSuccess();
            Assert.Equal($"Registre de Commune d'Achicourt : 1 traitement exporté dans {path}.", Assert.Single(result.OutLines));
            var row = Assert.Single(ExportRegisterTests.ReadCsv(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken), out _));
            Assert.Equal("RH-001", row[FlatRegister.Headers.Reference]);
            Assert.Equal(["registre.csv"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_XlsxAtToday_WritesAWorkbook(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (organization, folder) = await SetUpAsync(database);
        try
        {
            var path = Path.Combine(folder, "registre.xlsx");
            var today = Core.Deadlines.Periods.ParisDate(DateTime.UtcNow).ToString("yyyy-MM-dd");

            var result = await CliRunner.RunAsync(database,
                "register", "export", "--org", organization.ToString(), "--format", "xlsx", "--at", today, "-o", path);

            result.AssertSuccess();
            using var workbook = new ClosedXML.Excel.XLWorkbook(path);
            Assert.Equal("RH-001", workbook.Worksheet(ExportRegister.RegisterSheet).Cell(2, 1).GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_Cnil_WritesTheCnilModelThatImportReadsBack(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (organization, folder) = await SetUpAsync(database);
        var other = await TenancyTests.OrganizationAsync(database, "Commune de Beaurains");
        try
        {
            var path = Path.Combine(folder, "registre.ods");

            var export = await CliRunner.RunAsync(database,
                "register", "export", "--org", organization.ToString(), "--format", "cnil", "-o", path);
            var import = await CliRunner.RunAsync(database, "register", "import", path, "--org", other.ToString());

            export.AssertSuccess();
            await using (var file = File.OpenRead(path))
            {
                Assert.Equal([CnilModelExport.ListSheet, "RH-001"], Core.Spreadsheets.OdsReader.Read(file).Select(s => s.Name));
            }
            import.AssertSuccess();
            Assert.Equal("Liste des traitements : responsable « Commune d'Achicourt », représentant « non indiqué », DPO « non indiqué ».", import.OutLines[0]);
            Assert.Equal("Registre de Commune de Beaurains : 1 fiche créée, 0 fiche mise à jour.", import.OutLines[^1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_Pdf_WritesTheRegisterDocument(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (organization, folder) = await SetUpAsync(database);
        try
        {
            var path = Path.Combine(folder, "registre.pdf");

            var result = await CliRunner.RunAsync(database,
                "register", "export", "--org", organization.ToString(), "--format", "pdf", "-o", path);

            result.AssertSuccess();
            Assert.Equal($"Registre de Commune d'Achicourt : 1 traitement exporté dans {path}.", Assert.Single(result.OutLines));
            var text = Privacy.Register.Exchange.RegisterPdfTests.Normalise(
                Privacy.Register.Exchange.Pdf.Read(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken)).Text);
            Assert.Contains("RH-001 — Gestion de la paie", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("2999-01-01", "egide: --at : le 01/01/2999 n'est pas encore arrivé ; indiquez aujourd'hui ou un jour passé.")]
    [InlineData("31/12/2025", "egide: --at : « 31/12/2025 » n'est pas une date au format AAAA-MM-JJ, par exemple 2026-01-31 (aide : egide register export --help)")]
    public async Task Export_BadAt_ExitsTwoWithOneLineAndWritesNothing(string at, string expected)
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        var (organization, folder) = await SetUpAsync(database);
        try
        {
            var result = await CliRunner.RunAsync(database,
                "register", "export", "--org", organization.ToString(), "--format", "csv", "--at", at, "-o", Path.Combine(folder, "r.csv"));

            Assert.Equal(expected, result.AssertOneErrorLine());
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("ods", "egide: --format : format inconnu « ods » ; formats possibles : csv, xlsx, pdf, cnil (aide : egide register export --help)")]
    public async Task Export_UnavailableFormat_ExitsTwo(string format, string expected)
    {
        var result = await CliRunner.RunAsync("register", "export", "--org", "216207530", "--format", format, "-o", "r.csv");

        Assert.Equal(expected, result.AssertOneErrorLine());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_UnknownOrganization_ExitsTwo(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var folder = Directory.CreateTempSubdirectory("egide-export-").FullName;
        try
        {
            var result = await CliRunner.RunAsync(database,
                "register", "export", "--org", "216207530", "--format", "csv", "-o", Path.Combine(folder, "r.csv"));

            Assert.StartsWith("egide: --org : ", result.AssertOneErrorLine(), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_ExistingFile_RefusedWithoutForceReplacedWithIt(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (organization, folder) = await SetUpAsync(database);
        try
        {
            var path = Path.Combine(folder, "registre.csv");
            await File.WriteAllTextAsync(path, "à garder", TestContext.Current.CancellationToken);

            var refused = await CliRunner.RunAsync(database,
                "register", "export", "--org", organization.ToString(), "--format", "csv", "-o", path);
            Assert.Equal($"egide: --output : le fichier « {path} » existe déjà ; ajoutez --force pour le remplacer.", refused.AssertOneErrorLine());
            Assert.Equal("à garder", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));

            var forced = await CliRunner.RunAsync(database,
                "register", "export", "--org", organization.ToString(), "--format", "csv", "-o", path, "--force");
            forced.AssertSuccess();
            Assert.Single(ExportRegisterTests.ReadCsv(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken), out _));
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Import_CnilModel_DryRunWritesNothingThenImports(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune de Beaurains");
        var file = Privacy.Register.Exchange.ImportRegisterTests.CnilModel;

        var dry = await CliRunner.RunAsync(database, "register", "import", file, "--org", organization.ToString(), "--dry-run");
        dry.AssertSuccess();
        Assert.Contains("Feuille « 4_-_Exemple_de_fiche » : création de la fiche « 1 - Exemple – Gestion de la paie ».", dry.OutLines);
        Assert.Equal("Simulation : rien n'a été importé.", dry.OutLines[^1]);

        var run = await CliRunner.RunAsync(database, "register", "import", file, "--org", organization.ToString());
        run.AssertSuccess();
        Assert.Equal("Registre de Commune de Beaurains : 1 fiche créée, 0 fiche mise à jour.", run.OutLines[^1]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Import_NotASpreadsheet_OneLineExit2(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune de Beaurains");
        var folder = Directory.CreateTempSubdirectory("egide-import-").FullName;
        try
        {
            var fake = Path.Combine(folder, "registre.ods");
            await File.WriteAllBytesAsync(fake, [0x00, 0x01, 0x02, 0xFF, 0x00], TestContext.Current.CancellationToken);
            var result = await CliRunner.RunAsync(database, "register", "import", fake, "--org", organization.ToString());
            Assert.Equal("egide: import refusé : 1 erreur dans le fichier ; rien n'a été importé.", result.AssertOneErrorLine());
            Assert.Contains(result.OutLines, l => l.Contains("ni un classeur", StringComparison.Ordinal));

            var missing = await CliRunner.RunAsync(database, "register", "import", Path.Combine(folder, "absent.csv"), "--org", organization.ToString());
            Assert.StartsWith("egide: FICHIER : le fichier « ", missing.AssertOneErrorLine(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Import_FlatCsvWithMappingFile_DryRunThenImports_BadMappingOneLine(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune de Beaurains");
        var folder = Directory.CreateTempSubdirectory("egide-import-").FullName;
        try
        {
            var csv = Path.Combine(folder, "mon-registre.csv");
            await File.WriteAllTextAsync(csv, "Col A;Col B;Col C\nCAN-1;Cantine;Repas des élèves\n", ct);
            var mapping = Path.Combine(folder, "correspondance.json");
            await File.WriteAllTextAsync(mapping, """{ "Référence": "Col A", "Nom du traitement": "Col B", "Finalité principale": "Col C" }""", ct);

            var dry = await CliRunner.RunAsync(database, "register", "import", csv, "--org", organization.ToString(), "--mapping", mapping, "--dry-run");
            dry.AssertSuccess();
            Assert.Contains("Tableau : CSV, UTF-8, séparateur « ; », 1 ligne. Correspondance des colonnes (celle du fichier correspondance.json) :", dry.OutLines);
            Assert.Contains("Nom du traitement ← « Col B »", dry.OutLines);
            Assert.Contains("mon-registre.csv › ligne 2 : création de la fiche « CAN-1 – Cantine ».", dry.OutLines);

            var run = await CliRunner.RunAsync(database, "register", "import", csv, "--org", organization.ToString(), "--mapping", mapping);
            run.AssertSuccess();
            Assert.Equal("Registre de Commune de Beaurains : 1 fiche créée, 0 fiche mise à jour.", run.OutLines[^1]);

            var unmapped = await CliRunner.RunAsync(database, "register", "import", csv, "--org", organization.ToString());
            Assert.Equal("egide: import refusé : 2 erreurs dans le fichier ; rien n'a été importé.", unmapped.AssertOneErrorLine());
            Assert.Contains(unmapped.OutLines, l => l.Contains("« Référence »", StringComparison.Ordinal));

            await File.WriteAllTextAsync(mapping, "pas du JSON", ct);
            var bad = await CliRunner.RunAsync(database, "register", "import", csv, "--org", organization.ToString(), "--mapping", mapping);
            Assert.StartsWith("egide: --mapping : La correspondance n'est pas un objet JSON", bad.AssertOneErrorLine(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
