using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;

namespace Egide.Bench;

/// <summary>
/// A large register for one Département, written through the register's use cases (versions, processor links,
/// alerts and audit entries exactly as people would leave them). Deterministic: the same count gives the same register.
/// </summary>
internal sealed class RegisterGenerator(EgideDbFactory factory, EgideSettings settings, TimeProvider clock)
{
    public EgideSettings Settings => settings;

    internal static readonly RegisterActor Referent = new(null, "Laurent Deschamps", OrganizationRoles.PrivacyReferent);
    private static readonly RegisterActor Dpo = new(null, "Nathalie Bernard", OrganizationRoles.Dpo);
    private static readonly RegisterActor Controller = new(null, "Martine Duhamel, vice-présidente déléguée", OrganizationRoles.Controller);

    private static readonly string[] Territories =
    [
        "Arrageois", "Artois", "Audomarois", "Boulonnais", "Calaisis", "Hénin-Carvin", "Lens-Liévin", "Montreuillois-Ternois", "Béthune-Bruay",
    ];

    private sealed record Template(
        string Prefix, string Service, string Name, string Purpose, string LegalBasis, string Justification,
        (string Code, string Retention, FinalFate Fate)[] Categories, (string Code, int Volume)[] Subjects,
        string[] EdpbCriteria, string[] CnilList, DpiaDecision Dpia);

