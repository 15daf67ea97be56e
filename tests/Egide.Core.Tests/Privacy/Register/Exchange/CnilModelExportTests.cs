using System.IO.Compression;
using System.Text;
using System.Xml;
using Egide.Core.Account;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Spreadsheets;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Privacy.Register.Exchange;

public sealed class CnilModelExportTests
{
    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", OrganizationRoles.PrivacyReferent);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<Guid> OrganizationAsync(TestDatabase database, string name, OrganizationInput.DpoInput? dpo = null)
    {
        await using var db = database.CreateDb();
        var created = await new CreateOrganization.Handler(db, TimeProvider.System).Handle(new OrganizationInput
        {
            Kind = OrganizationKind.Commune,
            Name = name,
            Address = new() { Street = "1 place de la Mairie", PostalCode = "62217", City = "Achicourt" },
            FunctionalMailbox = "mairie@achicourt.example",
            Dpo = dpo ?? new() { Kind = DpoKind.Internal, PersonName = "Claire Vasseur", Email = "dpo@achicourt.example", Phone = "03 21 00 00 00" },
            Referents = [new() { Name = "Bruno Petit", Service = "Accueil", Email = "rgpd@commune.example" }],
        }, Ct);
        Assert.True(created.IsSuccess, created.Failure?.ToString());
        return created.Value;
    }

    private static EgideDb Db(TestDatabase database, Guid organization, TimeProvider? clock = null)
    {
        var db = clock is null ? database.CreateDb() : database.CreateDb(clock);
        db.UseOrganization(organization);
        return db;
    }

    private static async Task<ExportedFile> ExportAsync(TestDatabase database, Guid organization, DateTime? at = null, TimeProvider? clock = null)
    {
        await using var db = Db(database, organization, clock);
        return await new ExportRegister.Handler(db, clock ?? TimeProvider.System).Handle(RegisterExportFormat.Cnil, at, Ct);
    }

    private static async Task<ImportPreview> PreviewAsync(TestDatabase database, Guid organization, byte[] file)
    {
        await using var db = Db(database, organization);
        return await new ImportRegister.Handler(db, database.Settings, TimeProvider.System).PreviewCnilModelAsync(new MemoryStream(file), Ct);
    }

    private static async Task ImportAsync(TestDatabase database, Guid organization, byte[] file)
    {
        var preview = await PreviewAsync(database, organization, file);
        Assert.True(preview.CanConfirm, string.Join(" / ", preview.Problems.Select(p => $"{p.Sheet} {p.Cell} {p.Message}")));
        await using var db = Db(database, organization);
        var result = await new ImportRegister.Handler(db, database.Settings, TimeProvider.System).ConfirmAsync(preview, Referent, Ct);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
    }

    private static async Task<List<ActivityInput>> EntriesAsync(TestDatabase database, Guid organization)
    {
        await using var db = Db(database, organization);
        return (await db.ProcessingActivities.AsNoTracking().OrderBy(a => a.Reference).ToListAsync(Ct)).Select(ActivityInput.Of).ToList();
    }

