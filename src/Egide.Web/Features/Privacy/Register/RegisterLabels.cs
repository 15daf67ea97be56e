using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>The French words for the register's enums, taken from <see cref="RegisterVocabulary"/> (which the export and import share).</summary>
public static class RegisterLabels
{
    public static string French(this ActivityStatus status) => RegisterVocabulary.Statuses.Label(status);

    public static string French(this ProcessingRole role) => RegisterVocabulary.Roles.Label(role);

    public static string French(this DpoOpinionKind opinion) => RegisterVocabulary.DpoOpinions.Label(opinion);

    public static string French(this ArtificialIntelligenceUse use) => RegisterVocabulary.AiUses.Label(use);

    public static string French(this DpiaDecision decision) => RegisterVocabulary.DpiaDecisions.Label(decision);

    public static string French(this FinalFate fate) => RegisterVocabulary.FinalFates.Label(fate);

    public static string French(this TransferSafeguard safeguard) => RegisterVocabulary.Safeguards.Label(safeguard);

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
