using DocumentFormat.OpenXml.Wordprocessing;
using Egide.Core.Common;
using Egide.Core.Deadlines;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Requests;
using Egide.Core.Privacy.Requests.Letters;
using Xunit;

namespace Egide.Core.Tests.Privacy.Requests.Letters;

public sealed class RequestLettersTests
{
    private static readonly DateOnly Received = new(2026, 11, 2);

    private static Organization Arras() => new()
    {
        Name = "Commune d'Arras",
        Address = new PostalAddress { Street = "Place Guy Mollet", PostalCode = "62000", City = "Arras" },
        Dpo = new DpoDesignation { Kind = DpoKind.External, PersonName = "Claire Lefebvre", Email = "dpo@cdg62.example", Phone = "03 21 00 00 00", ExternalBodyName = "CDG 62" },
    };

    /// <summary>A request whose record holds everything every letter states.</summary>
    private static RightsRequest Complete(RightsRequestKind kind = RightsRequestKind.Access) => new()
    {
        Reference = "DD-2026-001",
        Kind = kind,
        Description = "Je souhaite obtenir une copie des données me concernant.",
        RequesterName = "Jeanne Martin",
        RequesterAddress = "12 rue des Capucins\n62000 Arras",
        RequesterEmail = "jeanne.martin@example.org",
        Channel = RequestChannel.Post,
        ReceivedOn = Received,
        DueDate = RightsRequestClock.DueDate(Received),
        IdentityProofRequestedOn = new DateOnly(2026, 11, 4),
        Status = RightsRequestStatus.Answered,
        AnsweredOn = new DateOnly(2026, 11, 20),
        AnswerSummary = "Les données vous concernant ont été extraites du logiciel de l'état civil.",
        RefusalReason = RefusalReason.Excessive,
        RefusalDetail = "Vous avez présenté la même demande à quatre reprises depuis le 1er septembre 2026.",
    };

    private static LetterData Data(RightsRequest request, params string[] activities) =>
        new(request, Arras(), activities, new LetterSignatory("Frédéric Leturque", "Le Maire"), new DateOnly(2026, 11, 23));

    private static string Generate(LetterKind kind, LetterData data)
    {
        var result = RequestLetters.Generate(kind, data);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
        return LetterFiles.ValidText(result.Value);
    }

