using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Requests;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Demo;

/// <summary>
/// Rights requests and data breaches for two demo bodies, written through their own use cases so that numbers, due
/// dates, CNIL clocks and notification texts are exactly what people would produce. Every date is counted back from
/// the clock at seeding time, so that the demo always shows live deadlines: a request due in a few days, one overdue,
/// one extended, a breach whose 72 hours are running. Saint-Laurent-Blangy and its CCAS get none: their deadlines and
/// reminders stay those a test or a visitor creates. Requesters are fictional.
/// </summary>
public sealed class DemoCasework(EgideDb db, TimeProvider clock)
{
    private sealed record OrganizationPlan(string OrganizationName, RegisterActor Keeper, Func<Seeding, CancellationToken, Task<int>> Seed);

    /// <summary>
    /// Adds the casework of each demo body that is present and has neither a request nor a breach yet, one transaction
    /// per body. The context works in each body in turn and is given back its organisation at the end.
    /// </summary>
    /// <returns>How many requests and breaches were added.</returns>
    public async Task<int> SeedAsync(CancellationToken ct = default)
    {
        // The same keepers as the demo registers' cast: the privacy referent of each body.
        OrganizationPlan[] plans =
        [
            new(DemoRegisters.Departement, new RegisterActor(null, "Laurent Deschamps", OrganizationRoles.PrivacyReferent), DepartementAsync),
            new(DemoRegisters.Achicourt, new RegisterActor(null, "Sandrine Lemoine", OrganizationRoles.PrivacyReferent), AchicourtAsync),
        ];
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
                if (await db.RightsRequests.AnyAsync(ct) || await db.DataBreaches.AnyAsync(ct))
                {
                    continue;
                }
                var strategy = db.Database.CreateExecutionStrategy();
                added += await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    var seeding = await Seeding.StartAsync(db, clock, plan.OrganizationName, plan.Keeper, ct);
                    var count = await plan.Seed(seeding, ct);
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

    private static async Task<int> DepartementAsync(Seeding s, CancellationToken ct)
    {
        var today = s.Today;

        // In the order they arrived, so that their numbers follow their dates.
        var objection = await s.RequestAsync(new RightsRequestInput
        {
            Kind = RightsRequestKind.Objection,
            RequesterName = "Gilles Vandenbussche",
            RequesterAddress = "14 rue des Écoles, 62800 Liévin",
            Channel = RequestChannel.Post,
            ReceivedOn = today.AddDays(-50),
            Description = "S'oppose à ce que ses données continuent d'être traitées pour son accompagnement au titre du RSA "
                + "et demande l'arrêt de tout échange avec France Travail à son sujet.",
            ActivityIds = s.Activities("SOC-001"),
        }, ct);
        await s.ChangeAsync(objection, new ChangeRightsRequest.Command(objection.Id, 0, RightsRequestAction.Refuse)
        {
            AnsweredOn = today.AddDays(-32),
            RefusalReason = RefusalReason.ObjectionNotApplicable,
            RefusalDetail = "Le traitement est nécessaire à la mission de service public confiée au Département par le code de l'action sociale "
                + "et des familles (art. L. 262-1 et suivants) : tant que M. Vandenbussche perçoit le RSA, l'instruction de son droit, son orientation "
                + "et son accompagnement imposent de traiter ses données et de les partager avec France Travail. Sa lettre ne fait valoir aucune "
                + "raison tenant à sa situation particulière, et ces motifs légitimes et impérieux prévalent (RGPD, art. 21, paragraphe 1). "
                + "La réponse lui rappelle qu'il peut introduire une réclamation auprès de la CNIL ou saisir le tribunal administratif.",
        }, ct);

        var rectification = await s.RequestAsync(new RightsRequestInput
        {
            Kind = RightsRequestKind.Rectification,
            RequesterName = "Sylvie Hennebert",
            RequesterEmail = "sylvie.hennebert@courriel.example",
            Channel = RequestChannel.Email,
            ReceivedOn = today.AddDays(-45),
            Description = "Ancienne agente du Département, demande la rectification de ses périodes de service et de ses grades entre 1992 et 2004, "
                + "qu'elle estime erronés dans son relevé de carrière, en vue de sa retraite.",
            ActivityIds = s.Activities("RH-001"),
        }, ct);
        await s.ChangeAsync(rectification, new ChangeRightsRequest.Command(rectification.Id, 0, RightsRequestAction.Start), ct);
        await s.ChangeAsync(rectification, new ChangeRightsRequest.Command(rectification.Id, 0, RightsRequestAction.Extend)
        {
            ToldOn = today.AddDays(-25),
            ExtensionMonths = RightsRequestClock.MaxExtensionMonths,
            Reason = "Volume des archives à consulter : dossiers de carrière et bulletins de paie de 1992 à 2004, conservés sur papier aux "
                + "Archives départementales, à rapprocher un à un des périodes contestées.",
        }, ct);

        var erasure = await s.RequestAsync(new RightsRequestInput
        {
            Kind = RightsRequestKind.Erasure,
            RequesterName = "Kévin Dumortier",
            RequesterEmail = "k.dumortier@courriel.example",
            Channel = RequestChannel.OnlineForm,
            ReceivedOn = today.AddDays(-40),
            Description = "Demande l'effacement de ses réponses à l'enquête de satisfaction des maisons du Département et de son adresse électronique.",
            ActivityIds = s.Activities("COM-004"),
            Notes = "Réponses à faire supprimer par le prestataire de l'enquête : relancé deux fois, sans retour à ce jour.",
        }, ct);
        await s.ChangeAsync(erasure, new ChangeRightsRequest.Command(erasure.Id, 0, RightsRequestAction.Start), ct);

        var access = await s.RequestAsync(new RightsRequestInput
        {
            Kind = RightsRequestKind.Access,
            RequesterName = "Yvette Lecomte",
            RequesterAddress = "3 rue Jean-Jaurès, 62300 Lens",
            Channel = RequestChannel.Post,
            ReceivedOn = today.AddDays(-26),
            Description = "Demande la communication de toutes les données de son dossier RSA, y compris les comptes rendus de ses entretiens "
                + "avec sa référente.",
            ActivityIds = s.Activities("SOC-001"),
            Notes = "Signature différente de celle du dossier : copie d'une pièce d'identité demandée, reçue depuis. Extraction demandée "
                + "à la maison du Département Solidarité de Lens.",
        }, ct);
        await s.ChangeAsync(access, new ChangeRightsRequest.Command(access.Id, 0, RightsRequestAction.Start), ct);
        await s.ChangeAsync(access, new ChangeRightsRequest.Command(access.Id, 0, RightsRequestAction.Identity)
        {
            IdentityProofRequestedOn = today.AddDays(-24),
            IdentityProofReceivedOn = today.AddDays(-17),
        }, ct);

        // Three months ago: notified within 72 hours, closed with what was learned.
        var day = today.AddMonths(-3);
        var wrongRecipient = await s.BreachAsync(new DataBreachInput
        {
            Title = "Tableau de suivi de bénéficiaires du RSA envoyé par courriel à une structure non concernée",
            AwareAt = Seeding.Paris(day, 10, 40),
            AwarenessCircumstances = "La structure destinataire a signalé l'erreur en répondant au courriel une demi-heure après l'envoi.",
            OccurredFrom = Seeding.Paris(day, 10, 8),
            OccurredUntil = Seeding.Paris(day, 10, 8),
            Nature = BreachNature.Confidentiality,
            Origin = BreachOrigin.InternalAccidental,
            Cause = "Erreur de destinataire : la messagerie a proposé l'adresse d'une autre structure d'insertion lors de l'envoi du tableau "
                + "mensuel de suivi, et l'agent ne l'a pas vérifiée.",
            PersonCategories = "Bénéficiaires du RSA accompagnés par une structure d'insertion conventionnée",
            PersonsCount = 37,
            DataCategories = "Identité, coordonnées, date d'entrée dans le dispositif, étape du parcours d'insertion",
            RecordsCount = 37,
            LikelyConsequences = "Divulgation de la qualité de bénéficiaire du RSA à des professionnels d'une autre structure.",
            MeasuresTaken = "Suppression demandée au destinataire, qui l'a confirmée par écrit le jour même ; complétion automatique des adresses "
                + "désactivée sur les postes du service.",
            MeasuresPlanned = "Envoi des tableaux nominatifs par la plateforme d'échange sécurisée du Département, et non plus en pièce jointe.",
            Risk = BreachRisk.Risk,
            RiskReasoning = "Données révélant une situation de précarité, mais reçues par un seul organisme identifié, lié au Département par "
                + "une convention comportant une clause de confidentialité, qui a supprimé le fichier : un risque, qui n'est pas élevé.",
            ActivityIds = s.Activities("SOC-001"),
        }, ct);
        await s.DecideAsync(wrongRecipient, NotificationDecision.Notify,
            "Données de personnes vulnérables : la DPO recommande la notification malgré la suppression confirmée.", ct);
        await s.NotifyAsync(wrongRecipient, Seeding.Paris(day.AddDays(2), 15, 20), $"CNIL-{day.Year}-048213", ct);
        await s.PersonsAsync(wrongRecipient, PersonsCommunication.NotRequired,
            "Risque non élevé : pas d'information individuelle ; les référents insertion ont été prévenus pour répondre aux questions.", ct);
        await s.CloseAsync(wrongRecipient,
            "Retour d'expérience présenté au comité RGPD : la complétion automatique des adresses est désactivée dans les services sociaux, "
            + "les tableaux nominatifs passent par la plateforme d'échange sécurisée et la formation annuelle des agents rappelle de vérifier "
            + "les destinataires avant tout envoi de données personnelles.", ct);

        // Twenty hours ago: 52 hours left to notify the CNIL, no decision yet.
        var aware = s.Now.AddHours(-20);
        await s.BreachAsync(new DataBreachInput
        {
            Title = "Rançongiciel sur un serveur de fichiers de la direction de l'insertion",
            AwareAt = aware,
            AwarenessCircumstances = "Les agents n'ont plus pu ouvrir leurs documents à leur arrivée ; la supervision de la DSI a relevé une "
                + "activité de chiffrement anormale et une demande de rançon.",
            OccurredFrom = aware.AddHours(-4),
            OccurredUntil = aware.AddHours(1),
            Nature = BreachNature.Availability | BreachNature.Confidentiality,
            Origin = BreachOrigin.ExternalMalicious,
            Cause = "Rançongiciel introduit par le compte compromis d'un prestataire de maintenance ; les dossiers partagés du serveur ont été "
                + "chiffrés et les attaquants revendiquent une copie préalable des fichiers, non confirmée à ce stade.",
            PersonCategories = "Bénéficiaires du RSA et membres de leur foyer ; agents départementaux",
            PersonsCount = 12_000,
            DataCategories = "Identité, coordonnées, NIR, ressources du foyer, comptes rendus d'accompagnement ; pour les agents, éléments de "
                + "paie et coordonnées bancaires",
            HasSpecialData = true,
            LikelyConsequences = "Dossiers indisponibles, retardant l'instruction des droits ; si la copie des fichiers est avérée, risque "
                + "d'usurpation d'identité, d'hameçonnage ciblé et d'atteinte à la vie privée de personnes vulnérables.",
            MeasuresTaken = "Serveur isolé du réseau, compte du prestataire et comptes à privilèges désactivés, plainte déposée, CERT-FR et "
                + "assureur prévenus ; restauration depuis les sauvegardes hors ligne en cours.",
            MeasuresPlanned = "Analyse des journaux pour établir ou écarter la copie des données ; information des personnes si elle est "
                + "confirmée ; authentification à deux facteurs pour tous les accès des prestataires.",
            Risk = BreachRisk.HighRisk,
            RiskReasoning = "Grand nombre de personnes vulnérables, données de santé et NIR, copie des fichiers revendiquée : le risque est "
                + "élevé tant que l'analyse ne l'a pas écartée.",
            ActivityIds = s.Activities("SOC-001", "RH-001"),
        }, ct);
        return s.Added;
    }

    private static async Task<int> AchicourtAsync(Seeding s, CancellationToken ct)
    {
        var today = s.Today;
        var answeredOn = today.AddMonths(-2);
        var access = await s.RequestAsync(new RightsRequestInput
        {
            Kind = RightsRequestKind.Access,
            RequesterName = "Aurélie Descamps",
            RequesterEmail = "aurelie.descamps@courriel.example",
            Channel = RequestChannel.Email,
            ReceivedOn = answeredOn.AddDays(-12),
            Description = "Demande la copie des données que la commune détient sur elle et sur son fils pour la restauration scolaire.",
            ActivityIds = s.Activities("ENF-001"),
        }, ct);
        await s.ChangeAsync(access, new ChangeRightsRequest.Command(access.Id, 0, RightsRequestAction.Start), ct);
        await s.ChangeAsync(access, new ChangeRightsRequest.Command(access.Id, 0, RightsRequestAction.Answer)
        {
            AnsweredOn = answeredOn,
            AnswerSummary = "Copie des données envoyée par courriel, en pièce jointe protégée par un mot de passe communiqué par SMS : fiche "
                + "d'inscription, allergie déclarée, présences et factures de l'année scolaire.",
        }, ct);

        await s.RequestAsync(new RightsRequestInput
        {
            Kind = RightsRequestKind.Portability,
            RequesterName = "Thomas Gosselin",
            RequesterEmail = "thomas.gosselin@courriel.example",
            Channel = RequestChannel.OnlineForm,
            ReceivedOn = today.AddDays(-5),
            Description = "Demande à recevoir, dans un format structuré et lisible par machine, les données de son abonnement à la lettre "
                + "d'information municipale.",
            ActivityIds = s.Activities("COM-001"),
        }, ct);

        var day = today.AddDays(-45);
        var laptop = await s.BreachAsync(new DataBreachInput
        {
            Title = "Perte d'un ordinateur portable du service de l'état civil",
            AwareAt = Seeding.Paris(day, 8, 50),
            AwarenessCircumstances = "L'agente a signalé la perte à son arrivée en mairie : l'ordinateur a été oublié la veille au soir dans le train.",
            OccurredFrom = Seeding.Paris(day.AddDays(-1), 18, 30),
            Nature = BreachNature.Confidentiality,
            Origin = BreachOrigin.InternalAccidental,
            Cause = "Ordinateur portable oublié dans un train au retour d'une formation.",
            PersonCategories = "Personnes dont un acte est en cours d'établissement ou de mise à jour",
            PersonsCount = 40,
            DataCategories = "Brouillons d'actes et de mentions marginales : identité, filiation, situation matrimoniale",
            RecordsCount = 40,
            LikelyConsequences = "Aucune : les données sont illisibles sans la clé de chiffrement, et leurs originaux sont intacts sur le serveur.",
            MeasuresTaken = "Ordinateur bloqué à distance et retiré de l'annuaire, mot de passe de l'agente changé, déclaration de perte faite "
                + "auprès de la SNCF.",
            Risk = BreachRisk.None,
            RiskReasoning = "Disque entièrement chiffré avec un code demandé au démarrage, clé non compromise, aucune donnée conservée hors du "
                + "serveur de la commune : les données sont inintelligibles pour quiconque trouverait l'appareil.",
            ActivityIds = s.Activities("EC-001"),
        }, ct);
        await s.DecideAsync(laptop, NotificationDecision.DoNotNotify,
            "Violation non susceptible d'engendrer un risque pour les droits et libertés des personnes : données chiffrées, clé non compromise, "
            + "originaux intacts ; décision consignée dans le registre des violations (RGPD, art. 33, paragraphe 5).", ct);
        await s.PersonsAsync(laptop, PersonsCommunication.NotRequired, null, ct);
        await s.CloseAsync(laptop,
            "Le chiffrement intégral du disque a évité toute atteinte aux personnes : il a été vérifié à cette occasion sur tous les ordinateurs "
            + "portables de la mairie, et les agents n'emportent plus de portable hors de la mairie sans nécessité.", ct);
        return s.Added;
    }

    /// <summary>A request or a breach being written, with the version its next change must name.</summary>
    private sealed class Tracked(Guid id, string what)
    {
        public Guid Id { get; } = id;
        public string What { get; } = what;
        public int Version { get; set; } = 1;
    }

    /// <summary>One body's seeding: its keeper, its register's activities by reference, the use cases, and the clock's today.</summary>
    private sealed class Seeding
    {
        private readonly EgideDb _db;
        private readonly TimeProvider _clock;
        private readonly string _organizationName;
        private readonly RegisterActor _keeper;
        private readonly IReadOnlyDictionary<string, Guid> _activities;

        private Seeding(EgideDb db, TimeProvider clock, string organizationName, RegisterActor keeper, IReadOnlyDictionary<string, Guid> activities)
        {
            _db = db;
            _clock = clock;
            _organizationName = organizationName;
            _keeper = keeper;
            _activities = activities;
            Now = clock.GetUtcNow().UtcDateTime;
            Today = Periods.ParisDate(Now);
        }

        public DateTime Now { get; }

        public DateOnly Today { get; }

        public int Added { get; private set; }

        public static async Task<Seeding> StartAsync(EgideDb db, TimeProvider clock, string organizationName, RegisterActor keeper, CancellationToken ct)
        {
            var activities = await db.ProcessingActivities.AsNoTracking().OrderBy(a => a.CreatedAt)
                .Select(a => new { a.Reference, a.Id }).ToListAsync(ct);
            return new Seeding(db, clock, organizationName, keeper,
                activities.DistinctBy(a => a.Reference).ToDictionary(a => a.Reference, a => a.Id, StringComparer.Ordinal));
        }

        /// <summary>The UTC instant of a Paris wall-clock time.</summary>
        public static DateTime Paris(DateOnly day, int hour, int minute) =>
            TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), FrenchFormat.Paris);

