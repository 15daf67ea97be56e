using Egide.Core.Privacy.Catalogs;
using Egide.Core.Privacy.Register;

namespace Egide.Web.Features.Privacy;

/// <summary>
/// French words for the codes of the register's processors, alerts and catalogues. Plain static methods rather
/// than extensions, so that they never compete with the register pages' own labels.
/// </summary>
public static class PrivacyLabels
{
    public static string Zone(TransferZone zone) => zone switch
    {
        TransferZone.EuropeanEconomicArea => "Union européenne ou EEE",
        TransferZone.Adequate => "Décision d'adéquation",
        TransferZone.PartiallyAdequate => "Adéquation partielle",
        TransferZone.NotAdequate => "Sans décision d'adéquation",
        _ => zone.ToString(),
    };

    public static string Kind(CatalogKind kind) => kind switch
    {
        CatalogKind.LegalBasis => "Bases légales",
        CatalogKind.DataCategory => "Catégories de données",
        CatalogKind.DataSubjectCategory => "Catégories de personnes concernées",
        CatalogKind.RecipientType => "Types de destinataires",
        CatalogKind.SecurityMeasure => "Mesures de sécurité",
        CatalogKind.CnilDpiaList => "Liste CNIL des traitements soumis à AIPD",
        CatalogKind.EdpbCriterion => "Critères du CEPD pour l'AIPD",
        _ => kind.ToString(),
    };

    public static string Nature(DataCategoryNature nature) => nature switch
    {
        DataCategoryNature.Ordinary => "Courante",
        DataCategoryNature.Special => "Sensible (art. 9)",
        DataCategoryNature.Offence => "Infractions et condamnations (art. 10)",
        DataCategoryNature.Nir => "NIR (numéro de sécurité sociale)",
        _ => nature.ToString(),
    };

    public static string Status(ActivityStatus status) => status switch
    {
        ActivityStatus.Draft => "Brouillon",
        ActivityStatus.Submitted => "Soumise à l'avis du DPO",
        ActivityStatus.DpoOpinionGiven => "Avis du DPO rendu",
        ActivityStatus.Validated => "Validée",
        ActivityStatus.Archived => "Archivée",
        _ => status.ToString(),
    };

    /// <summary>« a) Traitement sur instruction documentée… »</summary>
    public static string Clause(char letter, string label) => $"{letter}) {label}";

    /// <summary>The rule's title as listed in <see cref="RegisterRules.All"/>, or its code.</summary>
    public static string Rule(string code)
    {
        foreach (var rule in RegisterRules.All)
        {
            if (rule.Code == code)
            {
                return rule.Title;
            }
        }
        return code;
    }
}