    private static readonly Template[] Templates =
    [
        new("SOC", "Direction de l'insertion et de l'emploi", "Accompagnement des bénéficiaires du RSA", "Orienter et accompagner les bénéficiaires du revenu de solidarité active",
            "e", "Code de l'action sociale et des familles, art. L. 262-1 et suivants",
            [("etat-civil", "Durée du droit, puis 2 ans", FinalFate.Sorting), ("economique-financier", "Durée du droit, puis 2 ans", FinalFate.Sorting), ("sante", "Durée de l'accompagnement", FinalFate.Destruction)],
            [("beneficiaires", 6_000), ("vulnerables", 6_000)], ["donnees-sensibles", "vulnerables", "grande-echelle"], ["accompagnement-social"], DpiaDecision.Done),
        new("AUT", "Direction de l'autonomie", "Allocation personnalisée d'autonomie à domicile", "Évaluer la perte d'autonomie et attribuer l'APA",
            "c", "Code de l'action sociale et des familles, art. L. 232-1 et suivants",
            [("etat-civil", "Durée du droit, puis 5 ans", FinalFate.Sorting), ("sante", "Durée du droit, puis 5 ans", FinalFate.Sorting), ("economique-financier", "Durée du droit, puis 5 ans", FinalFate.Sorting)],
            [("vulnerables", 3_500)], ["donnees-sensibles", "vulnerables", "evaluation"], ["accompagnement-social"], DpiaDecision.Done),
        new("ENF", "Direction de l'enfance et de la famille", "Suivi des mesures d'aide sociale à l'enfance", "Mettre en œuvre et suivre les mesures de protection de l'enfance",
            "c", "Code de l'action sociale et des familles, art. L. 221-1 et suivants",
            [("etat-civil", "Jusqu'aux 21 ans de l'enfant", FinalFate.Sorting), ("vie-personnelle", "Jusqu'aux 21 ans de l'enfant", FinalFate.Sorting), ("sante", "Jusqu'aux 21 ans de l'enfant", FinalFate.Sorting)],
            [("mineurs", 800), ("administres", 1_200)], ["donnees-sensibles", "vulnerables"], ["alertes-sociales-sanitaires"], DpiaDecision.Done),
        new("PMI", "Protection maternelle et infantile", "Consultations de protection maternelle et infantile", "Assurer les consultations et le suivi médical préventif des enfants de moins de 6 ans",
            "e", "Code de la santé publique, art. L. 2112-1 et suivants",
            [("etat-civil", "20 ans après la dernière consultation", FinalFate.Destruction), ("sante", "20 ans après la dernière consultation", FinalFate.Destruction)],
            [("mineurs", 4_000), ("usagers", 3_000)], ["donnees-sensibles", "vulnerables"], ["sante-etablissements"], DpiaDecision.Done),
        new("RH", "Direction des ressources humaines", "Gestion de la paie", "Calculer et verser la rémunération des agents",
            "c", "Code général de la fonction publique, art. L. 712-1",
            [("etat-civil", "5 ans à compter du versement", FinalFate.Sorting), ("economique-financier", "5 ans à compter du versement", FinalFate.Sorting), ("nir", "5 ans à compter du versement", FinalFate.Sorting)],
            [("agents", 600)], [], [], DpiaDecision.NotRequired),
        new("RH", "Direction des ressources humaines", "Recrutement des agents", "Recevoir et instruire les candidatures",
            "e", "Code général de la fonction publique, art. L. 311-1 et suivants",
            [("etat-civil", "2 ans après le dernier contact", FinalFate.Destruction), ("vie-professionnelle", "2 ans après le dernier contact", FinalFate.Destruction)],
            [("candidats", 900)], [], [], DpiaDecision.NotRequired),
        new("COL", "Direction de l'éducation et des collèges", "Restauration dans les collèges", "Inscrire les demi-pensionnaires et facturer les repas",
            "e", "Code de l'éducation, art. L. 213-2 (restauration scolaire des collèges)",
            [("etat-civil", "Année scolaire, puis 1 an", FinalFate.Destruction), ("economique-financier", "Factures : 10 ans", FinalFate.Destruction)],
            [("mineurs", 2_500), ("usagers", 3_000)], ["vulnerables"], [], DpiaDecision.NotRequired),
        new("TRA", "Direction des mobilités", "Transport des élèves en situation de handicap", "Organiser le transport adapté des élèves handicapés",
            "c", "Code de l'éducation, art. R. 213-13 et suivants",
            [("etat-civil", "Année scolaire, puis 2 ans", FinalFate.Destruction), ("sante", "Année scolaire", FinalFate.Destruction)],
            [("mineurs", 300), ("vulnerables", 300)], ["donnees-sensibles", "vulnerables"], [], DpiaDecision.Done),
        new("ROU", "Direction des routes", "Gestion des sinistres sur le domaine routier", "Instruire les demandes d'indemnisation des usagers de la route",
            "e", "Code de la voirie routière, art. L. 131-1 et suivants",
            [("etat-civil", "5 ans après le règlement", FinalFate.Destruction), ("economique-financier", "10 ans (pièces comptables)", FinalFate.Destruction)],
            [("usagers", 150)], [], [], DpiaDecision.NotRequired),
        new("CUL", "Archives départementales", "Inscription des lecteurs en salle de lecture", "Gérer les inscriptions et les communications de documents",
            "e", "Code du patrimoine, art. L. 212-6 et L. 213-1",
            [("etat-civil", "Année de l'inscription, puis 5 ans", FinalFate.Destruction), ("connexion", "1 an", FinalFate.Destruction)],
            [("usagers", 2_000)], [], [], DpiaDecision.NotRequired),
        new("SEC", "Direction du patrimoine bâti", "Vidéoprotection des abords des bâtiments départementaux", "Protéger les bâtiments et leurs abords",
            "e", "Code de la sécurité intérieure, art. L. 251-2",
            [("etat-civil", "30 jours au plus", FinalFate.Destruction)],
            [("visiteurs", 5_000), ("agents", 200)], ["surveillance", "grande-echelle"], [], DpiaDecision.Done),
        new("LOG", "Direction de l'habitat", "Fonds de solidarité pour le logement", "Attribuer les aides du fonds de solidarité pour le logement",
            "c", "Loi n° 90-449 du 31 mai 1990, art. 6",
            [("etat-civil", "5 ans après la dernière aide", FinalFate.Sorting), ("economique-financier", "5 ans après la dernière aide", FinalFate.Sorting)],
            [("beneficiaires", 1_500)], ["vulnerables"], ["accompagnement-social"], DpiaDecision.Done),
        new("COM", "Direction de la communication", "Lettre d'information électronique", "Envoyer la lettre d'information aux abonnés",
            "a", "Abonnement volontaire",
            [("etat-civil", "Jusqu'au désabonnement", FinalFate.Destruction)],
            [("administres", 4_000)], [], [], DpiaDecision.NotRequired),
        new("SI", "Direction des systèmes d'information", "Gestion des comptes et des journaux d'accès", "Administrer les comptes et tracer les accès au système d'information",
            "c", "RGPD, art. 32 ; référentiel général de sécurité",
            [("etat-civil", "Durée d'activité du compte, puis 6 mois", FinalFate.Destruction), ("connexion", "6 mois à 1 an", FinalFate.Destruction)],
            [("agents", 6_000)], [], [], DpiaDecision.NotRequired),
    ];