    private static void AssertSameEntries(List<ActivityInput> expected, List<ActivityInput> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(
                (expected[i].Reference, expected[i].Name, expected[i].Role, expected[i].ResponsibleService),
                (actual[i].Reference, actual[i].Name, actual[i].Role, actual[i].ResponsibleService));
            Assert.Equal(expected[i].Content.Write(), actual[i].Content.Write());
        }
    }

    private static async Task CreateAsync(TestDatabase database, Guid organization, ActivityInput input, TimeProvider? clock = null)
    {
        await using var db = Db(database, organization, clock);
        var result = await new CreateProcessingActivity.Handler(db, database.Settings, clock ?? TimeProvider.System).Handle(input, Referent, Ct);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RoundTrip_CnilModelImportedExportedImported_SameEntriesFieldByField(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = await OrganizationAsync(database, "Commune d'Achicourt");
        var second = await OrganizationAsync(database, "Commune de Beaurains");
        await ImportAsync(database, first, await File.ReadAllBytesAsync(ImportRegisterTests.CnilModel, Ct));

        var file = await ExportAsync(database, first);

        Assert.EndsWith(".ods", file.FileName, StringComparison.Ordinal);
        Assert.Equal(CnilModelExport.ContentType, file.ContentType);
        var sheets = OdsReader.Read(new MemoryStream(file.Content));
        Assert.Equal([CnilModelExport.ListSheet, "1 - Exemple"], sheets.Select(s => s.Name));
        Assert.True(CnilSheet.IsActivitySheet(sheets[1]));
        Assert.True(CnilList.IsListSheet(sheets[0]));

        // Against the register it came from: nothing to change.
        var again = await PreviewAsync(database, first, file.Content);
        Assert.Equal(ImportChange.Unchanged, Assert.Single(again.Activities).Change);
        Assert.DoesNotContain(again.Problems, p => p.Blocking);

        await ImportAsync(database, second, file.Content);
        var imported = await EntriesAsync(database, second);
        AssertSameEntries(await EntriesAsync(database, first), imported);
        Assert.Equal("Louise DUPONT", imported[0].Content.Controller!.Name);
        Assert.Equal(3, imported[0].Content.SubPurposes.Count);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RoundTrip_EntriesWithWhatTheModelHasNoRowFor_ComeBackWhole(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = await OrganizationAsync(database, "Commune d'Achicourt");
        var second = await OrganizationAsync(database, "Commune de Beaurains");
        var rich = ExportRegisterTests.Rich() with
        {
            Content = ExportRegisterTests.Rich().Content with
            {
                // Sensitive before ordinary, an undescribed category, spaces the ODF format would collapse, a tab.
                DataCategories =
                [
                    new() { CategoryCode = "sante", Description = "Arrêts  maladie", RetentionPeriod = "2 ans", FinalFate = FinalFate.Sorting },
                    new() { CategoryCode = "etat-civil", FinalFate = FinalFate.Destruction },
                ],
                DataSubjects = [new() { CategoryCode = "elus", EstimatedVolume = 29 }, new() { CategoryCode = "agents", Details = "Titulaires\tet contractuels" }],
                Representative = new ActorContact { Name = "Représentant UE", Country = "Belgique" },
                ClientControllers = [new ActorContact { Name = "CCAS d'Achicourt", City = "Achicourt" }],
                Transfers = [new() { Recipient = "Ministère", CountryCode = "US", Safeguard = TransferSafeguard.AdministrativeArrangement }],
            },
        };
        await CreateAsync(database, first, rich);
        await CreateAsync(database, first, new ActivityInput { Reference = "EL/001", Name = "Listes électorales" });

        var file = await ExportAsync(database, first);

        var sheets = OdsReader.Read(new MemoryStream(file.Content));
        Assert.Equal([CnilModelExport.ListSheet, "EL001", "RH-001"], sheets.Select(s => s.Name));
        var again = await PreviewAsync(database, first, file.Content);
        Assert.All(again.Activities, a => Assert.Equal(ImportChange.Unchanged, a.Change));
        await ImportAsync(database, second, file.Content);
        var imported = await EntriesAsync(database, second);
        AssertSameEntries(await EntriesAsync(database, first), imported);
        // The entry without controller does not take the list's: the fiche came from Egide, whole.
        Assert.Null(imported.Single(e => e.Reference == "EL/001").Content.Controller);
        var entry = imported.Single(e => e.Reference == "RH-001");
        Assert.Equal(("e", DpiaDecision.NotRequired, ArtificialIntelligenceUse.Assists), (entry.Content.LegalBasisCode, entry.Content.DpiaDecision, entry.Content.AiUse));
        Assert.Equal("=HYPERLINK(\"http://evil.example\")", entry.Content.AiDescription);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_ListSheet_OrganisationBlockAndOneRowPerEntryInTheModelsPlaces(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var cdg = await OrganizationAsync(database, "Centre de gestion du Pas-de-Calais");
        var organization = await OrganizationAsync(database, "Commune d'Achicourt", new()
        {
            Kind = DpoKind.External, ExternalOrganizationId = cdg, PersonName = "Claire Vasseur", Email = "dpo@cdg62.example", Phone = "03 21 00 00 01",
        });
        var clock = TestClock.At(2026, 3, 10, 9);
        await CreateAsync(database, organization, ExportRegisterTests.Rich(), clock);

        var file = await ExportAsync(database, organization, clock: clock);

        var sheets = OdsReader.Read(new MemoryStream(file.Content));
        var list = sheets[0];
        string Text(int row, int column) => list[row, column]?.Text ?? "";
        Assert.Equal(("Nom :", "Commune d'Achicourt", "1 place de la Mairie", "mairie@achicourt.example"), (Text(1, 2), Text(1, 3), Text(1, 7), Text(1, 9)));
        Assert.Equal(("62217", "Achicourt"), (Text(2, 3), Text(2, 5)));
        Assert.Equal(("Claire Vasseur", "Centre de gestion du Pas-de-Calais", "dpo@cdg62.example", "03 21 00 00 01"), (Text(5, 3), Text(5, 7), Text(6, 9), Text(6, 7)));
        Assert.Equal(("Nom du traitement", "N° / RÉF"), (Text(8, 1), Text(8, 2)));
        Assert.Equal(("Gestion de la paie", "RH-001", "Oui"), (Text(9, 1), Text(9, 2), Text(9, 8)));
        Assert.Equal((CellType.Date, "10/03/2026"), (list[9, 3]!.Type, Text(9, 3)));
        Assert.Equal("Gestion de la paie, Calcul des rémunérations, Versements | cotisations", Text(9, 5));

        var fiche = sheets[1];
        var labels = fiche.Cells.Where(c => c.Column == 1).Select(c => CnilVocabulary.Key(c.Text)).ToList();
        var template = OdsReader.Read(File.OpenRead(ImportRegisterTests.CnilModel)).Single(s => s.Name == "3_-_Modèle_de_fiche_de_registre");
        var templateLabels = template.Cells.Where(c => c.Column == 1 && c.Row > 2 && !c.Text.StartsWith("Données", StringComparison.Ordinal)
            && !c.Text.StartsWith("Numéro", StringComparison.Ordinal) && !c.Text.StartsWith("Vie ", StringComparison.Ordinal)
            && !c.Text.StartsWith("Informations", StringComparison.Ordinal) && !c.Text.StartsWith("État", StringComparison.Ordinal)).Select(c => CnilVocabulary.Key(c.Text));
        Assert.Empty(templateLabels.Except(labels));
        var dpoRow = fiche.Cells.Single(c => c.Column == 1 && c.Text == "Délégué à la protection des données").Row;
        Assert.Equal("Claire Vasseur", fiche[dpoRow, 2]!.Text);
        var health = fiche.Cells.Single(c => c.Column == 1 && c.Text == "Données concernant la santé").Row;
        Assert.True(health > fiche.Cells.Single(c => c.Column == 1 && c.Text == "Données sensibles").Row);
        var recipient = fiche.Cells.Single(c => c.Column == 1 && c.Text == "Destinataire 1").Row;
        Assert.StartsWith("Autorités publiques", fiche[recipient, 2]!.Text, StringComparison.Ordinal);
        var transfer = fiche.Cells.Single(c => c.Column == 1 && c.Text == "Organisme destinataire 1").Row;
        Assert.Equal(("Hébergeur Inc.", "Clauses contractuelles types (CCT)"), (fiche[transfer, 2]!.Text, fiche[transfer, 4]!.Text));
        var block = fiche.Cells.Single(c => c.Column == 1 && c.Text == CnilSheet.EgideBlockTitle).Row;
        string Egide(string label) => fiche[fiche.Cells.Single(c => c.Column == 1 && c.Row > block && c.Text == label).Row, 2]?.Text ?? "";
        Assert.StartsWith("e – Exécution d'une mission", Egide(FlatRegister.Headers.LegalBasis), StringComparison.Ordinal);
        Assert.Equal(("AIPD non requise", "Brouillon", "1"), (Egide(FlatRegister.Headers.DpiaDecision), Egide(FlatRegister.Headers.Status), Egide(FlatRegister.Headers.Version)));

        // Read back into the same organisation: the DPO is the one Egide knows, no warning.
        var preview = await PreviewAsync(database, organization, file.Content);
        Assert.DoesNotContain(preview.Problems, p => p.Sheet == CnilModelExport.ListSheet);
        Assert.Equal(("Claire Vasseur", "Centre de gestion du Pas-de-Calais"), (preview.Organization!.Dpo!.Name, preview.Organization.DpoCompany));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_AtEarlierDate_TheVersionOfThatDay(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await OrganizationAsync(database, "Commune d'Achicourt");
        var clock = TestClock.At(2026, 11, 2, 9);
        await CreateAsync(database, organization, new ActivityInput { Reference = "EL-001", Name = "Listes électorales" }, clock);
        clock.Advance(TimeSpan.FromDays(10));
        await using (var db = Db(database, organization, clock))
        {
            var id = await db.ProcessingActivities.Select(a => a.Id).SingleAsync(Ct);
            var update = await new UpdateProcessingActivity.Handler(db, database.Settings, clock).Handle(
                new UpdateProcessingActivity.Command(id, 1, new ActivityInput { Reference = "EL-001", Name = "Gestion des listes électorales" }, "Nom"), Referent, Ct);
            Assert.True(update.IsSuccess, update.Failure?.ToString());
        }
        await CreateAsync(database, organization, new ActivityInput { Reference = "EL-002", Name = "Propagande électorale" }, clock);

        var then = await ExportAsync(database, organization, new DateTime(2026, 11, 5, 12, 0, 0, DateTimeKind.Utc), clock);
        var now = await ExportAsync(database, organization, clock: clock);

        var old = OdsReader.Read(new MemoryStream(then.Content));
        Assert.Equal([CnilModelExport.ListSheet, "EL-001"], old.Select(s => s.Name));
        Assert.Equal("Listes électorales", old[0][9, 1]!.Text);
        Assert.Null(old[0][10, 1]);
        Assert.Equal("Listes électorales", old[1][4, 2]!.Text);
        Assert.Contains("tel qu'il était le 05/11/2026", old[0][1, 11]!.Text, StringComparison.Ordinal);
        var current = OdsReader.Read(new MemoryStream(now.Content));
        Assert.Equal(["Gestion des listes électorales", "Propagande électorale"], [current[0][9, 1]!.Text, current[0][10, 1]!.Text]);
    }

    [Fact]
    public void Write_ZipLayout_MimetypeFirstStoredThenTheOpenDocumentParts()
    {
        var block = new CnilModelExport.OrganizationBlock(new ActorContact { Name = "Commune" }, null, null);
        var content = CnilModelExport.Write("Commune", block, [], CnilSheetTests.Catalogs, new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc), null);

        // The first local header: signature, method 0 (stored), the name « mimetype », no extra field, then the type itself.
        Assert.Equal("PK\u0003\u0004", Encoding.ASCII.GetString(content, 0, 4));
        Assert.Equal(0, BitConverter.ToUInt16(content, 8));
        Assert.Equal(8, BitConverter.ToUInt16(content, 26));
        Assert.Equal(0, BitConverter.ToUInt16(content, 28));
        Assert.Equal("mimetype" + OdsWriter.MimeType, Encoding.ASCII.GetString(content, 30, 8 + OdsWriter.MimeType.Length));
        using var zip = new ZipArchive(new MemoryStream(content));
        Assert.Equal(["mimetype", "content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"], zip.Entries.Select(e => e.FullName));
        foreach (var part in zip.Entries.Skip(1))
        {
            using var stream = part.Open();
            var xml = new XmlDocument();
            xml.Load(stream); // well-formed
            Assert.StartsWith("urn:oasis:names:tc:opendocument:xmlns:", xml.DocumentElement!.NamespaceURI, StringComparison.Ordinal);
        }
        using var manifest = new StreamReader(zip.GetEntry("META-INF/manifest.xml")!.Open());
        var text = manifest.ReadToEnd();
        Assert.Contains("manifest:full-path=\"/\" manifest:version=\"1.3\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"", text, StringComparison.Ordinal);
        Assert.Contains("manifest:full-path=\"content.xml\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TextWithSpacesTabsLinesAndFormulaSigns_ReadBackAsWritten()
    {
        string[] texts = [" leading", "trailing ", "two  spaces", "   three", "a\tb", "line\nother\n\nlast", "=SUM(A1:A2)", "bell\u0007gone", "émoji 🙂"];
        var cells = texts.Select((t, i) => new OdsCell(i + 1, 1, t)).Append(new OdsCell(1, 2, "span", ColumnsSpanned: 3)).Append(new OdsCell(1, 5, "after")).ToList();

        var sheet = Assert.Single(OdsReader.Read(new MemoryStream(OdsWriter.Write([new OdsSheet("Feuille", [3], cells)], DateTime.UtcNow))));

        Assert.Equal(texts.Select(t => t.Replace("\u0007", "", StringComparison.Ordinal)), texts.Select((_, i) => sheet[i + 1, 1]!.Text));
        Assert.All(texts.Select((_, i) => sheet[i + 1, 1]!), c => Assert.False(c.IsFormula));
        Assert.Equal((3, "after"), (sheet[1, 2]!.ColumnsSpanned, sheet[1, 5]!.Text));
    }

    [Fact]
    public void SheetName_ForbiddenCharactersLengthAndDuplicates_AValidUniqueName()
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { CnilModelExport.ListSheet };

        Assert.Equal("RH001 a", CnilModelExport.SheetName("'RH/001:[ a]*?\\'", taken));
        Assert.Equal("RH001 a (2)", CnilModelExport.SheetName("RH001 a", taken));
        Assert.Equal("rh001 a (3)", CnilModelExport.SheetName("rh001 a", taken));
        Assert.Equal(CnilModelExport.ListSheet + " (2)", CnilModelExport.SheetName(CnilModelExport.ListSheet, taken));
        Assert.Equal("Fiche", CnilModelExport.SheetName("/?*", taken));
        var longName = CnilModelExport.SheetName(new string('x', 40), taken);
        Assert.Equal(31, longName.Length);
        var longAgain = CnilModelExport.SheetName(new string('x', 40), taken);
        Assert.Equal((31, " (2)"), (longAgain.Length, longAgain[^4..]));
    }
}
