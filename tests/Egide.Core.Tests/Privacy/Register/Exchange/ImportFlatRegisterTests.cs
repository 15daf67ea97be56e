using System.Text;
using ClosedXML.Excel;
using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Spreadsheets;
using Egide.Core.Tests.Data;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;
using H = Egide.Core.Privacy.Register.Exchange.FlatRegister.Headers;

namespace Egide.Core.Tests.Privacy.Register.Exchange;

public sealed class ImportFlatRegisterTests
{
    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", OrganizationRoles.PrivacyReferent);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EgideDb Db(TestDatabase database, Guid organization)
    {
        var db = database.CreateDb();
        db.UseOrganization(organization);
        return db;
    }

    private static async Task<ImportPreview> PreviewAsync(TestDatabase database, Guid organization, byte[] file, string name, ColumnMapping? mapping = null)
    {
        await using var db = Db(database, organization);
        var table = FlatTableReader.Read(file, name);
        return await new ImportFlatRegister.Handler(db, TimeProvider.System).PreviewAsync(table, mapping ?? ColumnMapping.Automatic(table.Headers), Ct);
    }

    private static async Task<(int Created, int Updated)> ConfirmAsync(TestDatabase database, Guid organization, ImportPreview preview)
    {
        await using var db = Db(database, organization);
        var result = await new ImportRegister.Handler(db, database.Settings, TimeProvider.System).ConfirmAsync(preview, Referent, Ct);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
        return result.Value;
    }

    private static async Task<Guid> CreateAsync(TestDatabase database, Guid organization, ActivityInput input)
    {
        await using var db = Db(database, organization);
        var result = await new CreateProcessingActivity.Handler(db, database.Settings, TimeProvider.System).Handle(input, Referent, Ct);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
        return result.Value;
    }

    private static async Task<Dictionary<string, ActivityInput>> EntriesAsync(TestDatabase database, Guid organization)
    {
        await using var db = Db(database, organization);
        return (await db.ProcessingActivities.AsNoTracking().ToListAsync(Ct)).ToDictionary(a => a.Reference, ActivityInput.Of);
    }

    private static async Task<ExportedFile> ExportAsync(TestDatabase database, Guid organization, RegisterExportFormat format)
    {
        await using var db = Db(database, organization);
        return await new ExportRegister.Handler(db, TimeProvider.System).Handle(format, null, Ct);
    }