    public async Task<Guid> CreateOrganizationAsync(CancellationToken ct, string name = "Département du Pas-de-Calais")
    {
        await using var db = factory.Create(Egide.Core.Audit.SystemAuditActor.Cli, clock);
        var result = await new CreateOrganization.Handler(db, clock).Handle(new OrganizationInput
        {
            Kind = OrganizationKind.Departement,
            Name = name,
            Referents = [new() { Name = "Laurent Deschamps", Service = "Direction des systèmes d'information", Email = "rgpd@pasdecalais.example" }],
        }, ct);
        return result.IsSuccess ? result.Value : throw new InvalidOperationException(result.Failure!.Message);
    }

    /// <summary>Adds <paramref name="count"/> activities and 6 processors; reports progress every few hundred.</summary>
    /// <param name="complete">Fills more of each entry before it is saved (the PDF benchmark fills every field).</param>
    public async Task GenerateAsync(Guid organization, int count, Action<int> progress, CancellationToken ct,
        Func<int, ActivityInput, ActivityInput>? complete = null)
    {
        var processors = await CreateProcessorsAsync(organization, ct);
        for (var i = 0; i < count; i++)
        {
            await using var db = Db(organization);
            var input = complete is null ? Activity(i, processors) : complete(i, Activity(i, processors));
            var id = Expect(await new CreateProcessingActivity.Handler(db, settings, clock).Handle(input, Referent, ct), input.Reference);
            var change = new ChangeActivityStatus.Handler(db, settings, clock);
            var version = 1;
            // 40 % validated, 10 % with the DPO's opinion, 10 % submitted, 5 % archived, the rest drafts.
            var stage = (i * 7) % 20;
            if (stage < 12)
            {
                version = Expect(await change.Handle(new ChangeActivityStatus.Command(id, version, ActivityAction.Submit), Referent, ct), input.Reference);
            }
            if (stage < 10)
            {
                version = Expect(await change.Handle(new ChangeActivityStatus.Command(id, version, ActivityAction.GiveDpoOpinion,
                    stage % 3 == 0 ? DpoOpinionKind.FavourableWithReservations : DpoOpinionKind.Favourable,
                    stage % 3 == 0 ? "Réduire la durée de conservation des pièces justificatives." : null), Dpo, ct), input.Reference);
            }
            if (stage < 8)
            {
                Expect(await change.Handle(new ChangeActivityStatus.Command(id, version, ActivityAction.Validate), Controller, ct), input.Reference);
            }
            if (IsArchived(i))
            {
                Expect(await change.Handle(new ChangeActivityStatus.Command(id, version, ActivityAction.Archive), Referent, ct), input.Reference);
            }
            if ((i + 1) % 250 == 0)
            {
                progress(i + 1);
            }
        }
    }

    /// <summary>Whether the <paramref name="i"/>-th activity ends archived (one in twenty): exports leave it out.</summary>
    public static bool IsArchived(int i) => (i * 7) % 20 == 19;

    /// <summary>How many activities to generate for <paramref name="current"/> of them not to be archived.</summary>
    public static int CountFor(int current)
    {
        var count = 0;
        for (var kept = 0; kept < current; count++)
        {
            kept += IsArchived(count) ? 0 : 1;
        }
        return count;
    }

