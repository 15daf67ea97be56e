using Egide.Core.Privacy.Register;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>The French words for the register's enums, in one place for every register page.</summary>
public static class RegisterLabels
{
    public static string French(this ActivityStatus status) => status switch
    {
        ActivityStatus.Draft => "Brouillon",
        ActivityStatus.Submitted => "Soumise à l'avis du DPO",
        ActivityStatus.DpoOpinionGiven => "Avis du DPO donné",
        ActivityStatus.Validated => "Validée",
        ActivityStatus.Archived => "Archivée",
        _ => status.ToString(),
    };

    public static string French(this ProcessingRole role) => role switch
    {
        ProcessingRole.Controller => "Responsable de traitement",
        ProcessingRole.JointController => "Responsable conjoint",
        ProcessingRole.Processor => "Sous-traitant (art. 30(2))",
        _ => role.ToString(),
    };

    public static string French(this DpoOpinionKind opinion) => opinion switch
    {
        DpoOpinionKind.Favourable => "Favorable",
        DpoOpinionKind.FavourableWithReservations => "Favorable avec réserves",
        DpoOpinionKind.Unfavourable => "Défavorable",
        _ => opinion.ToString(),
    };

    public static string French(this ArtificialIntelligenceUse use) => use switch
    {
        ArtificialIntelligenceUse.None => "Aucun système d'intelligence artificielle",
        ArtificialIntelligenceUse.Assists => "Une IA aide les personnes qui décident",
        ArtificialIntelligenceUse.Decides => "Une IA produit la décision, ou l'essentiel",
        _ => use.ToString(),
    };

    public static string French(this DpiaDecision decision) => decision switch
    {
        DpiaDecision.NotDecided => "Pas encore décidé",
        DpiaDecision.NotRequired => "AIPD non requise",
        DpiaDecision.Required => "AIPD requise",
        DpiaDecision.Done => "AIPD réalisée",
        _ => decision.ToString(),
    };

    public static string French(this FinalFate fate) => fate switch
    {
        FinalFate.Destruction => "Destruction",
        FinalFate.IntermediateArchiving => "Archivage intermédiaire",
        FinalFate.PublicArchives => "Versement aux archives publiques",
        FinalFate.Sorting => "Tri (destruction partielle, versement du reste)",
        _ => fate.ToString(),
    };

    public static string French(this TransferSafeguard safeguard) => safeguard switch
    {
        TransferSafeguard.None => "Aucune garantie",
        TransferSafeguard.AdequacyDecision => "Décision d'adéquation (art. 45)",
        TransferSafeguard.StandardContractualClauses => "Clauses contractuelles types (art. 46)",
        TransferSafeguard.BindingCorporateRules => "Règles d'entreprise contraignantes (art. 47)",
        TransferSafeguard.AdministrativeArrangement => "Arrangement administratif entre autorités publiques (art. 46(3)(b))",
        TransferSafeguard.CodeOfConduct => "Code de conduite (art. 46(2)(e))",
        TransferSafeguard.Certification => "Certification (art. 46(2)(f))",
        TransferSafeguard.Derogation => "Dérogation pour une situation particulière (art. 49)",
        _ => safeguard.ToString(),
    };

    /// <summary>« Art. 6(1)(e) »: how the register's tables name a legal basis in short.</summary>
    public static string LegalBasisShort(string? code) => code is null ? "Non renseignée" : $"Art. 6(1)({code})";

    public static string French(this ActivityAction action) => action switch
    {
        ActivityAction.Submit => "Soumettre à l'avis du DPO",
        ActivityAction.GiveDpoOpinion => "Donner l'avis du DPO",
        ActivityAction.Validate => "Valider la fiche",
        ActivityAction.MarkReviewed => "Marquer comme revue",
        ActivityAction.Archive => "Archiver",
        ActivityAction.Restore => "Restaurer",
        _ => action.ToString(),
    };
}
