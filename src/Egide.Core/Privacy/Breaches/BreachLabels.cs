namespace Egide.Core.Privacy.Breaches;

/// <summary>The French words for the breach register's values: one place for the pages, the notification text and the CLI.</summary>
public static class BreachLabels
{
    /// <summary>Written where the notification has nothing yet: a phased notification completes it later (art. 33(4)).</summary>
    public const string NotKnownYet = "Non connu à ce stade";

    public static string French(this BreachNature nature) => nature switch
    {
        BreachNature.Confidentiality => "Confidentialité",
        BreachNature.Integrity => "Intégrité",
        BreachNature.Availability => "Disponibilité",
        _ => NotKnownYet,
    };

    /// <summary>The natures ticked, in the CNIL's order: « Confidentialité, Disponibilité ».</summary>
    public static string Natures(BreachNature natures)
    {
        var names = Enum.GetValues<BreachNature>().Where(n => n != BreachNature.None && natures.HasFlag(n)).Select(French).ToList();
        return names.Count == 0 ? NotKnownYet : string.Join(", ", names);
    }

    /// <summary>What each nature means, as the EDPB guidelines put it (the form's hints).</summary>
    public static string Explanation(this BreachNature nature) => nature switch
    {
        BreachNature.Confidentiality => "divulgation ou accès non autorisé ou accidentel",
        BreachNature.Integrity => "altération non autorisée ou accidentelle",
        BreachNature.Availability => "perte d'accès ou destruction accidentelle ou non autorisée",
        _ => "",
    };

    public static string French(this BreachOrigin origin) => origin switch
    {
        BreachOrigin.InternalAccidental => "Interne, accidentelle",
        BreachOrigin.InternalMalicious => "Interne, malveillante",
        BreachOrigin.ExternalAccidental => "Externe, accidentelle",
        BreachOrigin.ExternalMalicious => "Externe, malveillante",
        _ => "Inconnue",
    };

    public static string French(this BreachRisk risk) => risk switch
    {
        BreachRisk.None => "Aucun risque",
        BreachRisk.Risk => "Risque",
        BreachRisk.HighRisk => "Risque élevé",
        _ => "Non évalué",
    };

    public static string French(this NotificationDecision decision) => decision switch
    {
        NotificationDecision.Notify => "Notifier la CNIL",
        NotificationDecision.DoNotNotify => "Ne pas notifier (décision motivée)",
        _ => "À décider",
    };

    public static string French(this NotificationKind kind) => kind switch
    {
        NotificationKind.Initial => "Notification initiale",
        NotificationKind.Complementary => "Notification complémentaire",
        _ => "Notification complète",
    };

    /// <summary>The kind as the pages' addresses name it (?type=complete|initiale|complementaire).</summary>
    public static string Slug(this NotificationKind kind) => kind switch
    {
        NotificationKind.Initial => "initiale",
        NotificationKind.Complementary => "complementaire",
        _ => "complete",
    };

    public static NotificationKind? KindOfSlug(string? slug) => slug?.Trim().ToLowerInvariant() switch
    {
        "complete" => NotificationKind.Complete,
        "initiale" => NotificationKind.Initial,
        "complementaire" => NotificationKind.Complementary,
        _ => null,
    };

    public static string French(this PersonsCommunication communication) => communication switch
    {
        PersonsCommunication.NotRequired => "Non requise (risque non élevé)",
        PersonsCommunication.Informed => "Personnes informées",
        PersonsCommunication.Exempted => "Exemption (article 34(3) du RGPD)",
        _ => "À décider",
    };

    public static string French(this PersonsExemption exemption) => exemption switch
    {
        PersonsExemption.DataUnintelligible => "a) les données sont incompréhensibles pour toute personne non autorisée (chiffrement)",
        PersonsExemption.RiskNoLongerLikely => "b) des mesures ultérieures font que le risque élevé n'est plus susceptible de se matérialiser",
        PersonsExemption.DisproportionateEffort => "c) l'information exigerait des efforts disproportionnés : une communication publique la remplace",
        _ => "",
    };

    public static string French(this BreachFilter filter) => filter switch
    {
        BreachFilter.Closed => "Closes",
        BreachFilter.All => "Toutes",
        _ => "En cours",
    };
}
