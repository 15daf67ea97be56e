using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Privacy.Register.Exchange;

/// <summary>The register and one activity as PDF, read back as text with poppler's pdftotext and pdfinfo.</summary>
public sealed partial class RegisterPdfTests
{
    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", OrganizationRoles.PrivacyReferent);
    private static readonly RegisterActor Dpo = new(Guid.NewGuid(), "Claire Vasseur", OrganizationRoles.Dpo);
    private static readonly RegisterActor Controller = new(Guid.NewGuid(), "Françoise Delannoy, maire", OrganizationRoles.Controller);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every field filled, with the characters French text needs.</summary>
    private static ActivityInput Full() => ExportRegisterTests.Rich() with
    {
        Content = ExportRegisterTests.Rich().Content with
        {
            Representative = new ActorContact { Name = "Maître Lœtitia Dubœuf", Address = "3 rue de l'Église", PostalCode = "62000", City = "Arras", Country = "France", Phone = "03 21 00 00 00", Email = "avocat@arras.example" },
            ClientControllers = [new ActorContact { Name = "CCAS d'Achicourt", City = "Achicourt" }],
            Description = "Coût annuel : 1 234,50 € ; « cœur » de l’activité des ressources humaines.\nDeux lignes.",
            CnilDpiaListMatches = ["profils-rh"],
        },
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
            var result = await new CreateProcessingActivity.Handler(db, Database.Settings, Clock).Handle(input, Referent, Ct);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
            return result.Value;
        }

        /// <summary>Submitted, given the DPO's opinion and validated: the opinion and validation fields are filled.</summary>
        public async Task Validate(Guid id)
        {
            await using var db = Db();
            var change = new ChangeActivityStatus.Handler(db, Database.Settings, Clock);
            var version = (await change.Handle(new(id, 1, ActivityAction.Submit), Referent, Ct)).Value;
            version = (await change.Handle(new(id, version, ActivityAction.GiveDpoOpinion, DpoOpinionKind.FavourableWithReservations,
                "Réduire la durée de conservation des arrêts maladie."), Dpo, Ct)).Value;
            var validated = await change.Handle(new(id, version, ActivityAction.Validate), Controller, Ct);
            Assert.True(validated.IsSuccess, validated.Failure?.ToString());
        }

        public async Task<ExportedFile> Export(DateTime? at = null)
        {
            await using var db = Db();
            return await new ExportRegister.Handler(db, Clock).Handle(RegisterExportFormat.Pdf, at, Ct);
        }