        /// <summary>The body's activities of those references that its register holds (none when it has no register).</summary>
        public IReadOnlyList<Guid> Activities(params string[] references) =>
            [.. references.Where(_activities.ContainsKey).Select(r => _activities[r])];

        public async Task<Tracked> RequestAsync(RightsRequestInput input, CancellationToken ct)
        {
            var what = $"demande de {input.RequesterName}";
            var id = Expect(await new RecordRightsRequest.Handler(_db, _clock).Handle(input, _keeper, ct), what);
            Added++;
            return new Tracked(id, what);
        }

        /// <summary>Applies a change to a request, on the version last written (the command's own is replaced).</summary>
        public async Task ChangeAsync(Tracked request, ChangeRightsRequest.Command command, CancellationToken ct) =>
            request.Version = Expect(await new ChangeRightsRequest.Handler(_db, _clock).Handle(command with { Version = request.Version }, _keeper, ct),
                request.What);

        public async Task<Tracked> BreachAsync(DataBreachInput input, CancellationToken ct)
        {
            var id = Expect(await new RecordDataBreach.Handler(_db, _clock).Handle(input, _keeper, ct), input.Title);
            Added++;
            return new Tracked(id, input.Title);
        }

        public async Task DecideAsync(Tracked breach, NotificationDecision decision, string? reason, CancellationToken ct) =>
            breach.Version = Expect(await new DecideBreachNotification.Handler(_db, _clock).Handle(
                new DecideBreachNotification.Command(breach.Id, breach.Version, decision, reason), _keeper, ct), breach.What);