    private static string Problems(ImportPreview preview) => string.Join(" / ", preview.Problems.Select(p => $"{p.Sheet} {p.Cell}: {p.Message}"));

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task FlatExport_ReimportsIdentically_CsvAndXlsx(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var source = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        Guid processor;
        await using (var db = Db(database, source))
        {
            var saved = await new SaveProcessor.Handler(db, database.Settings, TimeProvider.System).Handle(
                new SaveProcessor.Command(null, 0, new ProcessorInput { Name = "Berger-Levrault" }), Referent, Ct);
            Assert.True(saved.IsSuccess, saved.Failure?.ToString());
            processor = saved.Value;
        }
        await CreateAsync(database, source, ExportRegisterTests.Rich());
        await CreateAsync(database, source, ExportRegisterTests.Rich("RH-002") with { Name = "Carrières ; « avancement »", Content = ExportRegisterTests.Rich().Content with
        {
            Recipients = [new() { TypeCode = "sous-traitant", Details = "Hébergement | infogérance", ProcessorId = processor }],
            SubPurposes = ["Ligne un\nligne deux", "Barre oblique \\ inverse"],
        } });
        await CreateAsync(database, source, new ActivityInput { Reference = "ECO-1", Name = "Inscriptions scolaires", Content = new ActivityContent { MainPurpose = "Inscriptions" } });
        var expected = await EntriesAsync(database, source);

        foreach (var format in new[] { RegisterExportFormat.Csv, RegisterExportFormat.Xlsx })
        {
            var file = await ExportAsync(database, source, format);

            var same = await PreviewAsync(database, source, file.Content, file.FileName);
            Assert.True(same.CanConfirm, Problems(same));
            Assert.DoesNotContain(same.Problems, p => p.Blocking);
            Assert.Equal(3, same.Activities.Count);
            Assert.All(same.Activities, a => Assert.Equal(ImportChange.Unchanged, a.Change));

            var target = await TenancyTests.OrganizationAsync(database, $"Commune d'Arras {format}");
            await using (var db = Db(database, target))
            {
                await new SaveProcessor.Handler(db, database.Settings, TimeProvider.System).Handle(
                    new SaveProcessor.Command(null, 0, new ProcessorInput { Name = "berger-levrault" }), Referent, Ct);
            }
            var preview = await PreviewAsync(database, target, file.Content, file.FileName);
            Assert.True(preview.CanConfirm, Problems(preview));
            Assert.Equal((3, 0), await ConfirmAsync(database, target, preview));
            var imported = await EntriesAsync(database, target);
            Assert.Equal(expected.Keys.Order(), imported.Keys.Order());
            foreach (var (reference, entry) in expected)
            {
                var copy = imported[reference];
                var links = copy.Content.Recipients.Select(r => r.ProcessorId is null ? "" : "lien").ToList();
                Assert.Equal(entry.Content.Recipients.Select(r => r.ProcessorId is null ? "" : "lien"), links);
                static ActivityInput WithoutLinks(ActivityInput a) => a with { Content = a.Content with { Recipients = a.Content.Recipients.Select(r => r with { ProcessorId = null }).ToList() } };
                Assert.Equal(WithoutLinks(entry).Content.Write(), WithoutLinks(copy).Content.Write());
                Assert.Equal((entry.Name, entry.Role, entry.ResponsibleService), (copy.Name, copy.Role, copy.ResponsibleService));
            }
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task HandMadeCsv_Windows1252Commas_SynonymsLabelsAndNumbersRead(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        var text = "Réf,Intitulé,Finalité,Base juridique,Données,Personnes concernées,Commentaire\r\n"
            + "ET-1,État civil,Tenue des actes,c – Obligation légale,\"État civil, identité, données d'identification, images ; Vie personnelle (habitudes de vie, situation familiale, etc.)\",\"agents | | Titulaires | 1 234\",à revoir\r\n"
            + "\r\n"
            + "ET-2,Élections,Listes électorales,Exécution d'une mission d'intérêt public,,,\r\n";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var file = Encoding.GetEncoding(1252).GetBytes(text);

        var table = FlatTableReader.Read(file, "registre.csv");
        Assert.Equal("CSV, Windows-1252, séparateur « , »", table.Description);
        Assert.Equal([2, 4], table.Rows.Select(r => r.Number));
        var preview = await PreviewAsync(database, organization, file, "registre.csv");

        Assert.True(preview.CanConfirm, Problems(preview));
        var ignored = Assert.Single(preview.Problems);
        Assert.Equal((false, "La colonne « Commentaire » n'est associée à aucun champ : elle n'est pas importée."), (ignored.Blocking, ignored.Message));
        var first = preview.Activities[0].Input;
        Assert.Equal(("ET-1", "État civil", "Tenue des actes", "c"), (first.Reference, first.Name, first.Content.MainPurpose, first.Content.LegalBasisCode));
        Assert.Equal(["etat-civil", "vie-personnelle"], first.Content.DataCategories.Select(d => d.CategoryCode));
        Assert.Equal(("agents", "Titulaires", 1234), (first.Content.DataSubjects[0].CategoryCode, first.Content.DataSubjects[0].Details, first.Content.DataSubjects[0].EstimatedVolume));
        Assert.Equal("e", preview.Activities[1].Input.Content.LegalBasisCode);
        Assert.Equal("registre.csv › ligne 4", preview.Activities[1].Sheet);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task BadRows_EachNamedByRowAndColumn_NothingConfirmable(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        var csv = $"{H.Reference};{H.Name};{H.LegalBasis};{H.DataSubjects};{H.Transfers};{H.AiUse}\n"
            + "A-1;Paie;z – Bon plaisir;;;\n"      // row 2: unknown legal basis (column C)
            + "A-2;;e;;;\n"                        // row 3: empty name (column B)
            + "A-1;Doublon;e;;;\n"                 // row 4: duplicate reference (column A)
            + "A-4;Volumes;e;agents | | | beaucoup;;\n" // row 5: volume not a number (column D)
            + "A-5;Transfert;e;;Hébergeur | ZZ | Atlantide | Aucune garantie | ;\n" // row 6: unknown country (column E)
            + "A-6;IA;e;;;Une IA qui rêve\n";      // row 7: unknown AI use (column F)

        var preview = await PreviewAsync(database, organization, Encoding.UTF8.GetBytes(csv), "registre.csv");

        Assert.False(preview.CanConfirm);
        var blocking = preview.Problems.Where(p => p.Blocking).Select(p => p.Cell).ToList();
        Assert.Equal(["C2", "B3", "A4", "D5", "E6", "F7"], blocking);
        Assert.StartsWith("Base légale : base légale inconnue « z – Bon plaisir »", preview.Problems.Single(p => p.Cell == "C2").Message);
        Assert.Contains("A-1", preview.Problems.Single(p => p.Cell == "A4").Message);
        var result = await new ImportRegister.Handler(Db(database, organization), database.Settings, TimeProvider.System).ConfirmAsync(preview, Referent, Ct);
        Assert.IsType<ValidationFailure>(result.Failure);
        Assert.Empty(await EntriesAsync(database, organization));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ExistingReference_OnlyMappedFieldsChange(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        await CreateAsync(database, organization, ExportRegisterTests.Rich());
        var csv = "Code;Traitement;Objectif\nRH-001;Paie des agents;Verser la paie\n";

        var preview = await PreviewAsync(database, organization, Encoding.UTF8.GetBytes(csv), "maj.csv");
        Assert.Equal(ImportChange.Update, Assert.Single(preview.Activities).Change);
        Assert.Equal((0, 1), await ConfirmAsync(database, organization, preview));

        var entry = (await EntriesAsync(database, organization))["RH-001"];
        var rich = ExportRegisterTests.Rich();
        Assert.Equal(("Paie des agents", "Verser la paie"), (entry.Name, entry.Content.MainPurpose));
        Assert.Equal(rich.Content with { MainPurpose = "Verser la paie" }, entry.Content with { }, new ContentComparer());
        await using var db = Db(database, organization);
        Assert.EndsWith(ImportFlatRegister.ChangeReason, (await db.ActivityVersions.OrderByDescending(v => v.Number).FirstAsync(Ct)).Change, StringComparison.Ordinal);
    }

    private sealed class ContentComparer : IEqualityComparer<ActivityContent>
    {
        public bool Equals(ActivityContent? x, ActivityContent? y) => x?.Write() == y?.Write();

        public int GetHashCode(ActivityContent obj) => obj.Write().GetHashCode(StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Mapping_SavedForTheSameHeaders_AutomaticOtherwise(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        string[] headers = ["Colonne 1", "Colonne 2", "Nom du traitement"];
        var mapping = new ColumnMapping(new Dictionary<string, string> { [H.Reference] = "Colonne 1", [H.Name] = "Colonne 2" });
        var person = Guid.NewGuid();

        await using (var db = Db(database, organization))
        {
            var handler = new ImportFlatRegister.Handler(db, TimeProvider.System);
            Assert.False((await handler.MappingForAsync(headers, Ct)).Saved);
            await handler.SaveMappingAsync(headers, mapping, person, Ct);
            await handler.SaveMappingAsync(headers, mapping, person, Ct); // replaced, not added
        }
        await using (var db = Db(database, organization))
        {
            var handler = new ImportFlatRegister.Handler(db, TimeProvider.System);
            var (found, saved) = await handler.MappingForAsync(headers, Ct);
            Assert.True(saved);
            Assert.Equal(mapping.Columns.OrderBy(c => c.Key), found.Columns.OrderBy(c => c.Key));
            var (other, otherSaved) = await handler.MappingForAsync(["Colonne 1", "Nom du traitement"], Ct);
            Assert.False(otherSaved);
            Assert.Equal("Nom du traitement", other.Columns[H.Name]);
            Assert.Equal(1, await db.Set<RegisterImportMapping>().CountAsync(Ct));
        }
        var foreign = await TenancyTests.OrganizationAsync(database, "Commune d'Arras");
        await using (var db = Db(database, foreign))
        {
            Assert.False((await new ImportFlatRegister.Handler(db, TimeProvider.System).MappingForAsync(headers, Ct)).Saved);
        }
    }

    [Fact]
    public void Mapping_Check_NamesMissingRequiredUnknownAndDoubleColumns()
    {
        var mapping = new ColumnMapping(new Dictionary<string, string>
        {
            [H.Name] = "Intitulé",
            [H.MainPurpose] = "Intitulé",
            [H.Software] = "Absente",
            [H.Status] = "Statut",
        });

        string[] expected =
        [
            "Indiquez la colonne qui contient le champ « Référence » : il est nécessaire pour reconnaître chaque traitement.",
            "Le champ « Logiciels » est associé à la colonne « Absente », qui n'est pas dans ce fichier.",
            "« Statut » n'est pas un champ que l'import peut remplir.",
            "La colonne « Intitulé » est associée à plusieurs champs (« Nom du traitement », « Finalité principale ») : une colonne n'en remplit qu'un.",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), mapping.Check(["Intitulé", "Statut"]).Order(StringComparer.Ordinal));
        Assert.Throws<FormatException>(() => ColumnMapping.FromJson("[1, 2]"));
        var json = new ColumnMapping(new Dictionary<string, string> { [H.Name] = "Intitulé", [H.Reference] = "N°" }).ToJson();
        Assert.Equal(("N°", "Intitulé"), (ColumnMapping.FromJson(json).Columns[H.Reference], ColumnMapping.FromJson(json).Columns[H.Name]));
    }

    [Fact]
    public void Xlsx_MergedCellsBlock_ExportColumnsIgnoredSilently()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Mon registre");
        sheet.Cell(1, 1).Value = H.Reference;
        sheet.Cell(1, 2).Value = H.Name;
        sheet.Cell(1, 3).Value = H.Version;
        sheet.Cell(2, 1).Value = "A-1";
        sheet.Cell(2, 2).Value = "Paie";
        sheet.Cell(4, 1).Value = "A-3";
        sheet.Cell(4, 2).Value = "Fusion";
        sheet.Range("B4:B5").Merge();
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);

        var table = FlatTableReader.Read(stream.ToArray(), "registre.xlsx");

        Assert.Equal(("Mon registre", "feuille « Mon registre », en-têtes en ligne 1"), (table.Source, table.Description));
        Assert.Equal([H.Reference, H.Name, H.Version], table.Headers);
        Assert.Equal([2, 4], table.Rows.Select(r => r.Number));
        var merged = Assert.Single(table.Problems);
        Assert.Equal(("B4", true), (merged.Cell, merged.Blocking));
        Assert.StartsWith("Cellules fusionnées (B4 à B5)", merged.Message, StringComparison.Ordinal);
        Assert.Empty(ColumnMapping.Automatic(table.Headers).Ignored(table.Headers));
    }

    [Fact]
    public void Sheet_FormulaWarns_DateAsDayText_ValueOutsideHeadersWarns_AboutVersionChecked()
    {
        var sheets = new List<Sheet>
        {
            new(ExportRegister.AboutSheet, [new SheetCell(5, 1, CellType.String, "Version du format"), new SheetCell(5, 2, CellType.String, "egide-registre-plat/9")]),
            new(ExportRegister.RegisterSheet,
            [
                new SheetCell(3, 1, CellType.String, H.Reference), new SheetCell(3, 2, CellType.String, H.Name),
                new SheetCell(4, 1, CellType.Number, "12", Number: 12), new SheetCell(4, 2, CellType.String, "PAIE", IsFormula: true),
                new SheetCell(5, 1, CellType.Date, "2026-03-01", Date: new DateTime(2026, 3, 1)), new SheetCell(5, 2, CellType.String, "Cantine"),
                new SheetCell(5, 4, CellType.String, "perdu"),
            ]),
        };

        var table = FlatTableReader.FromSheets(sheets);

        Assert.Equal(["12", "01/03/2026"], table.Rows.Select(r => r.Cells[0]));
        Assert.Equal(
            [("À propos", "", true), ("Registre", "B4", false), ("Registre", "D5", false)],
            table.Problems.Select(p => (p.Sheet, p.Cell, p.Blocking)));
        Assert.Contains("egide-registre-plat/9", table.Problems[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03, 0x00 }, "ni un classeur")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 }, "mot de passe")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00 }, "n'est pas un classeur")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x0D, 0x0A }, "vide")]
    public void NotAFlatRegister_RefusedInFrench(byte[] file, string expected)
    {
        var refusal = Assert.Throws<SpreadsheetException>(() => FlatTableReader.Read(file, "x.csv"));
        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLarge_RefusedBeforeReading()
    {
        var refusal = Assert.Throws<SpreadsheetException>(() => FlatTableReader.Read(new byte[SpreadsheetReader.MaxUploadBytes + 1], "gros.csv"));
        Assert.Contains("20 Mo", refusal.Message, StringComparison.Ordinal);
    }
}
