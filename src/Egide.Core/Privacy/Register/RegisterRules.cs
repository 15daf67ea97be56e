using Egide.Core.Deadlines;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Catalogs;

namespace Egide.Core.Privacy.Register;

/// <summary>What the rules need to know besides the entry itself: the catalogues and the time.</summary>
public sealed record RegisterFacts(
    IReadOnlyDictionary<string, CatalogEntry> DataCategories,
    IReadOnlyDictionary<string, Country> Countries,
    DateTime Now);

/// <summary>A non-conformity as a rule finds it; <see cref="SubjectKey"/> says what it is about.</summary>
public sealed record Finding(string RuleCode, string SubjectKey, Guid? ActivityId, Guid? ProcessorId, string SubjectName, string Message, string Article);

/// <summary>
/// Every non-conformity rule of the register, in one place, each with its French explanation and the article
/// it comes from. Pure functions: the same entry, catalogues and time give the same findings.
/// </summary>
public static class RegisterRules
{
    public const int ReviewMonths = 12;
    public const int DraftMonths = 3;

    public static class Codes
    {
        public const string LegalBasisMissing = "base-legale-manquante";
        public const string LegalBasisUnjustified = "base-legale-non-justifiee";
        public const string RetentionMissing = "duree-conservation-manquante";
        public const string SensitiveDataWithoutDpiaDecision = "donnees-sensibles-sans-decision-aipd";
        public const string DpiaMissing = "aipd-manquante";
        public const string TransferWithoutSafeguard = "transfert-sans-garantie";
        public const string ProcessorWithoutContract = "sous-traitant-sans-contrat";
        public const string ProcessorClausesMissing = "sous-traitant-clauses-manquantes";
        public const string NotReviewed = "non-revu";
        public const string StaleDraft = "brouillon-ancien";
        public const string NoReferent = "referent-non-designe";
    }

    /// <summary>The rules as listed to people (code, title, article), for filters and documentation.</summary>
    public static readonly IReadOnlyList<(string Code, string Title, string Article)> All =
    [
        (Codes.LegalBasisMissing, "Base légale manquante", "RGPD, art. 6(1)"),
        (Codes.LegalBasisUnjustified, "Base légale sans justification", "RGPD, art. 6(3)"),
        (Codes.RetentionMissing, "Durée de conservation manquante", "RGPD, art. 5(1)(e) et 30(1)(f)"),
        (Codes.SensitiveDataWithoutDpiaDecision, "Données sensibles ou d'infraction sans décision sur l'AIPD", "RGPD, art. 9, 10 et 35"),
        (Codes.DpiaMissing, "AIPD requise non réalisée", "RGPD, art. 35"),
        (Codes.TransferWithoutSafeguard, "Transfert hors UE sans garantie", "RGPD, art. 44 à 46"),
        (Codes.ProcessorWithoutContract, "Sous-traitant sans contrat", "RGPD, art. 28(3)"),
        (Codes.ProcessorClausesMissing, "Contrat de sous-traitance incomplet", "RGPD, art. 28(3)"),
        (Codes.NotReviewed, "Fiche non revue depuis 12 mois", "RGPD, art. 5(2) et 24(1)"),
        (Codes.StaleDraft, "Brouillon de plus de 3 mois", "RGPD, art. 30(1)"),
        (Codes.NoReferent, "Aucun référent RGPD désigné", "Convention d'adhésion au service RGPD mutualisé"),
    ];

    public static string SubjectOf(ProcessingActivity activity) => $"activity:{activity.Id:D}";

    public static string SubjectOf(Processor processor) => $"processor:{processor.Id:D}";

    public const string OrganizationSubject = "organization";