        /// <summary>A complete notification; recording it raises the breach's version by one.</summary>
        public async Task NotifyAsync(Tracked breach, DateTime notifiedAt, string cnilReference, CancellationToken ct)
        {
            Expect(await new RecordBreachNotification.Handler(_db, _clock).Handle(
                new RecordBreachNotification.Command(breach.Id, NotificationKind.Complete, notifiedAt, cnilReference), _keeper, ct), breach.What);
            breach.Version++;
        }

        public async Task PersonsAsync(Tracked breach, PersonsCommunication communication, string? detail, CancellationToken ct) =>
            breach.Version = Expect(await new RecordPersonsCommunication.Handler(_db, _clock).Handle(
                new RecordPersonsCommunication.Command(breach.Id, breach.Version, communication, null, null, detail), _keeper, ct), breach.What);

        public async Task CloseAsync(Tracked breach, string summary, CancellationToken ct) =>
            breach.Version = Expect(await new CloseDataBreach.Handler(_db, _clock).Handle(
                new CloseDataBreach.Command(breach.Id, breach.Version, summary), _keeper, ct), breach.What);

        private T Expect<T>(Result<T> result, string what) => result.IsSuccess
            ? result.Value
            : throw new InvalidOperationException(
                $"Demo casework of '{_organizationName}', '{what}' refused: {(result.Failure as ValidationFailure)?.FirstMessage ?? result.Failure!.Message}");
    }
}
