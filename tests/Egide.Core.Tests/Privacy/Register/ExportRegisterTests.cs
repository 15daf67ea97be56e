using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using CsvHelper.Configuration;
using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Tests.Data;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;
using H = Egide.Core.Privacy.Register.Exchange.FlatRegister.Headers;

namespace Egide.Core.Tests.Privacy.Register;

public sealed class ExportRegisterTests
{
    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", OrganizationRoles.PrivacyReferent);

    internal static ActivityInput Rich(string reference = "RH-001") => new()
    {
        Reference = reference,
        Name = "Gestion de la paie",
        Role = ProcessingRole.JointController,
        ResponsibleService = "Ressources humaines",
        Content = new ActivityContent
        {
            Description = "Calcul et versement des traitements.\nDeux lignes.",
            Controller = new ActorContact { Name = "Claire Lefebvre, maire", City = "Achicourt", Email = "maire@achicourt.example" },
            JointControllers = [new ActorContact { Name = "CDG 62", PostalCode = "62000", City = "Arras" }],
            MainPurpose = "Gestion de la paie",
            SubPurposes = ["Calcul des rémunérations", "Versements | cotisations"],
            LegalBasisCode = "e",
            LegalBasisJustification = "Code général de la fonction publique, art. L. 712-1",
            DataCategories =
            [
                new() { CategoryCode = "etat-civil", Description = "Noms, prénoms", RetentionPeriod = "5 ans", FinalFate = FinalFate.Destruction },
                new() { CategoryCode = "sante", Description = "Arrêts maladie", RetentionPeriod = "2 ans", FinalFate = FinalFate.Sorting },
            ],
            DataSubjects = [new() { CategoryCode = "agents", Details = "Titulaires et contractuels", EstimatedVolume = 1200 }],
            Recipients = [new() { TypeCode = "autorite", Details = "Trésorerie" }],
            Transfers = [new() { Recipient = "Hébergeur Inc.", CountryCode = "US", Safeguard = TransferSafeguard.StandardContractualClauses, Documentation = "Contrat du 12/03/2025" }],
            SecurityMeasures = [new() { MeasureCode = "sauvegarde", Details = "Quotidienne" }],
            SecurityDetails = "Serveur au centre de gestion",
            DataSource = "Les agents",
            CollectionMethod = "Formulaire papier",
            Software = "Logiciel de paie",
            Media = "Dossiers papier",
            AiUse = ArtificialIntelligenceUse.Assists,
            AiDescription = "=HYPERLINK(\"http://evil.example\")",
            EdpbCriteria = ["donnees-sensibles"],
            CnilDpiaListMatches = ["profils-rh"],
            DpiaDecision = DpiaDecision.NotRequired,
            DpiaDecisionReason = "Un seul critère",
        },
    };

    private static ActivityInput Plain(string reference, string name) => new()
    {
        Reference = reference,
        Name = name,
        Content = new ActivityContent { MainPurpose = "Inscriptions", LegalBasisCode = "c" },
    };

    private sealed record Setup(TestDatabase Database, Guid Organization, TestClock Clock) : IAsyncDisposable
    {
        public EgideDb Db()
        {
            var db = Database.CreateDb(Clock);
            db.UseOrganization(Organization);
            return db;
        }

