using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Demo;

/// <summary>
/// Registers of processing activities for three demo bodies (and the CCAS of one of them), written through the
/// register's own use cases so that versions, processor links and alerts are exactly what people would produce.
/// Some entries are validated (referent → DPO opinion → controller), some are drafts, and a few carry
/// non-conformities on purpose (missing retention period, unframed transfer, processor without contract…).
/// People and processors are fictional.
/// </summary>
public sealed class DemoRegisters(EgideDb db, EgideSettings settings, TimeProvider clock)
{
    public const string Departement = "Département du Pas-de-Calais";
    public const string SaintLaurentBlangy = "Commune de Saint-Laurent-Blangy";
    public const string Achicourt = "Commune d'Achicourt";
    public const string Ccas = "CCAS de Saint-Laurent-Blangy";

    /// <summary>Where an entry's life stops in the demo.</summary>
    private enum Stage
    {
        Draft,
        Submitted,
        DpoOpinionGiven,
        Validated,
    }

    private sealed record Cast(RegisterActor Referent, RegisterActor Dpo, RegisterActor Controller);

    private sealed record Planned(ActivityInput Input, Stage Stage, DpoOpinionKind Opinion = DpoOpinionKind.Favourable, string? OpinionText = null);

    private sealed record OrganizationPlan(
        string OrganizationName, Cast Cast, IReadOnlyList<(string Key, ProcessorInput Input)> Processors,
        Func<IReadOnlyDictionary<string, Guid>, IReadOnlyList<Planned>> Activities);