    [Theory]
    [InlineData(LetterKind.Acknowledgement)]
    [InlineData(LetterKind.IdentityProofRequest)]
    [InlineData(LetterKind.Extension)]
    [InlineData(LetterKind.Answer)]
    [InlineData(LetterKind.Refusal)]
    public void Generate_EveryKind_ValidDocxWithTheRecordsValues(LetterKind kind)
    {
        var request = Complete();
        if (kind == LetterKind.Extension)
        {
            request.ExtensionMonths = 1;
            request.ExtensionReason = "Les données sont réparties entre plusieurs services.";
            request.DueDate = RightsRequestClock.ExtendedDueDate(Received, 1);
        }

        var text = Generate(kind, Data(request, "État civil"));

        Assert.Contains("Réf. : DD-2026-001", text, StringComparison.Ordinal);
        Assert.Contains("Jeanne Martin", text, StringComparison.Ordinal);
        Assert.Contains("12 rue des Capucins", text, StringComparison.Ordinal);
        Assert.Contains("reçue le 02/11/2026 par courrier postal", text, StringComparison.Ordinal);
        Assert.Contains("Arras, le 23 novembre 2026", text, StringComparison.Ordinal);
        Assert.Contains("Madame, Monsieur,", text, StringComparison.Ordinal);
        Assert.Contains("Commune d'Arras", text, StringComparison.Ordinal);
        Assert.Contains("Objet : ", text, StringComparison.Ordinal);
        Assert.Contains("article 15 du RGPD", text, StringComparison.Ordinal);
        // Every letter ends with the DPO's contact.
        Assert.Contains("vous pouvez contacter notre délégué à la protection des données (DPO), Claire Lefebvre, CDG 62, par courrier électronique à dpo@cdg62.example, par téléphone au 03 21 00 00 00", text, StringComparison.Ordinal);
        Assert.Contains("salutations distinguées", text, StringComparison.Ordinal);
        Assert.Contains("Le Maire", text, StringComparison.Ordinal);
        Assert.Contains("Frédéric Leturque", text, StringComparison.Ordinal);
        if (kind is LetterKind.Acknowledgement or LetterKind.Extension)
        {
            Assert.Contains(FrenchFormat.Date(request.DueDate), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Generate_Acknowledgement_OneMonthDueDateAndArticle12()
    {
        var text = Generate(LetterKind.Acknowledgement, Data(Complete()));

        Assert.Equal(new DateOnly(2026, 12, 2), RightsRequestClock.DueDate(Received));
        Assert.Contains("au plus tard le 02/12/2026", text, StringComparison.Ordinal);
        Assert.Contains("article 12, paragraphe 3", text, StringComparison.Ordinal);
        Assert.Contains("Je souhaite obtenir une copie", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ExtensionOfTwoMonths_ThreeMonthsInAllAndTheEnginesDueDate()
    {
        var received = new DateOnly(2026, 11, 30);
        var request = Complete();
        request.ReceivedOn = received;
        request.ExtensionMonths = 2;
        request.ExtensionReason = "Votre demande porte sur des archives conservées sur trois sites.";
        request.DueDate = RightsRequestClock.ExtendedDueDate(received, 2);
        // 30/11/2026 + 3 months = 28/02/2027, a Sunday: moved to Monday 01/03/2027.
        Assert.Equal(DayOfWeek.Sunday, new DateOnly(2027, 2, 28).DayOfWeek);
        Assert.Equal(new DateOnly(2027, 3, 1), request.DueDate);

        var text = Generate(LetterKind.Extension, Data(request));

        Assert.Contains("reçue le 30/11/2026", text, StringComparison.Ordinal);
        Assert.Contains($"au plus tard le {FrenchFormat.Date(RightsRequestClock.DueDate(received))}", text, StringComparison.Ordinal);
        Assert.Contains("prolongé de 2 mois, soit un délai total de 3 mois", text, StringComparison.Ordinal);
        Assert.Contains("archives conservées sur trois sites", text, StringComparison.Ordinal);
        Assert.Contains("au plus tard le 01/03/2027", text, StringComparison.Ordinal);
        Assert.Contains("article 12, paragraphe 3", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_AccessAnswer_SummaryActivitiesAndArticle15Information()
    {
        var result = RequestLetters.Generate(LetterKind.Answer, Data(Complete(), "État civil", "Inscriptions scolaires"));
        var text = LetterFiles.ValidText(result.Value);

        Assert.Contains("extraites du logiciel de l'état civil", text, StringComparison.Ordinal);
        Assert.Contains("État civil", text, StringComparison.Ordinal);
        Assert.Contains("Inscriptions scolaires", text, StringComparison.Ordinal);
        Assert.Contains("article 15, paragraphe 1", text, StringComparison.Ordinal);
        foreach (var item in new[] { "finalités", "catégories de données", "destinataires", "durée de conservation", "rectification", "réclamation auprès de la Commission nationale de l'informatique et des libertés", "source", "décision automatisée" })
        {
            Assert.Contains(item, text, StringComparison.Ordinal);
        }
        // The eight points of art. 15(1) are one lettered Word list.
        using var document = LetterFiles.Open(result.Value);
        var listed = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>()
            .Where(p => p.ParagraphProperties?.NumberingProperties is not null)
            .GroupBy(p => p.ParagraphProperties!.NumberingProperties!.NumberingId!.Val!.Value).Select(g => g.Count()).ToList();
        Assert.Equal([2, 8], listed);
    }

    [Fact]
    public void Generate_AccessAnswerTwoActivities_Article15PerActivityBlanksOnlyWhereTheRegisterIsSilent()
    {
        var civil = new LetterActivity("État civil", "Tenue des registres de l'état civil", ["Délivrance des actes"],
            [new LetterDataCategory("Identité", "Nom, prénoms", "Durée d'utilité administrative"), new LetterDataCategory("Vie personnelle", null, "75 ans")],
            ["Services de l'état civil", "Procureur de la République (mentions marginales)"], [], Egide.Core.Privacy.Register.ArtificialIntelligenceUse.None);
        var school = new LetterActivity("Inscriptions scolaires", "Inscription des enfants", [],
            [new LetterDataCategory("Identité", null, null)], [],
            [new LetterTransfer("Hébergeur Cloud Inc.", "États-Unis", "Clauses contractuelles types (art. 46)")], Egide.Core.Privacy.Register.ArtificialIntelligenceUse.Assists);

        var text = Generate(LetterKind.Answer, Data(Complete(), "État civil", "Inscriptions scolaires") with { Activities = [civil, school] });

        Assert.Contains("les finalités des traitements : pour « État civil », Tenue des registres de l'état civil (Délivrance des actes) ; "
            + "pour « Inscriptions scolaires », Inscription des enfants ;", text, StringComparison.Ordinal);
        Assert.Contains("pour « État civil », Identité (Nom, prénoms), Vie personnelle ; pour « Inscriptions scolaires », Identité ;", text, StringComparison.Ordinal);
        Assert.Contains("pour « Inscriptions scolaires », [à compléter] ; ces données sont transférées hors de l'Union européenne", text, StringComparison.Ordinal);
        Assert.Contains("Hébergeur Cloud Inc. (États-Unis, clauses contractuelles types (art. 46))", text, StringComparison.Ordinal);
        Assert.Contains("pour « État civil », Identité : Durée d'utilité administrative, Vie personnelle : 75 ans ; pour « Inscriptions scolaires », [à compléter] ;", text, StringComparison.Ordinal);
        Assert.Contains("aucune décision n'est fondée exclusivement sur un traitement automatisé", text, StringComparison.Ordinal);
        // Left to complete: one activity's recipients and retention, and the source, which the register does not hold.
        Assert.Equal(3, text.Split('[').Length - 1);
    }

    [Fact]
    public void Generate_AccessAnswerOneActivityDecidedByAi_NoTransferAndTheLogicToExplain()
    {
        var benefits = new LetterActivity("Aides sociales", "Attribution des aides facultatives", [],
            [new LetterDataCategory("Situation économique", null, "5 ans")], ["CCAS"], [], Egide.Core.Privacy.Register.ArtificialIntelligenceUse.Decides);

        var text = Generate(LetterKind.Answer, Data(Complete(), "Aides sociales") with { Activities = [benefits] });

        Assert.Contains("les finalités du traitement : Attribution des aides facultatives ;", text, StringComparison.Ordinal);
        Assert.Contains("CCAS ; aucune de ces données n'est transférée hors de l'Union européenne ;", text, StringComparison.Ordinal);
        Assert.Contains("pour « Aides sociales », la décision est produite, en tout ou partie, par un système d'intelligence artificielle : [préciser la logique", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pour « Aides sociales », Attribution", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ErasureAnswer_NoArticle15List()
    {
        var text = Generate(LetterKind.Answer, Data(Complete(RightsRequestKind.Erasure)));

        Assert.Contains("article 17 du RGPD", text, StringComparison.Ordinal);
        Assert.DoesNotContain("article 15, paragraphe 1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RefusalReason.IdentityNotEstablished, "article 11, paragraphe 2")]
    [InlineData(RefusalReason.ManifestlyUnfounded, "article 12, paragraphe 5, point b)")]
    [InlineData(RefusalReason.Excessive, "caractère répétitif")]
    [InlineData(RefusalReason.ErasureException, "article 17, paragraphe 3")]
    [InlineData(RefusalReason.ObjectionNotApplicable, "article 21, paragraphe 1")]
    [InlineData(RefusalReason.PortabilityNotApplicable, "article 20, paragraphe 3")]
    [InlineData(RefusalReason.LegalRestriction, "article 23")]
    [InlineData(RefusalReason.Other, "quatre reprises")]
    public void Generate_Refusal_LegalGroundDetailAndMeansOfAppeal(RefusalReason reason, string ground)
    {
        var request = Complete();
        request.Status = RightsRequestStatus.Refused;
        request.RefusalReason = reason;

        var text = Generate(LetterKind.Refusal, Data(request));

        Assert.Contains(ground, text, StringComparison.Ordinal);
        Assert.Contains("quatre reprises", text, StringComparison.Ordinal);
        Assert.Contains("Conformément à l'article 12, paragraphe 4, du RGPD, vous avez le droit d'introduire une réclamation auprès de la "
            + "Commission nationale de l'informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07", text, StringComparison.Ordinal);
        Assert.Contains("www.cnil.fr", text, StringComparison.Ordinal);
        Assert.Contains("tribunal administratif", text, StringComparison.Ordinal);
        Assert.Contains("deux mois", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_IdentityProofRequest_Article12_6AndAnIdCopyOnlyIfNeeded()
    {
        var text = Generate(LetterKind.IdentityProofRequest, Data(Complete()));

        Assert.Contains("article 12, paragraphe 6", text, StringComparison.Ordinal);
        Assert.Contains("seulement si ces éléments ne suffisent pas, la copie d'un titre d'identité", text, StringComparison.Ordinal);
        Assert.Contains("dès réception de ces éléments", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Representative_AddressedToThemForThePerson()
    {
        var request = Complete();
        request.RepresentativeName = "Maître Paul Durand";

        var text = Generate(LetterKind.IdentityProofRequest, Data(request));

        Assert.Contains("Maître Paul Durand\npour le compte de Jeanne Martin", text, StringComparison.Ordinal);
        Assert.Contains("concernant Jeanne Martin", text, StringComparison.Ordinal);
        Assert.Contains("le mandat, signé par Jeanne Martin", text, StringComparison.Ordinal);
        Assert.Contains("l'identité de Jeanne Martin ni votre qualité pour agir en son nom", text, StringComparison.Ordinal);
        Assert.DoesNotContain("que vous êtes la personne concernée", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LetterKind.Extension, "ExtensionMonths", "Aucune prolongation du délai n'est enregistrée")]
    [InlineData(LetterKind.Answer, "AnswerSummary", "Décrivez d'abord dans le dossier la réponse apportée")]
    [InlineData(LetterKind.Refusal, "RefusalReason", "Enregistrez d'abord le motif du refus")]
    [InlineData(LetterKind.IdentityProofRequest, "IdentityProofRequestedOn", "la date à laquelle un justificatif d'identité est demandé")]
    public void Generate_RecordLacksWhatTheLetterStates_FrenchValidationFailure(LetterKind kind, string field, string message)
    {
        var request = Complete();
        request.AnswerSummary = "  ";
        request.RefusalReason = null;
        request.IdentityProofRequestedOn = null;

        var result = RequestLetters.Generate(kind, Data(request));

        var failure = Assert.IsType<ValidationFailure>(result.Failure);
        Assert.Contains(message, Assert.Single(failure.Errors[field]), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_OtherRefusalWithoutDetail_FrenchValidationFailure()
    {
        var request = Complete();
        request.RefusalReason = RefusalReason.Other;
        request.RefusalDetail = null;

        var failure = Assert.IsType<ValidationFailure>(RequestLetters.Generate(LetterKind.Refusal, Data(request)).Failure);

        Assert.Contains("précisez-le", failure.FirstMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Document_A4FrenchStylesPropertiesAndNoProtection()
    {
        var content = RequestLetters.Generate(LetterKind.Acknowledgement, Data(Complete())).Value;

        using var document = LetterFiles.Open(content);
        var main = document.MainDocumentPart!;
        var page = main.Document.Body!.Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!;
        Assert.Equal((11906U, 16838U), (page.Width!.Value, page.Height!.Value));
        var styles = main.StyleDefinitionsPart!.Styles!;
        Assert.Equal("fr-FR", styles.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!.Languages!.Val!.Value);
        var ids = styles.Elements<Style>().Select(s => s.StyleId!.Value).ToList();
        Assert.Contains("Title", ids);
        Assert.Contains("Heading1", ids);
        Assert.Contains("Normal", ids);
        Assert.Equal("Title", main.Document.Body.Elements<Paragraph>().First().ParagraphProperties!.ParagraphStyleId!.Val!.Value);
        Assert.Equal("Egide", document.PackageProperties.Creator);
        Assert.Equal("Accusé de réception – demande DD-2026-001", document.PackageProperties.Title);
        Assert.Empty(main.DocumentSettingsPart!.Settings!.Elements<DocumentProtection>());
        Assert.Empty(main.DocumentSettingsPart.Settings.Elements<WriteProtection>());
    }

    [Fact]
    public void Generate_NoDpoDesignated_OrganisationsAddressAsContact()
    {
        var data = Data(Complete());
        data.Organization.Dpo = new DpoDesignation();
        data.Organization.FunctionalMailbox = "rgpd@arras.example";

        var text = Generate(LetterKind.Acknowledgement, data with { City = null });

        Assert.Contains("vous pouvez écrire à nos services par courrier à l'adresse figurant en tête de la présente lettre, ou par courrier électronique à rgpd@arras.example, en rappelant la référence DD-2026-001.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("délégué", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LetterKind.Acknowledgement, "DD-2026-001-accuse-reception.docx")]
    [InlineData(LetterKind.IdentityProofRequest, "DD-2026-001-demande-justificatif.docx")]
    [InlineData(LetterKind.Extension, "DD-2026-001-prolongation.docx")]
    [InlineData(LetterKind.Answer, "DD-2026-001-reponse.docx")]
    [InlineData(LetterKind.Refusal, "DD-2026-001-refus.docx")]
    public void FileName_ReferenceAndSlug(LetterKind kind, string expected)
    {
        Assert.Equal(expected, RequestLetters.FileName(kind, Complete()));
        Assert.Equal(kind, LetterKinds.Parse(LetterKinds.Slug(kind)));
    }

    [Fact]
    public void FileName_UnsafeCharacters_Replaced() =>
        Assert.Equal("DD-2026-7-a-refus.docx", RequestLetters.FileName(LetterKind.Refusal, new RightsRequest { Reference = "DD/2026/7 a" }));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("lettre")]
    public void Parse_UnknownSlug_Null(string? slug) => Assert.Null(LetterKinds.Parse(slug));

    [Fact]
    public void Name_EveryKind_French() =>
        Assert.Equal(
            ["Accusé de réception", "Demande de justificatif d'identité", "Prolongation du délai", "Réponse", "Refus motivé"],
            LetterKinds.All.Select(LetterKinds.Name));
}