        public async Task<Guid> Create(ActivityInput input)
        {
            await using var db = Db();
            var result = await new CreateProcessingActivity.Handler(db, Database.Settings, Clock).Handle(input, Referent, TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
            return result.Value;
        }

        public async Task<ExportedFile> Export(RegisterExportFormat format, DateTime? at = null)
        {
            await using var db = Db();
            return await new ExportRegister.Handler(db, Clock).Handle(format, at, TestContext.Current.CancellationToken);
        }

        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    private static async Task<Setup> SetUp(Db provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        return new Setup(database, organization, TestClock.At(2026, 11, 23, 9));
    }

    internal static List<Dictionary<string, string>> ReadCsv(byte[] content, out string[] headers)
    {
        Assert.Equal([0xEF, 0xBB, 0xBF], content[..3]);
        using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";" });
        csv.Read();
        csv.ReadHeader();
        headers = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>();
            foreach (var header in headers)
            {
                row[header] = csv.GetField(header)!;
            }
            rows.Add(row);
        }
        return rows;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_Csv_EveryFieldInItsColumn(Db provider)
    {
        await using var setup = await SetUp(provider);
        await setup.Create(Plain("EL-001", "Listes électorales"));
        await setup.Create(Rich());

        var file = await setup.Export(RegisterExportFormat.Csv);

        Assert.Equal("registre-commune-d-achicourt-2026-11-23.csv", file.FileName);
        Assert.StartsWith("text/csv", file.ContentType);
        var text = Encoding.UTF8.GetString(file.Content);
        Assert.Contains("\r\n", text);
        var rows = ReadCsv(file.Content, out var headers);
        Assert.Equal(FlatRegister.Columns.Select(c => c.Header), headers);
        Assert.Equal(["EL-001", "RH-001"], rows.Select(r => r[H.Reference]));

        var rich = rows[1];
        Assert.Equal("Gestion de la paie", rich[H.Name]);
        Assert.Equal("Responsable conjoint", rich[H.Role]);
        Assert.Equal("Ressources humaines", rich[H.Service]);
        Assert.Equal("Brouillon", rich[H.Status]);
        Assert.Equal("Calcul et versement des traitements.\nDeux lignes.", rich[H.Description]);
        Assert.Equal("Claire Lefebvre, maire |  |  | Achicourt |  |  | maire@achicourt.example", rich[H.Controller]);
        Assert.Equal("", rich[H.Representative]);
        Assert.Equal("CDG 62 |  | 62000 | Arras |  |  | ", rich[H.JointControllers]);
        Assert.Equal("Gestion de la paie", rich[H.MainPurpose]);
        Assert.Equal("Calcul des rémunérations\nVersements \\| cotisations", rich[H.SubPurposes]);
        Assert.Equal(["Calcul des rémunérations", "Versements | cotisations"],
            FlatRegister.Items(rich[H.SubPurposes]).Select(i => Assert.Single(FlatRegister.Parts(i))));
        Assert.StartsWith("e – Exécution d'une mission d'intérêt public", rich[H.LegalBasis]);
        Assert.Equal("Code général de la fonction publique, art. L. 712-1", rich[H.LegalBasisJustification]);
        Assert.Equal(
            "etat-civil | État civil, identité, données d'identification, images | Noms, prénoms | 5 ans | Destruction\n"
            + "sante | Données concernant la santé | Arrêts maladie | 2 ans | Tri (destruction partielle, versement du reste)",
            rich[H.DataCategories]);
        Assert.Equal("Oui", rich[H.SpecialData]);
        Assert.Equal("Non", rows[0][H.SpecialData]);
        Assert.Equal("agents | Agents et salariés | Titulaires et contractuels | 1200", rich[H.DataSubjects]);
        var recipient = FlatRegister.Parts(Assert.Single(FlatRegister.Items(rich[H.Recipients])));
        Assert.Equal(["autorite", "Trésorerie", ""], [recipient[0], recipient[2], recipient[3]]);
        var transfer = FlatRegister.Parts(Assert.Single(FlatRegister.Items(rich[H.Transfers])));
        Assert.Equal("Hébergeur Inc.", transfer[0]);
        Assert.Equal("US", transfer[1]);
        Assert.Equal("Clauses contractuelles types (art. 46)", transfer[3]);
        Assert.Equal("Contrat du 12/03/2025", transfer[4]);
        Assert.Equal("sauvegarde | Sauvegarde des données | Quotidienne", rich[H.SecurityMeasures]);
        Assert.Equal("Serveur au centre de gestion", rich[H.SecurityDetails]);
        Assert.Equal("Les agents", rich[H.DataSource]);
        Assert.Equal("Formulaire papier", rich[H.CollectionMethod]);
        Assert.Equal("Logiciel de paie", rich[H.Software]);
        Assert.Equal("Dossiers papier", rich[H.Media]);
        Assert.Equal("Une IA aide les personnes qui décident", rich[H.AiUse]);
        Assert.Equal("donnees-sensibles", FlatRegister.Parts(rich[H.EdpbCriteria])[0]);
        Assert.Equal("profils-rh", FlatRegister.Parts(rich[H.CnilDpiaList])[0]);
        Assert.Equal("AIPD non requise", rich[H.DpiaDecision]);
        Assert.Equal("Un seul critère", rich[H.DpiaDecisionReason]);
        Assert.Equal("", rich[H.DpoOpinion]);
        Assert.Equal("", rich[H.ValidatedAt]);
        Assert.Equal("23/11/2026", rich[H.CreatedAt]);
        Assert.Equal("23/11/2026", rich[H.UpdatedAt]);
        Assert.Equal("23/11/2026", rich[H.LastReviewedAt]);
        Assert.Equal("1", rich[H.Version]);

        // The labels read back to the values they were written from.
        Assert.True(RegisterVocabulary.Roles.TryParse(rich[H.Role], out var role));
        Assert.Equal(ProcessingRole.JointController, role);
        Assert.True(RegisterVocabulary.FinalFates.TryParse(FlatRegister.Parts(FlatRegister.Items(rich[H.DataCategories])[1])[4], out var fate));
        Assert.Equal(FinalFate.Sorting, fate);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_EachExport_RecordedInTheAuditTrail(Db provider)
    {
        await using var setup = await SetUp(provider);
        await setup.Create(Plain("ENF-001", "Inscriptions scolaires"));

        var csv = await setup.Export(RegisterExportFormat.Csv);
        var pdf = await setup.Export(RegisterExportFormat.Pdf, setup.Clock.Now.UtcDateTime);

        await using var db = setup.Db();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.Downloaded).OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(("Organization", setup.Organization.ToString("D"), setup.Organization), (e.EntityType, e.EntityId, e.OrganizationId!.Value)));
        Assert.Contains(csv.FileName, entries[0].Changes, StringComparison.Ordinal);
        Assert.Contains("\"Csv\"", entries[0].Changes, StringComparison.Ordinal);
        Assert.Contains(pdf.FileName, entries[1].Changes, StringComparison.Ordinal);
        Assert.Contains("2026-11-23T09:00:00", entries[1].Changes, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_CsvFormulaLikeText_Neutralised(Db provider)
    {
        await using var setup = await SetUp(provider);
        await setup.Create(Rich() with { ResponsibleService = "+33 1 23 45 67 89", Name = "@SUM(A1)" });

        var file = await setup.Export(RegisterExportFormat.Csv);

        var row = Assert.Single(ReadCsv(file.Content, out _));
        Assert.Equal("'=HYPERLINK(\"http://evil.example\")", row[H.AiDescription]);
        Assert.Equal("'+33 1 23 45 67 89", row[H.Service]);
        Assert.Equal("'@SUM(A1)", row[H.Name]);
        Assert.Equal("=HYPERLINK(\"http://evil.example\")", FlatRegister.Restore(row[H.AiDescription]));
        // A text that merely starts with an apostrophe is left alone, both ways.
        Assert.Equal("'Mairie'", FlatRegister.Restore(FlatRegister.Neutralise("'Mairie'")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_AtEarlierDate_OldNameAndNoLaterEntry(Db provider)
    {
        await using var setup = await SetUp(provider);
        var id = await setup.Create(Plain("EL-001", "Listes électorales"));
        setup.Clock.Advance(TimeSpan.FromDays(10));
        await using (var db = setup.Db())
        {
            var update = await new UpdateProcessingActivity.Handler(db, setup.Database.Settings, setup.Clock).Handle(
                new UpdateProcessingActivity.Command(id, 1, Plain("EL-001", "Gestion des listes électorales"), "Nom"), Referent,
                TestContext.Current.CancellationToken);
            Assert.True(update.IsSuccess, update.Failure?.ToString());
        }
        await setup.Create(Plain("EL-002", "Propagande électorale"));

        var then = await setup.Export(RegisterExportFormat.Csv, new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc));
        var now = await setup.Export(RegisterExportFormat.Csv);

        Assert.Equal("registre-commune-d-achicourt-2026-11-25.csv", then.FileName);
        var old = Assert.Single(ReadCsv(then.Content, out _));
        Assert.Equal("Listes électorales", old[H.Name]);
        Assert.Equal("1", old[H.Version]);
        Assert.Equal(["Gestion des listes électorales", "Propagande électorale"], ReadCsv(now.Content, out _).Select(r => r[H.Name]));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_Xlsx_RegisterAndAboutSheets(Db provider)
    {
        await using var setup = await SetUp(provider);
        await setup.Create(Plain("EL-001", "Listes électorales"));
        await setup.Create(Rich());

        var file = await setup.Export(RegisterExportFormat.Xlsx, new DateTime(2026, 11, 23, 22, 0, 0, DateTimeKind.Utc));

        Assert.Equal("registre-commune-d-achicourt-2026-11-23.xlsx", file.FileName);
        using var workbook = new XLWorkbook(new MemoryStream(file.Content));
        var sheet = workbook.Worksheet(ExportRegister.RegisterSheet);
        Assert.Equal(FlatRegister.Columns.Select(c => c.Header),
            Enumerable.Range(1, FlatRegister.Columns.Count).Select(c => sheet.Cell(1, c).GetString()));
        Assert.True(sheet.Cell(1, 1).Style.Font.Bold);
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.True(sheet.Cell(3, 1).Style.Alignment.WrapText);
        Assert.All(Enumerable.Range(1, FlatRegister.Columns.Count), c => Assert.True(sheet.Column(c).Width >= 9));
        string Cell(int row, string header) => sheet.Cell(row, FlatRegister.Columns.ToList().FindIndex(c => c.Header == header) + 1).GetString();
        Assert.Equal("RH-001", Cell(3, H.Reference));
        Assert.Equal("Gestion de la paie", Cell(3, H.Name));
        Assert.Equal("agents | Agents et salariés | Titulaires et contractuels | 1200", Cell(3, H.DataSubjects));
        Assert.Equal("23/11/2026", Cell(3, H.CreatedAt));
        // Text, not a formula, and without the CSV's apostrophe.
        var ai = sheet.Cell(3, FlatRegister.Columns.ToList().FindIndex(c => c.Header == H.AiDescription) + 1);
        Assert.False(ai.HasFormula);
        Assert.Equal("=HYPERLINK(\"http://evil.example\")", ai.GetString());
        Assert.True(sheet.Cell(4, 1).IsEmpty());

        var about = workbook.Worksheet(ExportRegister.AboutSheet);
        var lines = Enumerable.Range(1, 6).ToDictionary(r => about.Cell(r, 1).GetString(), r => about.Cell(r, 2).GetString());
        Assert.Equal("Commune d'Achicourt", lines["Organisme"]);
        Assert.Equal("23/11/2026 à 10 h 00", lines["Généré le"]);
        Assert.Equal("23/11/2026", lines["Registre au"]);
        Assert.Equal("2", lines["Nombre de traitements"]);
        Assert.Equal(FlatRegister.FormatVersion, lines["Version du format"]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_AnotherOrganizationsEntries_LeftOut(Db provider)
    {
        await using var setup = await SetUp(provider);
        await setup.Create(Plain("EL-001", "Listes électorales"));
        var other = await TenancyTests.OrganizationAsync(setup.Database, "Commune de Beaurains");
        await (setup with { Organization = other }).Create(Plain("ZZ-001", "Vidéoprotection de Beaurains"));

        var rows = ReadCsv((await setup.Export(RegisterExportFormat.Csv)).Content, out _);

        Assert.Equal(["EL-001"], rows.Select(r => r[H.Reference]));
    }

    [Fact]
    public void Parts_EscapedSeparatorsAndLineBreaks_RoundTrip()
    {
        var item = FlatRegister.Item("a|b", "c\\d", "e\nf", null);
        Assert.Equal("a\\|b | c\\\\d | e\\nf | ", item);
        Assert.Equal(["a|b", "c\\d", "e\nf", ""], FlatRegister.Parts(item));
    }

    [Theory]
    [InlineData("Commune d'Achicourt", "commune-d-achicourt")]
    [InlineData("  Syndicat intercommunal à vocation unique (SIVU) ", "syndicat-intercommunal-a-vocation-unique-sivu")]
    [InlineData("///", "organisme")]
    public void Slug_Name_AsciiWords(string name, string slug) => Assert.Equal(slug, ExportRegister.Slug(name));
}