    /// <summary>
    /// Fills the register of each demo body that is present and has no activity yet (archived ones count), one
    /// transaction per body. The context works in each body in turn and is given back its organisation at the end.
    /// </summary>
    /// <returns>How many activities were added.</returns>
    public async Task<int> SeedAsync(CancellationToken ct = default)
    {
        var plans = Plans();
        var names = plans.Select(p => p.OrganizationName).ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => names.Contains(o.Name))
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var previous = db.TenantOrganizationId;
        var added = 0;
        try
        {
            foreach (var plan in plans)
            {
                if (organizations.FirstOrDefault(o => o.Name == plan.OrganizationName) is not { } organization)
                {
                    continue;
                }
                db.UseOrganization(organization.Id);
                if (await db.ProcessingActivities.AnyAsync(ct))
                {
                    continue;
                }
                var strategy = db.Database.CreateExecutionStrategy();
                added += await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    var count = await SeedOrganizationAsync(plan, ct);
                    await transaction.CommitAsync(ct);
                    return count;
                });
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            db.UseOrganization(previous);
        }
        return added;
    }

    private async Task<int> SeedOrganizationAsync(OrganizationPlan plan, CancellationToken ct)
    {
        var cast = plan.Cast;
        var processors = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var saveProcessor = new SaveProcessor.Handler(db, settings, clock);
        foreach (var (key, input) in plan.Processors)
        {
            processors[key] = Expect(await saveProcessor.Handle(new SaveProcessor.Command(null, 0, input), cast.Referent, ct), plan, input.Name);
        }

        var create = new CreateProcessingActivity.Handler(db, settings, clock);
        var change = new ChangeActivityStatus.Handler(db, settings, clock);
        var activities = plan.Activities(processors);
        foreach (var planned in activities)
        {
            var what = planned.Input.Reference;
            var id = Expect(await create.Handle(planned.Input, cast.Referent, ct), plan, what);
            var version = 1;
            if (planned.Stage >= Stage.Submitted)
            {
                version = Expect(await change.Handle(new ChangeActivityStatus.Command(id, version, ActivityAction.Submit), cast.Referent, ct), plan, what);
            }
            if (planned.Stage >= Stage.DpoOpinionGiven)
            {
                version = Expect(await change.Handle(
                    new ChangeActivityStatus.Command(id, version, ActivityAction.GiveDpoOpinion, planned.Opinion, planned.OpinionText), cast.Dpo, ct), plan, what);
            }
            if (planned.Stage >= Stage.Validated)
            {
                Expect(await change.Handle(new ChangeActivityStatus.Command(id, version, ActivityAction.Validate), cast.Controller, ct), plan, what);
            }
        }
        return activities.Count;
    }

    private static T Expect<T>(Result<T> result, OrganizationPlan plan, string what) => result.IsSuccess
        ? result.Value
        : throw new InvalidOperationException(
            $"Demo register of '{plan.OrganizationName}', '{what}' refused: {(result.Failure as ValidationFailure)?.FirstMessage ?? result.Failure!.Message}");

    private static OrganizationPlan[] Plans() =>
    [
        new(Departement,
            new Cast(
                new RegisterActor(null, "Laurent Deschamps", OrganizationRoles.PrivacyReferent),
                new RegisterActor(null, "Nathalie Bernard", OrganizationRoles.Dpo),
                new RegisterActor(null, "Martine Duhamel, vice-présidente déléguée", OrganizationRoles.Controller)),
            [
                ("hebergeur", new ProcessorInput
                {
                    Name = "Datacentre des Hauts SAS",
                    Address = "12 rue de l'Innovation, 59650 Villeneuve-d'Ascq",
                    ContactName = "Service clients collectivités",
                    ContactEmail = "collectivites@datacentre-des-hauts.example",
                    DpoName = "Antoine Roger",
                    DpoEmail = "dpo@datacentre-des-hauts.example",
                    ContractDate = new DateOnly(2023, 3, 1),
                    ContractReference = "Marché n° 2023-DSI-014, annexe « protection des données »",
                    Clauses = Article28Clauses.All,
                    SubProcessors = "Aucun",
                    DataLocation = "Deux centres de données en France (Villeneuve-d'Ascq et Lille), sauvegardes chiffrées sur le second site",
                }),
                ("enquetes", new ProcessorInput
                {
                    Name = "SondaFlex Ltd",
                    Address = "Dublin (Irlande)",
                    ContactEmail = "support@sondaflex.example",
                    ContractDate = new DateOnly(2025, 6, 10),
                    ContractReference = "Conditions générales d'abonnement en ligne",
                    Clauses = Article28Clauses.DocumentedInstructions | Article28Clauses.Confidentiality | Article28Clauses.Security
                        | Article28Clauses.EndOfService,
                    DataLocation = "Hébergement en Irlande ; support technique assuré depuis l'Inde avec accès aux réponses",
                    SubProcessors = "SondaFlex Support Pvt Ltd (Bangalore, Inde) : assistance technique",
                    Transfers = [new TransferUse { Recipient = "SondaFlex Support Pvt Ltd", CountryCode = "IN", Safeguard = TransferSafeguard.None }],
                }),
            ],
            p => DepartementActivities(p)),

        new(SaintLaurentBlangy,
            new Cast(
                new RegisterActor(null, "Marie Delcourt", OrganizationRoles.PrivacyReferent),
                new RegisterActor(null, "Claire Vasseur", OrganizationRoles.Dpo),
                new RegisterActor(null, "Gérard Lenglet, maire", OrganizationRoles.Controller)),
            [
                ("editeur", new ProcessorInput
                {
                    Name = "Logitia Collectivités SAS",
                    Address = "5 avenue des Tilleuls, 62000 Arras",
                    ContactName = "Hélène Caudron",
                    ContactEmail = "support@logitia.example",
                    ContactPhone = "03 21 00 00 51",
                    DpoName = "Romain Lefort",
                    DpoEmail = "dpo@logitia.example",
                    ContractDate = new DateOnly(2024, 1, 15),
                    ContractReference = "Contrat de maintenance et d'hébergement n° LC-2024-118, clauses RGPD en annexe 3",
                    Clauses = Article28Clauses.All,
                    SubProcessors = "Datacentre des Hauts SAS (hébergement, France)",
                    DataLocation = "France (hébergement en centre de données à Villeneuve-d'Ascq)",
                }),
                ("video", new ProcessorInput
                {
                    Name = "Artois Vidéo Sécurité SARL",
                    Address = "ZA des Prés, 62223 Sainte-Catherine",
                    ContactName = "Didier Playe",
                    ContactEmail = "maintenance@artois-video.example",
                    ContractDate = new DateOnly(2022, 9, 1),
                    ContractReference = "Contrat de maintenance du système de vidéoprotection n° 2022-07",
                    // Signed before the DPO's review: no audit clause (art. 28(3)(h)).
                    Clauses = Article28Clauses.All & ~Article28Clauses.AuditsAndInformation,
                    SubProcessors = "Aucun",
                    DataLocation = "Enregistreurs dans le centre de supervision urbain (hôtel de ville) ; télémaintenance depuis la France",
                }),
            ],
            p => SaintLaurentBlangyActivities(p)),

        new(Achicourt,
            new Cast(
                new RegisterActor(null, "Sandrine Lemoine", OrganizationRoles.PrivacyReferent),
                new RegisterActor(null, "Claire Vasseur", OrganizationRoles.Dpo),
                new RegisterActor(null, "Françoise Delannoy, maire", OrganizationRoles.Controller)),
            [
                ("hebergeur", new ProcessorInput
                {
                    Name = "Hébergement Nord Datacenter SAS",
                    Address = "40 rue du Port, 59000 Lille",
                    ContactEmail = "contrats@nord-datacenter.example",
                    DpoEmail = "dpo@nord-datacenter.example",
                    ContractDate = new DateOnly(2024, 4, 2),
                    ContractReference = "Contrat d'hébergement des logiciels métiers n° ND-0412",
                    Clauses = Article28Clauses.All,
                    DataLocation = "France (Lille), sauvegardes à Roubaix",
                }),
                ("portail", new ProcessorInput
                {
                    // Chosen by the previous team on an online quote: no contract on file yet.
                    Name = "Kidora Services SAS",
                    Address = "Lyon",
                    ContactEmail = "commercial@kidora.example",
                    DataLocation = "France, selon le site de l'éditeur (à confirmer par contrat)",
                }),
                ("lettre", new ProcessorInput
                {
                    Name = "MailFlow Inc.",
                    Address = "San Francisco (États-Unis)",
                    ContactEmail = "privacy@mailflow.example",
                    ContractDate = new DateOnly(2025, 2, 3),
                    ContractReference = "Data Processing Addendum du 3 février 2025, clauses contractuelles types (module 2)",
                    Clauses = Article28Clauses.All,
                    DataLocation = "États-Unis",
                    Transfers = [new TransferUse
                    {
                        Recipient = "MailFlow Inc.", CountryCode = "US", Safeguard = TransferSafeguard.StandardContractualClauses,
                        Documentation = "Clauses contractuelles types de la Commission (décision 2021/914), module 2, annexées au DPA",
                    }],
                }),
            ],
            p => AchicourtActivities(p)),

        new(Ccas,
            new Cast(
                new RegisterActor(null, "Fatima Haddad", OrganizationRoles.PrivacyReferent),
                new RegisterActor(null, "Claire Vasseur", OrganizationRoles.Dpo),
                // The mayor presides the CCAS's board (CASF, art. L. 123-6).
                new RegisterActor(null, "Gérard Lenglet, président du CCAS", OrganizationRoles.Controller)),
            [],
            _ => CcasActivities()),
    ];

    private static IReadOnlyList<Planned> DepartementActivities(IReadOnlyDictionary<string, Guid> processors)
    {
        var controller = new ActorContact
        {
            Name = "Département du Pas-de-Calais, représenté par le Président du Conseil départemental",
            Address = "Rue Ferdinand Buisson", PostalCode = "62000", City = "Arras", Email = "rgpd@pasdecalais.example",
        };
        return
        [
            new(new ActivityInput
            {
                Reference = "SOC-001",
                Name = "Instruction, suivi et accompagnement des bénéficiaires du revenu de solidarité active (RSA)",
                ResponsibleService = "Direction de l'insertion et de l'emploi",
                Content = new ActivityContent
                {
                    Controller = controller,
                    Description = "Instruction des demandes de RSA, décisions d'attribution, orientation et accompagnement socio-professionnel, contrats d'engagement réciproque, contrôle et récupération des indus.",
                    MainPurpose = "Attribuer le revenu de solidarité active et accompagner ses bénéficiaires vers l'insertion",
                    SubPurposes =
                    [
                        "Instruction des demandes et décisions relatives au droit",
                        "Orientation et désignation d'un référent unique",
                        "Contrats d'engagement réciproques et suivi du parcours d'insertion",
                        "Contrôle, sanctions et récupération des indus",
                    ],
                    LegalBasisCode = "e",
                    LegalBasisJustification = "Mission confiée au Département par le code de l'action sociale et des familles, art. L. 262-1 et suivants "
                        + "(attribution, orientation et accompagnement, art. L. 262-13 et L. 262-27 et suivants). Données de santé : RGPD art. 9(2)(h) "
                        + "(gestion des services de protection sociale), limitées aux freins à l'insertion déclarés par la personne.",
                    DataCategories =
                    [
                        Data("etat-civil", "Identité, adresse, composition du foyer",
                            "Durée du droit, puis 2 ans après sa fin (prescription de l'action en récupération des indus, CASF art. L. 262-45), 5 ans en cas de fraude",
                            FinalFate.Sorting),
                        Data("vie-personnelle", "Situation familiale, logement, mobilité",
                            "Durée de l'accompagnement, puis 2 ans après la fin du droit", FinalFate.Sorting),
                        Data("economique-financier", "Ressources du foyer, montants versés, indus",
                            "Durée du droit, puis 2 ans (5 ans en cas de fraude) ; pièces comptables : 10 ans", FinalFate.Sorting),
                        Data("vie-professionnelle", "Parcours, diplômes, expérience, projet professionnel",
                            "Durée de l'accompagnement, puis 2 ans", FinalFate.Destruction),
                        Data("nir", "Identification auprès de la CAF, de la MSA et de France Travail (décret n° 2019-341)",
                            "Durée du droit", FinalFate.Destruction),
                        Data("sante", "Freins à l'insertion liés à la santé, déclarés par la personne, sans diagnostic",
                            "Durée de l'accompagnement, puis destruction", FinalFate.Destruction),
                    ],
                    DataSubjects =
                    [
                        Subjects("beneficiaires", "Foyers allocataires et leurs membres", 52_000),
                        Subjects("vulnerables", "Personnes en situation de précarité", 52_000),
                    ],
                    Recipients =
                    [
                        To("service-interne", "Travailleurs sociaux et référents insertion des maisons du Département Solidarité, habilités"),
                        To("autorite", "CAF du Pas-de-Calais et MSA Nord-Pas de Calais (instruction et paiement), paierie départementale"),
                        To("partenaire", "France Travail et structures d'accompagnement conventionnées, pour les seules personnes qu'elles suivent"),
                        To("sous-traitant", "Hébergement du logiciel d'insertion", processors["hebergeur"]),
                    ],
                    SecurityMeasures =
                    [
                        Measure("controle-acces", "Habilitations par territoire et par métier, revues chaque semestre"),
                        Measure("authentification", "Authentification à deux facteurs pour les accès hors du réseau départemental"),
                        Measure("tracabilite", "Journalisation des consultations, conservée 6 mois"),
                        Measure("sauvegarde"),
                        Measure("chiffrement", "Échanges avec la CAF par le canal sécurisé national"),
                        Measure("sensibilisation", "Formation annuelle au secret professionnel (CASF art. L. 262-44)"),
                    ],
                    DataSource = "La personne, la CAF et la MSA (flux d'instruction), France Travail",
                    Software = "Progiciel de gestion de l'insertion, hébergé par Datacentre des Hauts SAS",
                    EdpbCriteria = ["donnees-sensibles", "vulnerables", "grande-echelle", "croisement"],
                    CnilDpiaListMatches = ["accompagnement-social"],
                    DpiaDecision = DpiaDecision.Done,
                    DpiaDecisionReason = "AIPD réalisée en 2025 avec la DPO selon la méthode de la CNIL ; plan d'action suivi par le comité RGPD.",
                },
            }, Stage.Validated),

            new(new ActivityInput
            {
                Reference = "RH-001",
                Name = "Gestion de la paie des agents départementaux",
                ResponsibleService = "Direction des ressources humaines",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Calculer et verser la rémunération des agents et les cotisations afférentes",
                    SubPurposes = ["Calcul de la paie", "Déclarations sociales nominatives (DSN)", "Prélèvement à la source de l'impôt sur le revenu"],
                    LegalBasisCode = "c",
                    LegalBasisJustification = "Code général de la fonction publique, art. L. 712-1 (droit à rémunération après service fait) ; "
                        + "code de la sécurité sociale (DSN, art. L. 133-5-3) ; code général des impôts, art. 204 A et suivants.",
                    DataCategories =
                    [
                        Data("etat-civil", "Identité, adresse, situation familiale pour le supplément familial",
                            PayrollRetention, FinalFate.Sorting),
                        Data("vie-professionnelle", "Grade, échelon, temps de travail, affectation", PayrollRetention, FinalFate.Sorting),
                        Data("economique-financier", "Traitement, primes, coordonnées bancaires, taux de prélèvement à la source",
                            PayrollRetention, FinalFate.Sorting),
                        Data("nir", "Déclarations sociales (décret n° 2019-341)", PayrollRetention, FinalFate.Sorting),
                    ],
                    DataSubjects = [Subjects("agents", "Agents titulaires et contractuels, assistants familiaux", 5_800)],
                    Recipients =
                    [
                        To("service-interne", "Gestionnaires de paie de la DRH"),
                        To("autorite", "Payeur départemental (DGFiP), URSSAF, CNRACL, IRCANTEC, administration fiscale"),
                        To("sous-traitant", "Hébergement du système d'information RH", processors["hebergeur"]),
                    ],
                    SecurityMeasures = [Measure("controle-acces"), Measure("tracabilite"), Measure("sauvegarde"), Measure("authentification")],
                    Software = "Système d'information RH hébergé par Datacentre des Hauts SAS",
                    DpiaDecision = DpiaDecision.NotRequired,
                    DpiaDecisionReason = "Aucun critère du CEPD ne s'applique au-delà du volume ; traitement de gestion courante imposé par les textes.",
                },
            }, Stage.Validated),

            new(new ActivityInput
            {
                Reference = "ENF-001",
                Name = "Recueil et évaluation des informations préoccupantes (CRIP)",
                ResponsibleService = "Direction de l'enfance et de la famille",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Recueillir, traiter et évaluer les informations préoccupantes relatives aux mineurs en danger ou en risque de l'être",
                    SubPurposes = ["Évaluation de la situation de l'enfant et de sa famille", "Transmission au procureur de la République le cas échéant",
                        "Transmission de données anonymisées à l'observatoire départemental et à l'ONPE"],
                    LegalBasisCode = "c",
                    LegalBasisJustification = "Code de l'action sociale et des familles, art. L. 226-3 (cellule de recueil des informations préoccupantes) "
                        + "et L. 226-2-1 ; données sensibles et d'infraction : RGPD art. 9(2)(g) et 10, dans le cadre fixé par ces articles.",
                    DataCategories =
                    [
                        Data("etat-civil", "Identité de l'enfant, des titulaires de l'autorité parentale et de l'informateur",
                            "Informations classées sans suite : 2 ans ; sinon jusqu'aux 21 ans de l'enfant", FinalFate.Sorting),
                        Data("vie-personnelle", "Conditions de vie, éléments éducatifs", "Jusqu'aux 21 ans de l'enfant", FinalFate.Sorting),
                        Data("sante", "Éléments de santé nécessaires à l'évaluation", "Jusqu'aux 21 ans de l'enfant", FinalFate.Sorting),
                        Data("infractions", "Faits susceptibles de recevoir une qualification pénale, signalés au parquet",
                            "Jusqu'aux 21 ans de l'enfant", FinalFate.Sorting),
                    ],
                    DataSubjects =
                    [
                        Subjects("mineurs", "Enfants concernés par une information préoccupante", 7_500),
                        Subjects("administres", "Parents, entourage, auteurs de l'information", 15_000),
                    ],
                    Recipients =
                    [
                        To("service-interne", "Cellule de recueil et équipes d'évaluation habilitées"),
                        To("autorite", "Procureur de la République, juge des enfants"),
                        To("partenaire", "Observatoire départemental de la protection de l'enfance (données anonymisées)"),
                    ],
                    SecurityMeasures = [Measure("controle-acces", "Accès limité à la cellule et aux évaluateurs désignés"), Measure("tracabilite"),
                        Measure("chiffrement"), Measure("securite-physique"), Measure("sauvegarde")],
                    EdpbCriteria = ["donnees-sensibles", "vulnerables", "evaluation"],
                    CnilDpiaListMatches = ["alertes-sociales-sanitaires"],
                    DpiaDecision = DpiaDecision.Done,
                    DpiaDecisionReason = "AIPD réalisée en 2024, révisée en 2026 après le changement de logiciel.",
                },
            }, Stage.DpoOpinionGiven, DpoOpinionKind.FavourableWithReservations,
                "Avis favorable sous réserve de réduire la durée de conservation des informations classées sans suite et de revoir les habilitations des évaluateurs extérieurs."),

            new(new ActivityInput
            {
                Reference = "COM-004",
                Name = "Enquête de satisfaction des usagers des maisons du Département",
                ResponsibleService = "Direction de la communication",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Mesurer la satisfaction des usagers de l'accueil des maisons du Département",
                    LegalBasisCode = "a",
                    LegalBasisJustification = "Participation facultative, consentement recueilli en tête du questionnaire.",
                    DataCategories =
                    [
                        Data("etat-civil", "Adresse électronique pour l'envoi du questionnaire", "3 mois après la clôture de l'enquête", FinalFate.Destruction),
                        Data("connexion", "Adresse IP et horodatage des réponses", "3 mois après la clôture de l'enquête", FinalFate.Destruction),
                    ],
                    DataSubjects = [Subjects("usagers", "Usagers ayant laissé une adresse à l'accueil", 3_000)],
                    Recipients = [To("service-interne", "Direction de la communication"), To("sous-traitant", "Outil d'enquête en ligne", processors["enquetes"])],
                    // The tool's support works from India with access to the answers, and nothing frames it yet.
                    Transfers = [new TransferUse { Recipient = "SondaFlex Support Pvt Ltd (assistance technique)", CountryCode = "IN", Safeguard = TransferSafeguard.None }],
                    SecurityMeasures = [Measure("controle-acces"), Measure("pseudonymisation", "Résultats exploités sans les adresses")],
                    Software = "SondaFlex (service en ligne)",
                    DpiaDecision = DpiaDecision.NotRequired,
                    DpiaDecisionReason = "Aucun critère du CEPD.",
                },
            }, Stage.Draft),
        ];
    }

    private const string PayrollRetention =
        "5 ans à compter du versement ; états et journaux de paie conservés jusqu'à la liquidation de la pension (reconstitution de carrière), "
        + "puis tri selon le tableau de gestion visé par les Archives départementales";

    private static IReadOnlyList<Planned> SaintLaurentBlangyActivities(IReadOnlyDictionary<string, Guid> processors)
    {
        var controller = Mayor("Saint-Laurent-Blangy", "62223", "rgpd@saint-laurent-blangy.example");
        return
        [
            new(CivilStatus(controller, 24_000, processors["editeur"]), Stage.Validated),
            new(ElectoralRoll(controller, 5_100, processors["editeur"]), Stage.Validated),

            new(new ActivityInput
            {
                Reference = "SEC-001",
                Name = "Vidéoprotection de la voie publique",
                ResponsibleService = "Police municipale",
                Content = new ActivityContent
                {
                    Controller = controller,
                    Description = "18 caméras sur la voie publique (abords des écoles, place de la mairie, parc d'activités), visionnage au centre de supervision urbain.",
                    MainPurpose = "Prévenir les atteintes à la sécurité des personnes et des biens dans les lieux exposés et protéger les bâtiments publics",
                    SubPurposes = ["Régulation du trafic routier", "Constatation des infractions et mise à disposition des images aux enquêteurs sur réquisition"],
                    LegalBasisCode = "e",
                    LegalBasisJustification = "Code de la sécurité intérieure, art. L. 251-1 et suivants ; arrêté préfectoral d'autorisation du 14 mars 2022 "
                        + "(art. L. 252-1) ; délibération du conseil municipal du 9 décembre 2021.",
                    DataCategories =
                    [
                        Data("etat-civil", "Images des personnes filmées",
                            "30 jours au plus (CSI art. L. 252-5), sauf extraction pour une procédure judiciaire", FinalFate.Destruction),
                        Data("localisation", "Lieu et heure de passage, plaques d'immatriculation visibles",
                            "30 jours au plus (CSI art. L. 252-5)", FinalFate.Destruction),
                    ],
                    DataSubjects = [Subjects("visiteurs", "Passants, automobilistes, usagers des lieux filmés", 20_000), Subjects("agents", "Agents travaillant dans le champ des caméras", 40)],
                    Recipients =
                    [
                        To("service-interne", "Agents de police municipale habilités, désignés par arrêté du maire"),
                        To("autorite", "Officiers de police judiciaire de la police nationale, sur réquisition"),
                        To("sous-traitant", "Maintenance du système", processors["video"]),
                    ],
                    SecurityMeasures =
                    [
                        Measure("controle-acces", "Accès au centre de supervision limité aux agents habilités"),
                        Measure("tracabilite", "Registre des consultations, extractions et destructions des enregistrements"),
                        Measure("securite-physique", "Local fermé, écrans invisibles depuis l'extérieur"),
                        Measure("chiffrement", "Enregistrements chiffrés sur les enregistreurs"),
                        Measure("autres", "Masquage dynamique des fenêtres et entrées d'immeubles d'habitation"),
                    ],
                    DataSource = "Caméras fixes",
                    Media = "Enregistreurs numériques",
                    EdpbCriteria = ["surveillance", "grande-echelle"],
                    DpiaDecision = DpiaDecision.Done,
                    DpiaDecisionReason = "AIPD réalisée avant l'extension du dispositif en 2025 (surveillance systématique d'un espace public à grande échelle).",
                },
            }, Stage.Validated),

            new(new ActivityInput
            {
                Reference = "RH-001",
                Name = "Gestion de la paie",
                ResponsibleService = "Ressources humaines",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Calculer et verser la rémunération des agents et des élus indemnisés",
                    SubPurposes = ["Déclarations sociales nominatives", "Prélèvement à la source"],
                    LegalBasisCode = "c",
                    LegalBasisJustification = "Code général de la fonction publique, art. L. 712-1 ; code général des collectivités territoriales, art. L. 2123-20 et suivants "
                        + "(indemnités des élus) ; code général des impôts, art. 204 A et suivants.",
                    DataCategories =
                    [
                        Data("etat-civil", "Identité, adresse, situation familiale", PayrollRetention, FinalFate.Sorting),
                        Data("vie-professionnelle", "Grade, échelon, temps de travail", PayrollRetention, FinalFate.Sorting),
                        Data("economique-financier", "Rémunération, coordonnées bancaires, taux de prélèvement", PayrollRetention, FinalFate.Sorting),
                        Data("nir", "Déclarations sociales (décret n° 2019-341)", PayrollRetention, FinalFate.Sorting),
                    ],
                    DataSubjects = [Subjects("agents", null, 135), Subjects("elus", "Maire et adjoints indemnisés", 9)],
                    Recipients =
                    [
                        To("service-interne", "Service des ressources humaines"),
                        To("autorite", "Comptable public (service de gestion comptable), URSSAF, CNRACL, IRCANTEC, administration fiscale"),
                        To("sous-traitant", "Éditeur et hébergeur du logiciel de paie", processors["editeur"]),
                    ],
                    SecurityMeasures = [Measure("controle-acces"), Measure("sauvegarde"), Measure("controle-sous-traitants", "Contrat avec toutes les clauses de l'article 28")],
                    Software = "Logitia Paie (mode hébergé)",
                    DpiaDecision = DpiaDecision.NotRequired,
                    DpiaDecisionReason = "Aucun critère du CEPD ; traitement imposé par les textes.",
                },
            }, Stage.Validated),

            new(new ActivityInput
            {
                Reference = "URB-001",
                Name = "Instruction des autorisations d'urbanisme",
                ResponsibleService = "Urbanisme",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Recevoir, instruire et délivrer les permis, déclarations préalables et certificats d'urbanisme",
                    SubPurposes = ["Affichage et registre des demandes", "Contrôle de conformité des travaux"],
                    LegalBasisCode = "e",
                    LegalBasisJustification = "Exercice de l'autorité publique : code de l'urbanisme, art. L. 422-1 (compétence du maire) et R. 423-1 et suivants "
                        + "(dépôt et instruction), instruction confiée au service commun de la Communauté urbaine d'Arras par convention.",
                    DataCategories =
                    [
                        Data("etat-civil", "Identité et coordonnées du demandeur et de l'architecte",
                            "Conservation définitive des arrêtés et dossiers de permis (intérêt historique)", FinalFate.PublicArchives),
                        // Left blank on purpose: the referent still has to ask the archivist.
                        Data("economique-financier", "Éléments déclarés pour la taxe d'aménagement", null, null),
                    ],
                    DataSubjects = [Subjects("administres", "Pétitionnaires, propriétaires", 260)],
                    Recipients =
                    [
                        To("partenaire", "Service commun d'instruction du droit des sols de la Communauté urbaine d'Arras"),
                        To("autorite", "Préfecture (contrôle de légalité), services fiscaux (taxe d'aménagement), architecte des Bâtiments de France"),
                    ],
                    SecurityMeasures = [Measure("controle-acces")],
                    DataSource = "Demandes déposées en mairie ou par le guichet numérique des autorisations d'urbanisme",
                },
            }, Stage.Draft),
        ];
    }

    private static IReadOnlyList<Planned> AchicourtActivities(IReadOnlyDictionary<string, Guid> processors)
    {
        var controller = Mayor("Achicourt", "62217", "rgpd@achicourt.example");
        return
        [
            new(CivilStatus(controller, 21_000, processors["hebergeur"]), Stage.Validated),
            new(ElectoralRoll(controller, 5_700, processors["hebergeur"]), Stage.Validated),

            new(new ActivityInput
            {
                Reference = "ENF-001",
                Name = "Restauration scolaire",
                ResponsibleService = "Enfance – scolaire",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Inscrire les enfants à la cantine scolaire, servir les repas adaptés et facturer le service",
                    SubPurposes = ["Réservation des repas", "Prise en compte des allergies et régimes (PAI)", "Facturation selon le quotient familial"],
                    LegalBasisCode = "e",
                    LegalBasisJustification = "Service public facultatif de restauration scolaire créé par délibération du conseil municipal du 3 juillet 2019 "
                        + "(règlement et tarifs) ; code de l'éducation, art. L. 131-13. Allergies : RGPD art. 9(2)(a), consentement explicite des responsables légaux (PAI).",
                    DataCategories =
                    [
                        Data("etat-civil", "Identité de l'enfant, classe, responsables légaux et leurs coordonnées",
                            "Année scolaire, puis 1 an", FinalFate.Destruction),
                        Data("economique-financier", "Quotient familial, factures, impayés",
                            "Factures : 10 ans (pièces comptables) ; quotient : année scolaire", FinalFate.Destruction),
                        Data("sante", "Allergies alimentaires et régimes médicaux (PAI)", "Année scolaire", FinalFate.Destruction),
                    ],
                    DataSubjects = [Subjects("mineurs", "Élèves des écoles maternelles et élémentaires", 650), Subjects("usagers", "Responsables légaux", 1_100)],
                    Recipients =
                    [
                        To("service-interne", "Service scolaire, agents de restauration (pour les PAI seulement)"),
                        To("autorite", "Comptable public (recouvrement)"),
                        To("sous-traitant", "Portail famille (inscriptions et paiement en ligne)", processors["portail"]),
                    ],
                    SecurityMeasures = [Measure("controle-acces"), Measure("sensibilisation", "Consignes PAI aux agents de restauration")],
                    Software = "Portail famille Kidora",
                    EdpbCriteria = ["donnees-sensibles", "vulnerables"],
                    DpiaDecision = DpiaDecision.NotRequired,
                    DpiaDecisionReason = "Deux critères du CEPD, mais les données de santé se limitent aux allergies nécessaires au service, à l'échelle de la commune, "
                        + "sans profilage ni croisement : le risque n'est pas jugé élevé (lignes directrices WP 248, motivation consignée avec le DPO).",
                },
            }, Stage.Submitted),

            new(new ActivityInput
            {
                Reference = "ENF-002",
                Name = "Accueil de loisirs sans hébergement (mercredis et vacances)",
                ResponsibleService = "Enfance – jeunesse",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Inscrire et accueillir les enfants à l'accueil de loisirs et assurer leur sécurité",
                    LegalBasisCode = "e",
                    LegalBasisJustification = "Service public facultatif créé par délibération du conseil municipal ; accueil collectif de mineurs déclaré "
                        + "(code de l'action sociale et des familles, art. L. 227-4 et suivants).",
                    DataCategories =
                    [
                        Data("etat-civil", "Identité de l'enfant et des responsables légaux, personnes autorisées à venir le chercher",
                            "Année scolaire, puis 1 an", FinalFate.Destruction),
                        Data("sante", "Fiche sanitaire de liaison : vaccinations obligatoires, allergies, traitements", "Durée du séjour", FinalFate.Destruction),
                        Data("economique-financier", "Quotient familial, factures", "Factures : 10 ans", FinalFate.Destruction),
                    ],
                    DataSubjects = [Subjects("mineurs", "Enfants de 3 à 12 ans", 400), Subjects("usagers", "Responsables légaux", 650)],
                    Recipients = [To("service-interne", "Direction et animateurs de l'accueil de loisirs"),
                        To("autorite", "Service départemental à la jeunesse, à l'engagement et aux sports (déclaration de l'accueil)")],
                    SecurityMeasures = [Measure("controle-acces"), Measure("securite-physique", "Fiches sanitaires dans une armoire fermée")],
                },
            }, Stage.Draft),

            new(new ActivityInput
            {
                Reference = "COM-001",
                Name = "Lettre d'information municipale par courriel",
                ResponsibleService = "Communication",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Envoyer la lettre d'information de la commune aux habitants qui s'y abonnent",
                    LegalBasisCode = "a",
                    LegalBasisJustification = "Abonnement volontaire sur le site de la commune, désabonnement à chaque envoi.",
                    DataCategories = [Data("etat-civil", "Adresse électronique, prénom facultatif", "Jusqu'au désabonnement", FinalFate.Destruction),
                        Data("connexion", "Statistiques d'ouverture", "13 mois", FinalFate.Destruction)],
                    DataSubjects = [Subjects("administres", "Abonnés", 1_800)],
                    Recipients = [To("service-interne", "Service communication"), To("sous-traitant", "Plateforme d'envoi", processors["lettre"])],
                    Transfers =
                    [
                        new TransferUse
                        {
                            Recipient = "MailFlow Inc.", CountryCode = "US", Safeguard = TransferSafeguard.StandardContractualClauses,
                            Documentation = "Clauses contractuelles types (décision 2021/914), module 2, annexées au DPA du 3 février 2025",
                        },
                    ],
                    SecurityMeasures = [Measure("controle-acces"), Measure("pseudonymisation", "Seule l'adresse électronique est demandée")],
                    DpiaDecision = DpiaDecision.NotRequired,
                    DpiaDecisionReason = "Aucun critère du CEPD.",
                },
            }, Stage.Validated),
        ];
    }

    private static IReadOnlyList<Planned> CcasActivities()
    {
        var controller = new ActorContact
        {
            Name = "CCAS de Saint-Laurent-Blangy, représenté par son président", PostalCode = "62223", City = "Saint-Laurent-Blangy",
            Email = "ccas@saint-laurent-blangy.example",
        };
        return
        [
            new(new ActivityInput
            {
                Reference = "AS-001",
                Name = "Aides sociales facultatives et accompagnement social",
                ResponsibleService = "Action sociale",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Instruire les demandes d'aide sociale facultative, attribuer les aides et accompagner les personnes",
                    SubPurposes = ["Aides financières et en nature (secours, bons alimentaires, aides à l'énergie)", "Accompagnement social et domiciliation",
                        "Analyse des besoins sociaux (données agrégées)"],
                    LegalBasisCode = "e",
                    LegalBasisJustification = "Code de l'action sociale et des familles, art. L. 123-5 (action sociale générale du CCAS) et R. 123-1 ; "
                        + "règlement des aides facultatives adopté par délibération du conseil d'administration. Santé : RGPD art. 9(2)(h).",
                    DataCategories =
                    [
                        Data("etat-civil", "Identité, adresse, composition du foyer", "5 ans après la dernière aide ou le dernier contact", FinalFate.Sorting),
                        Data("vie-personnelle", "Situation familiale et de logement", "5 ans après la dernière aide", FinalFate.Sorting),
                        Data("economique-financier", "Ressources, charges, dettes, aides accordées",
                            "5 ans après la dernière aide ; pièces comptables : 10 ans", FinalFate.Sorting),
                        Data("sante", "Éléments de santé utiles à la demande, avec l'accord de la personne", "Durée de l'accompagnement", FinalFate.Destruction),
                    ],
                    DataSubjects = [Subjects("beneficiaires", "Demandeurs et membres de leur foyer", 450), Subjects("vulnerables", null, 450)],
                    Recipients =
                    [
                        To("service-interne", "Agents du CCAS habilités, commission permanente (dossiers anonymisés)"),
                        To("autorite", "Comptable public (paiement des aides)"),
                        To("partenaire", "Maison du Département Solidarité, CAF, fournisseurs d'énergie (aides à l'énergie), avec l'accord de la personne"),
                    ],
                    SecurityMeasures = [Measure("controle-acces"), Measure("tracabilite"), Measure("securite-physique"), Measure("sensibilisation", "Secret professionnel")],
                    EdpbCriteria = ["donnees-sensibles", "vulnerables"],
                    CnilDpiaListMatches = ["accompagnement-social"],
                    DpiaDecision = DpiaDecision.Done,
                    DpiaDecisionReason = "AIPD réalisée en 2025 avec le DPO mutualisé du CDG 62.",
                },
            }, Stage.Validated),

            new(new ActivityInput
            {
                Reference = "AS-002",
                Name = "Registre des personnes âgées et handicapées isolées (plan d'alerte et d'urgence)",
                ResponsibleService = "Action sociale",
                Content = new ActivityContent
                {
                    Controller = controller,
                    MainPurpose = "Contacter les personnes isolées inscrites en cas de canicule, de grand froid ou d'autre risque exceptionnel",
                    LegalBasisCode = "c",
                    LegalBasisJustification = "Code de l'action sociale et des familles, art. L. 121-6-1 et R. 121-2 et suivants ; inscription à la demande de la personne "
                        + "ou d'un tiers avec son accord (RGPD art. 9(2)(a) pour le handicap).",
                    DataCategories =
                    [
                        Data("etat-civil", "Identité, adresse, téléphone, personne à prévenir", "Jusqu'à la demande de radiation ou au départ de la commune", FinalFate.Destruction),
                        Data("sante", "Qualité de personne handicapée, intervenants à domicile", "Jusqu'à la demande de radiation", FinalFate.Destruction),
                    ],
                    DataSubjects = [Subjects("vulnerables", "Personnes âgées de 65 ans et plus, personnes handicapées", 180)],
                    Recipients = [To("service-interne", "Agents et bénévoles désignés du CCAS"), To("autorite", "Préfet, à sa demande, lors du déclenchement du plan")],
                    SecurityMeasures = [Measure("controle-acces")],
                    EdpbCriteria = ["vulnerables", "donnees-sensibles"],
                    DpiaDecision = DpiaDecision.Required,
                    DpiaDecisionReason = "Deux critères du CEPD ; AIPD à programmer avec le DPO.",
                },
            }, Stage.Draft),
        ];
    }

    private static ActivityInput CivilStatus(ActorContact controller, int people, Guid software) => new()
    {
        Reference = "EC-001",
        Name = "Tenue des registres de l'état civil",
        ResponsibleService = "État civil",
        Content = new ActivityContent
        {
            Controller = controller,
            MainPurpose = "Établir, conserver et mettre à jour les actes de l'état civil et en délivrer des copies et extraits",
            SubPurposes = ["Actes de naissance, reconnaissance, mariage et décès", "Mentions marginales", "Délivrance des copies et extraits, y compris par COMEDEC",
                "Enregistrement des pactes civils de solidarité"],
            LegalBasisCode = "c",
            LegalBasisJustification = "Code civil, art. 34 et suivants ; décret n° 2017-890 du 6 mai 2017 relatif à l'état civil ; le maire agit comme officier de l'état civil "
                + "(code général des collectivités territoriales, art. L. 2122-32).",
            DataCategories =
            [
                Data("etat-civil", "Noms, prénoms, dates et lieux de naissance, de mariage et de décès, filiation",
                    "Conservation définitive des registres (second exemplaire au greffe, registres centenaires versés aux Archives départementales du Pas-de-Calais)",
                    FinalFate.PublicArchives),
                Data("vie-personnelle", "Situation matrimoniale, mentions marginales", "Conservation définitive (dans les registres)", FinalFate.PublicArchives),
                Data("vie-professionnelle", "Profession portée dans les actes", "Conservation définitive (dans les registres)", FinalFate.PublicArchives),
            ],
            DataSubjects = [Subjects("administres", "Personnes dont un acte est inscrit dans les registres de la commune", people)],
            Recipients =
            [
                To("service-interne", "Officiers et agents de l'état civil"),
                To("autorite", "Procureur de la République, greffe du tribunal judiciaire, INSEE (avis de naissance et de décès), notaires via COMEDEC"),
                To("sous-traitant", "Logiciel d'état civil", software),
            ],
            SecurityMeasures = [Measure("controle-acces"), Measure("securite-physique", "Registres en armoire forte ignifugée"), Measure("sauvegarde"), Measure("tracabilite")],
            Media = "Registres papier et logiciel d'état civil",
            DpiaDecision = DpiaDecision.NotRequired,
            DpiaDecisionReason = "Traitement prévu par la loi, sans critère du CEPD autre que son volume.",
        },
    };

    private static ActivityInput ElectoralRoll(ActorContact controller, int electors, Guid software) => new()
    {
        Reference = "ELE-001",
        Name = "Gestion de la liste électorale",
        ResponsibleService = "Élections",
        Content = new ActivityContent
        {
            Controller = controller,
            MainPurpose = "Inscrire et radier les électeurs dans le répertoire électoral unique (REU) et organiser les scrutins",
            SubPurposes = ["Inscriptions et radiations", "Commission de contrôle", "Listes d'émargement et cartes électorales", "Communication de la liste (code électoral, art. L. 37)"],
            LegalBasisCode = "c",
            LegalBasisJustification = "Code électoral, art. L. 11 et L. 16 et suivants (répertoire électoral unique tenu par l'INSEE, loi n° 2016-1048 du 1er août 2016), "
                + "art. R. 2 et suivants.",
            DataCategories =
            [
                Data("etat-civil", "Nom, prénoms, date et lieu de naissance, adresse, bureau de vote, nationalité pour les listes complémentaires",
                    "Mise à jour continue dans le REU ; un exemplaire de la liste arrêtée avant chaque scrutin conservé définitivement", FinalFate.PublicArchives),
            ],
            DataSubjects = [Subjects("electeurs", "Électeurs inscrits sur les listes générale et complémentaires", electors)],
            Recipients =
            [
                To("service-interne", "Service des élections"),
                To("autorite", "INSEE (REU), préfecture, commission de contrôle"),
                To("autre", "Électeurs, candidats et partis qui en font la demande, sous réserve de ne pas en faire un usage commercial (code électoral, art. L. 37)"),
                To("sous-traitant", "Logiciel élections", software),
            ],
            SecurityMeasures = [Measure("controle-acces"), Measure("tracabilite"), Measure("sauvegarde")],
            DpiaDecision = DpiaDecision.NotRequired,
            DpiaDecisionReason = "Traitement prévu par la loi ; aucun critère du CEPD.",
        },
    };

    private static ActorContact Mayor(string commune, string postalCode, string email) => new()
    {
        Name = $"Commune {("AEIOUYÉÈÂÎ".Contains(commune[0], StringComparison.Ordinal) ? "d'" : "de ")}{commune}, représentée par son maire",
        Address = "Hôtel de ville", PostalCode = postalCode, City = commune, Email = email,
    };

    private static DataCategoryUse Data(string code, string description, string? retention, FinalFate? fate) =>
        new() { CategoryCode = code, Description = description, RetentionPeriod = retention, FinalFate = fate };

    private static DataSubjectUse Subjects(string code, string? details, int volume) =>
        new() { CategoryCode = code, Details = details, EstimatedVolume = volume };

    private static RecipientUse To(string type, string details, Guid? processor = null) =>
        new() { TypeCode = type, Details = details, ProcessorId = processor };

    private static SecurityMeasureUse Measure(string code, string? details = null) => new() { MeasureCode = code, Details = details };
}