    /// <summary>The 6 processors every activity's recipients name (« Prestataire 1 SAS »…), as <see cref="GenerateAsync"/> adds them.</summary>
    public async Task<List<Guid>> CreateProcessorsAsync(Guid organization, CancellationToken ct)
    {
        var processors = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            await using var db = Db(organization);
            var input = new ProcessorInput
            {
                Name = $"Prestataire {i + 1} SAS",
                ContractDate = i == 5 ? null : new DateOnly(2024, 1 + i, 1),
                Clauses = i == 4 ? Article28Clauses.All & ~Article28Clauses.AuditsAndInformation : Article28Clauses.All,
                DataLocation = "France",
            };
            processors.Add(Expect(await new SaveProcessor.Handler(db, settings, clock).Handle(new SaveProcessor.Command(null, 0, input), Referent, ct), $"processor {i}"));
        }
        return processors;
    }

    private EgideDb Db(Guid organization)
    {
        var db = factory.Create(Egide.Core.Audit.SystemAuditActor.Cli, clock);
        db.UseOrganization(organization);
        return db;
    }

    private static ActivityInput Activity(int i, List<Guid> processors)
    {
        var t = Templates[i % Templates.Length];
        var territory = Territories[i / Templates.Length % Territories.Length];
        var edition = i / (Templates.Length * Territories.Length) + 1;
        var categories = t.Categories.Select((c, k) => new DataCategoryUse
        {
            CategoryCode = c.Code,
            Description = $"Données « {c.Code} » du dossier",
            // One entry in ten has a category without retention period: an open alert.
            RetentionPeriod = i % 10 == 3 && k == t.Categories.Length - 1 ? null : c.Retention,
            FinalFate = i % 10 == 3 && k == t.Categories.Length - 1 ? null : c.Fate,
        }).ToList();
        return new ActivityInput
        {
            Reference = $"{t.Prefix}-{i + 1:0000}",
            Name = $"{t.Name} – territoire {territory}{(edition > 1 ? $" (dispositif {edition})" : "")}",
            ResponsibleService = t.Service,
            Content = new ActivityContent
            {
                Description = $"{t.Purpose}, pour le territoire {territory}.",
                MainPurpose = t.Purpose,
                SubPurposes = ["Instruction des demandes", "Suivi et statistiques"],
                LegalBasisCode = t.LegalBasis,
                LegalBasisJustification = t.Justification,
                DataCategories = categories,
                DataSubjects = t.Subjects.Select(s => new DataSubjectUse { CategoryCode = s.Code, EstimatedVolume = s.Volume }).ToList(),
                Recipients =
                [
                    new RecipientUse { TypeCode = "service-interne", Details = t.Service },
                    new RecipientUse { TypeCode = "sous-traitant", Details = "Éditeur et hébergeur du logiciel", ProcessorId = processors[i % processors.Count] },
                ],
                // One entry in fifty sends data to a country without adequacy decision, unframed.
                Transfers = i % 50 == 7 ? [new TransferUse { Recipient = "Support de l'éditeur", CountryCode = "IN", Safeguard = TransferSafeguard.None }] : [],
                SecurityMeasures = [new() { MeasureCode = "controle-acces" }, new() { MeasureCode = "sauvegarde" }, new() { MeasureCode = "tracabilite" }],
                AiUse = i % 40 == 11 ? ArtificialIntelligenceUse.Assists : ArtificialIntelligenceUse.None,
                AiDescription = i % 40 == 11 ? "Aide à la rédaction des courriers de réponse, relue par un agent." : null,
                EdpbCriteria = t.EdpbCriteria,
                CnilDpiaListMatches = t.CnilList,
                DpiaDecision = t.Dpia,
                DpiaDecisionReason = t.Dpia == DpiaDecision.NotRequired ? "Aucun ou un seul critère du CEPD." : "AIPD réalisée avec la DPO.",
            },
        };
    }

    private static T Expect<T>(Result<T> result, string what) => result.IsSuccess
        ? result.Value
        : throw new InvalidOperationException($"{what}: {(result.Failure as ValidationFailure)?.FirstMessage ?? result.Failure!.Message}");
}