        public async Task<ExportedFile?> ExportActivity(Guid id)
        {
            await using var db = Db();
            return await new Egide.Core.Privacy.Register.Exchange.ExportActivity.Handler(db, Clock).Handle(id, Ct);
        }

        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    private static async Task<Setup> SetUp(Db provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        await using var db = database.CreateDb(clock);
        var created = await new CreateOrganization.Handler(db, clock).Handle(new OrganizationInput
        {
            Kind = OrganizationKind.Commune,
            Name = "Commune d'Achicourt",
            Siren = "216200048",
            Address = new() { Street = "Place de l'Hôtel de Ville", PostalCode = "62217", City = "Achicourt" },
            Dpo = new() { Kind = DpoKind.External, PersonName = "Claire Vasseur", ExternalBodyName = "Centre de gestion du Pas-de-Calais", Email = "dpo@cdg62.example", CnilDesignationNumber = "DPO-10008" },
            Referents = [new() { Name = "Sandrine Lemoine", Service = "Accueil – état civil", Email = "rgpd@achicourt.example" }],
            Contacts = [new() { Name = "Jean Dufour", Role = "Directeur général des services", Email = "dgs@achicourt.example" }],
        }, Ct);
        Assert.True(created.IsSuccess, created.Failure?.ToString());
        return new Setup(database, created.Value, clock);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_Pdf_CoverSummaryAndEveryFieldOfEachActivity(Db provider)
    {
        await using var setup = await SetUp(provider);
        await setup.Create(new ActivityInput { Reference = "EL-001", Name = "Listes électorales", Content = new() { MainPurpose = "Inscriptions", LegalBasisCode = "c" } });
        var id = await setup.Create(Full());
        await setup.Validate(id);

        var file = await setup.Export();

        Assert.Equal("registre-commune-d-achicourt-2026-11-23.pdf", file.FileName);
        Assert.Equal("application/pdf", file.ContentType);
        Assert.Equal(2, file.ActivityCount);
        var pdf = Pdf.Read(file.Content);
        var cover = Normalise(pdf.Pages[0]);
        Assert.Contains("Registre des activités de traitement", cover, StringComparison.Ordinal);
        Assert.Contains("Commune d'Achicourt", cover, StringComparison.Ordinal);
        Assert.Contains("SIREN 216 200 048", cover, StringComparison.Ordinal);
        Assert.Contains("Place de l'Hôtel de Ville, 62217 Achicourt", cover, StringComparison.Ordinal);
        Assert.Contains("Claire Vasseur", cover, StringComparison.Ordinal);
        Assert.Contains("Centre de gestion du Pas-de-Calais", cover, StringComparison.Ordinal);
        Assert.Contains("DPO-10008", cover, StringComparison.Ordinal);
        Assert.Contains("Sandrine Lemoine — Accueil – état civil — rgpd@achicourt.example", cover, StringComparison.Ordinal);
        Assert.Contains("Jean Dufour — Directeur général des services", cover, StringComparison.Ordinal);
        Assert.Contains("Généré le 23/11/2026 à 10 h 00", cover, StringComparison.Ordinal);
        Assert.Contains("Nombre de traitements 2", cover, StringComparison.Ordinal);
        Assert.DoesNotContain("Registre au", cover, StringComparison.Ordinal);

        var summary = Normalise(pdf.Pages[1]);
        Assert.Contains("Sommaire des traitements", summary, StringComparison.Ordinal);
        Assert.True(summary.IndexOf("EL-001", StringComparison.Ordinal) < summary.IndexOf("RH-001", StringComparison.Ordinal));
        Assert.Contains("Validée", summary, StringComparison.Ordinal);

        // Every page has its footer, with the right count.
        Assert.Equal(pdf.PageCount, pdf.Pages.Count);
        for (var n = 1; n <= pdf.PageCount; n++)
        {
            var page = Normalise(pdf.Pages[n - 1]);
            Assert.Contains($"Page {n} / {pdf.PageCount}", page, StringComparison.Ordinal);
            Assert.Contains("Commune d'Achicourt · Registre des activités de traitement · généré le 23/11/2026 à 10 h 00", page, StringComparison.Ordinal);
        }

        // The validated activity's section holds every column's header and value.
        var section = Section(pdf, "RH-001 — Gestion de la paie");
        Assert.Contains("Version 4 · Validée", Normalise(section), StringComparison.Ordinal);
        await using var db = setup.Db();
        var snapshot = ActivitySnapshot.Of(await db.ProcessingActivities.FindAsync([id], Ct) ?? throw new InvalidOperationException());
        var context = new FlatRegister.FlatContext(await RegisterCatalogs.LoadAsync(db, Ct), new Dictionary<Guid, string>());
        foreach (var column in FlatRegister.Columns)
        {
            AssertWords(column.Header, section);
            var value = column.Value(snapshot, context);
            Assert.False(string.IsNullOrWhiteSpace(value), $"The full activity leaves « {column.Header} » empty.");
            AssertWords(RegisterPdf.Display(column.Header, value), section);
        }
        // Multi-valued cells read as lines of parts, not in the flat layout's escaped form.
        Assert.Contains("Calcul des rémunérations", Normalise(section), StringComparison.Ordinal);
        Assert.Contains("Versements | cotisations", Normalise(section), StringComparison.Ordinal);
        Assert.DoesNotContain("\\|", section, StringComparison.Ordinal);
        Assert.Contains("etat-civil — État civil, identité, données d'identification, images — Noms, prénoms — 5 ans — Destruction",
            Normalise(section), StringComparison.Ordinal);
        Assert.Contains("Réduire la durée de conservation des arrêts maladie.", Normalise(section), StringComparison.Ordinal);
        // Accents, guillemets, euro sign, ligature and typographic apostrophe survive as text.
        Assert.Contains("Coût annuel : 1 234,50 € ; « cœur » de l’activité", Normalise(section), StringComparison.Ordinal);
        Assert.Contains("Maître Lœtitia Dubœuf", Normalise(section), StringComparison.Ordinal);

        // The activity with few fields says what is missing.
        Assert.Contains($"{FlatRegister.Headers.Description} {RegisterPdf.NotProvided}", Normalise(Section(pdf, "EL-001 — Listes électorales")), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Handle_PdfAtEarlierDate_OldVersionAndDateOnCover(Db provider)
    {
        await using var setup = await SetUp(provider);
        var id = await setup.Create(new ActivityInput { Reference = "EL-001", Name = "Listes électorales", Content = new() { MainPurpose = "Inscriptions", LegalBasisCode = "c" } });
        setup.Clock.Advance(TimeSpan.FromDays(10));
        await using (var db = setup.Db())
        {
            var update = await new UpdateProcessingActivity.Handler(db, setup.Database.Settings, setup.Clock).Handle(
                new UpdateProcessingActivity.Command(id, 1, new ActivityInput { Reference = "EL-001", Name = "Gestion des listes électorales", Content = new() { MainPurpose = "Inscriptions", LegalBasisCode = "c" } }, "Nom"),
                Referent, Ct);
            Assert.True(update.IsSuccess, update.Failure?.ToString());
        }
        await setup.Create(new ActivityInput { Reference = "EL-002", Name = "Propagande électorale" });

        var then = Pdf.Read((await setup.Export(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc))).Content);
        var now = Pdf.Read((await setup.Export()).Content);

        var old = Normalise(then.Text);
        Assert.Contains("Registre au 25/11/2026", old, StringComparison.Ordinal);
        Assert.Contains("Nombre de traitements 1", old, StringComparison.Ordinal);
        Assert.Contains("EL-001 — Listes électorales", old, StringComparison.Ordinal);
        Assert.Contains("Version 1 · Brouillon", old, StringComparison.Ordinal);
        Assert.DoesNotContain("Gestion des listes", old, StringComparison.Ordinal);
        Assert.DoesNotContain("EL-002", old, StringComparison.Ordinal);
        Assert.Contains("Registre des activités de traitement au 25/11/2026 · généré le 03/12/2026", old, StringComparison.Ordinal);
        var current = Normalise(now.Text);
        Assert.Contains("EL-001 — Gestion des listes électorales", current, StringComparison.Ordinal);
        Assert.Contains("EL-002 — Propagande électorale", current, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ExportActivity_OwnActivity_OneSectionUnderAShortHeader(Db provider)
    {
        await using var setup = await SetUp(provider);
        await setup.Create(new ActivityInput { Reference = "EL-001", Name = "Listes électorales" });
        var id = await setup.Create(Full());

        var file = await setup.ExportActivity(id);

        Assert.NotNull(file);
        Assert.Equal("fiche-rh-001-2026-11-23.pdf", file.FileName);
        Assert.Equal("application/pdf", file.ContentType);
        var pdf = Pdf.Read(file.Content);
        var text = Normalise(pdf.Text);
        Assert.StartsWith("Registre des activités de traitement Commune d'Achicourt — SIREN 216 200 048", text, StringComparison.Ordinal);
        Assert.Contains("DPO : Claire Vasseur", text, StringComparison.Ordinal);
        Assert.Contains("RH-001 — Gestion de la paie", text, StringComparison.Ordinal);
        Assert.Contains("Version 1 · Brouillon", text, StringComparison.Ordinal);
        Assert.DoesNotContain("EL-001", text, StringComparison.Ordinal);
        foreach (var column in FlatRegister.Columns)
        {
            AssertWords(column.Header, pdf.Text);
        }
        Assert.Contains($"Page {pdf.PageCount} / {pdf.PageCount}", Normalise(pdf.Pages[^1]), StringComparison.Ordinal);
        await using var db = setup.Db();
        var downloaded = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.Downloaded).ToListAsync(Ct));
        Assert.Equal(("ProcessingActivity", id.ToString("D")), (downloaded.EntityType, downloaded.EntityId));
        Assert.Contains("fiche-rh-001-2026-11-23.pdf", downloaded.Changes, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ExportActivity_AnotherOrganizationsActivity_Null(Db provider)
    {
        await using var setup = await SetUp(provider);
        var other = await Egide.Core.Tests.Data.TenancyTests.OrganizationAsync(setup.Database, "Commune de Beaurains");
        var theirs = await (setup with { Organization = other }).Create(new ActivityInput { Reference = "VP-001", Name = "Vidéoprotection" });

        Assert.Null(await setup.ExportActivity(theirs));
        Assert.Null(await setup.ExportActivity(Guid.NewGuid()));
    }

    [Theory]
    [InlineData("", "Non renseigné")]
    [InlineData("a \\| b | | c", "a | b — c")]
    [InlineData("x | y\nz |  ", "• x — y\n• z")]
    public void Display_MultiValuedCell_LinesOfNonEmptyParts(string cell, string shown) =>
        Assert.Equal(shown, RegisterPdf.Display(FlatRegister.Headers.DataSubjects, cell));

    [Fact]
    public void Display_SingleValuedCell_AsWritten() =>
        Assert.Equal("a | b", RegisterPdf.Display(FlatRegister.Headers.Description, "a | b"));

    /// <summary>The activity's section: from its heading to the next section's (or the end).</summary>
    private static string Section(Pdf pdf, string heading)
    {
        var start = pdf.Pages.FindIndex(p => Normalise(p).Contains(heading, StringComparison.Ordinal) && !Normalise(p).Contains("Sommaire", StringComparison.Ordinal));
        Assert.True(start >= 0, $"No section « {heading} ».");
        var end = start + 1;
        while (end < pdf.Pages.Count && !SectionStart().IsMatch(Normalise(pdf.Pages[end])))
        {
            end++;
        }
        return string.Join("\n", pdf.Pages.GetRange(start, end - start));
    }

    /// <summary>
    /// Each line of <paramref name="expected"/> is found in <paramref name="text"/>, its words in order. Words, not the
    /// line: the key and value columns share the lines of the extracted text.
    /// </summary>
    private static void AssertWords(string expected, string text)
    {
        var words = Words(text);
        foreach (var line in expected.Split('\n'))
        {
            var wanted = Words(line);
            var at = 0;
            foreach (var word in wanted)
            {
                var found = words.IndexOf(word, at);
                Assert.True(found >= 0, $"« {word} » of « {line} » is missing (or out of order) in:\n{text}");
                at = found + 1;
            }
        }
    }

    private static List<string> Words(string text) => Normalise(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    internal static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\S+ — .+ Version \d+ · ")]
    private static partial Regex SectionStart();
}

/// <summary>A PDF's text, page by page (pdftotext -layout), and its page count (pdfinfo).</summary>
internal sealed record Pdf(int PageCount, List<string> Pages)
{
    public string Text => string.Join("\n", Pages);

    public static Pdf Read(byte[] content)
    {
        Assert.Equal("%PDF-"u8.ToArray(), content[..5]);
        var path = Path.Combine(Path.GetTempPath(), $"egide-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, content);
        try
        {
            var info = Run("pdfinfo", path);
            var pages = int.Parse(Regex.Match(info, @"^Pages:\s+(\d+)", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
            // Pages are separated by form feeds; the last one ends with one too.
            var text = Run("pdftotext", "-layout", "-enc", "UTF-8", path, "-");
            return new Pdf(pages, text.Split('\f').SkipLast(1).ToList());
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start (poppler-utils installed?)");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
        return output;
    }
}