    public static IEnumerable<Finding> ForActivity(ProcessingActivity activity, RegisterFacts facts)
    {
        if (activity.Status == ActivityStatus.Archived)
        {
            yield break;
        }
        var content = activity.Content;
        var subject = SubjectOf(activity);
        var name = $"{activity.Reference} – {activity.Name}";
        Finding F(string code, string message) =>
            new(code, subject, activity.Id, null, name, message, All.Single(r => r.Code == code).Article);

        if (string.IsNullOrWhiteSpace(content.LegalBasisCode))
        {
            yield return F(Codes.LegalBasisMissing,
                "Le traitement n'indique pas sa base légale : choisissez l'une des six bases de l'article 6(1) du RGPD.");
        }
        else if (content.LegalBasisCode is "c" or "e" && string.IsNullOrWhiteSpace(content.LegalBasisJustification))
        {
            yield return F(Codes.LegalBasisUnjustified, content.LegalBasisCode == "c"
                ? "L'obligation légale invoquée n'est pas précisée : citez le texte qui l'impose (article de loi, du CGCT…)."
                : "La mission d'intérêt public invoquée n'est pas précisée : citez le texte ou la délibération qui la confie.");
        }

        var withoutRetention = content.DataCategories
            .Where(c => string.IsNullOrWhiteSpace(c.RetentionPeriod))
            .Select(c => facts.DataCategories.TryGetValue(c.CategoryCode, out var entry) ? entry.Label : c.CategoryCode)
            .ToList();
        if (withoutRetention.Count > 0)
        {
            yield return F(Codes.RetentionMissing,
                $"Durée de conservation non renseignée pour : {string.Join(" ; ", withoutRetention)}.");
        }

        var sensitive = content.DataCategories
            .Where(c => facts.DataCategories.TryGetValue(c.CategoryCode, out var entry)
                && entry.Nature is DataCategoryNature.Special or DataCategoryNature.Offence)
            .Select(c => facts.DataCategories[c.CategoryCode].Label)
            .ToList();
        if (sensitive.Count > 0 && content.DpiaDecision == DpiaDecision.NotDecided)
        {
            yield return F(Codes.SensitiveDataWithoutDpiaDecision,
                $"Le traitement porte sur des données sensibles ou d'infraction ({string.Join(" ; ", sensitive)}) "
                + "sans décision sur la nécessité d'une analyse d'impact.");
        }

        var criteria = content.EdpbCriteria.Distinct().Count();
        var cnilMatch = content.CnilDpiaListMatches.Count > 0;
        var justifiedWithoutDpia = content.DpiaDecision == DpiaDecision.NotRequired && !cnilMatch
            && !string.IsNullOrWhiteSpace(content.DpiaDecisionReason);
        if ((criteria >= 2 || cnilMatch) && content.DpiaDecision != DpiaDecision.Done && !justifiedWithoutDpia)
        {
            var why = cnilMatch
                ? "il figure sur la liste de la CNIL des traitements pour lesquels une AIPD est requise"
                : $"il remplit {criteria} critères du CEPD (deux suffisent en principe)";
            yield return F(Codes.DpiaMissing, $"Une analyse d'impact est requise car {why}, et elle n'est pas réalisée.");
        }

        foreach (var transfer in content.Transfers)
        {
            if (TransferProblem(transfer, facts) is { } problem)
            {
                yield return F(Codes.TransferWithoutSafeguard, problem);
                break;
            }
        }

        if (Periods.MonthsElapsed(activity.LastReviewedAt, ReviewMonths, facts.Now))
        {
            yield return F(Codes.NotReviewed,
                $"La fiche n'a pas été revue depuis plus de {ReviewMonths} mois (dernière revue le {Common.FrenchFormat.Date(activity.LastReviewedAt)}).");
        }
        if (activity.Status == ActivityStatus.Draft && Periods.MonthsElapsed(activity.StatusChangedAt, DraftMonths, facts.Now))
        {
            yield return F(Codes.StaleDraft,
                $"La fiche est en brouillon depuis le {Common.FrenchFormat.Date(activity.StatusChangedAt)} : "
                + "soumettez-la à l'avis du DPO puis à la validation du responsable de traitement.");
        }
    }

    public static IEnumerable<Finding> ForProcessor(Processor processor, RegisterFacts facts)
    {
        if (processor.ArchivedAt is not null)
        {
            yield break;
        }
        var subject = SubjectOf(processor);
        Finding F(string code, string message) =>
            new(code, subject, null, processor.Id, processor.Name, message, All.Single(r => r.Code == code).Article);

        if (processor.ContractDate is null)
        {
            yield return F(Codes.ProcessorWithoutContract,
                "Aucun contrat de sous-traitance n'est enregistré : l'article 28(3) impose un contrat ou un autre acte juridique.");
        }
        else
        {
            var missing = Article28.MissingLetters(processor.Clauses).ToList();
            if (missing.Count > 0)
            {
                yield return F(Codes.ProcessorClausesMissing,
                    $"Le contrat ne comporte pas {(missing.Count == 1 ? "la clause" : "les clauses")} "
                    + $"{string.Join(", ", missing.Select(l => $"{l})"))} de l'article 28(3).");
            }
        }
        foreach (var transfer in processor.Transfers)
        {
            if (TransferProblem(transfer, facts) is { } problem)
            {
                yield return F(Codes.TransferWithoutSafeguard, problem);
                break;
            }
        }
    }

    public static IEnumerable<Finding> ForOrganization(Organization organization)
    {
        if (organization.Referents.Count == 0)
        {
            yield return new Finding(Codes.NoReferent, OrganizationSubject, null, null, organization.Name,
                "L'organisme n'a désigné aucun référent RGPD : c'est lui qui tient le registre et associe le DPO à chaque projet.",
                All.Single(r => r.Code == Codes.NoReferent).Article);
        }
    }

    /// <summary>Why a transfer outside the EEA is not framed, or null when it is.</summary>
    public static string? TransferProblem(TransferUse transfer, RegisterFacts facts)
    {
        if (!facts.Countries.TryGetValue(transfer.CountryCode, out var country))
        {
            return $"Transfert vers « {transfer.Recipient} » : pays inconnu ({transfer.CountryCode}), garantie impossible à vérifier.";
        }
        return country.Zone switch
        {
            TransferZone.EuropeanEconomicArea or TransferZone.Adequate => null,
            TransferZone.PartiallyAdequate when transfer.Safeguard == TransferSafeguard.None =>
                $"Transfert vers « {transfer.Recipient} » ({country.Name}) : la décision d'adéquation ne couvre que certains destinataires "
                + $"({country.AdequacyDecision}) ; indiquez la garantie qui s'applique.",
            TransferZone.NotAdequate when transfer.Safeguard is TransferSafeguard.None or TransferSafeguard.AdequacyDecision =>
                $"Transfert vers « {transfer.Recipient} » ({country.Name}) sans garantie : ce pays ne bénéficie d'aucune décision "
                + "d'adéquation ; des garanties de l'article 46 (clauses types…) ou une dérogation de l'article 49 sont nécessaires.",
            _ => null,
        };
    }
}
