using System.Text;
using Egide.Core.Common;
using Egide.Core.Deadlines;
using Egide.Core.Organizations;

namespace Egide.Core.Privacy.Breaches;

/// <summary>
/// The text of a notification to the CNIL, in the order of the CNIL's online notification form, ready to be copied
/// into it (and kept as sent: <see cref="BreachNotification.Content"/>). What is not known yet is written
/// « Non connu à ce stade »: the notification may be made in phases (art. 33(4)).
/// </summary>
public static class BreachNotificationContent
{
    /// <summary>The numbered headings, in the form's order.</summary>
    public static IReadOnlyList<string> Headings { get; } =
    [
        "1. Type de notification",
        "2. Organisme et contact",
        "3. Dates et circonstances de la violation",
        "4. Nature et origine de la violation",
        "5. Données concernées",
        "6. Personnes concernées",
        "7. Conséquences probables",
        "8. Mesures prises et envisagées",
        "9. Information des personnes concernées (article 34 du RGPD)",
        "10. Traitements concernés",
    ];

    /// <param name="activityNames">The register's activities the breach concerns (« RH-001 – Paie des agents »).</param>
    /// <param name="previous">The notifications already made for this breach (a complementary one names the initial one).</param>
    /// <param name="recorderName">The contact when the organisation has no DPO: the person recording the notification.</param>
    /// <summary>
    /// The instant the 72 hours are judged on (art. 33(1)): that of the first notification. A complementary one, however
    /// late, is on time when the initial one was, and needs no reasons for a delay of its own.
    /// </summary>
    public static DateTime FirstNotifiedAt(NotificationKind kind, DateTime notifiedAtUtc, IEnumerable<BreachNotification> previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return kind == NotificationKind.Complementary
            && previous.Where(n => n.Kind == NotificationKind.Initial).Select(n => (DateTime?)Periods.AsUtc(n.NotifiedAt)).Min() is { } initial
            ? initial
            : notifiedAtUtc;
    }

    public static string Assemble(
        DataBreach breach, Organization organization, IReadOnlyList<string> activityNames, NotificationKind kind,
        DateTime notifiedAtUtc, IReadOnlyList<BreachNotification> previous, string recorderName)
    {
        ArgumentNullException.ThrowIfNull(breach);
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(activityNames);
        ArgumentNullException.ThrowIfNull(previous);
        var text = new StringBuilder();
        text.AppendLine("NOTIFICATION D'UNE VIOLATION DE DONNÉES PERSONNELLES À LA CNIL (article 33 du RGPD)");
        Line(text, "Référence interne", breach.Reference);
        Line(text, "Intitulé", breach.Title);
        Line(text, "Date de la notification", FrenchFormat.DateAndTime(notifiedAtUtc));

        Heading(text, 0);
        switch (kind)
        {
            case NotificationKind.Initial:
                text.AppendLine("Notification initiale : d'autres informations seront transmises dans une notification complémentaire (article 33(4) du RGPD).");
                break;
            case NotificationKind.Complementary:
                var initial = previous.Where(n => n.Kind == NotificationKind.Initial).OrderBy(n => n.NotifiedAt).FirstOrDefault();
                text.AppendLine("Notification complémentaire.");
                Line(text, "Notification initiale du", initial is null ? null : FrenchFormat.DateAndTime(initial.NotifiedAt));
                Line(text, "Numéro de la notification initiale à la CNIL", initial?.CnilReference);
                break;
            default:
                text.AppendLine("Notification complète.");
                break;
        }

        Heading(text, 1);
        Line(text, "Organisme", organization.Name);
        Line(text, "SIREN", organization.Siren);
        var address = string.Join(", ", new[] { organization.Address.Street, string.Join(" ", new[] { organization.Address.PostalCode, organization.Address.City }.Where(s => !string.IsNullOrWhiteSpace(s))) }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        Line(text, "Adresse", address);
        var dpo = organization.Dpo;
        if (dpo.Kind != DpoKind.NotDesignated)
        {
            var who = string.Join(", ", new[] { dpo.PersonName, dpo.ExternalBodyName }.Where(s => !string.IsNullOrWhiteSpace(s)));
            Line(text, "Contact : délégué à la protection des données", who);
            Line(text, "Courriel", dpo.Email);
            Line(text, "Téléphone", dpo.Phone);
            if (!string.IsNullOrWhiteSpace(dpo.CnilDesignationNumber))
            {
                Line(text, "Numéro de désignation du DPO", dpo.CnilDesignationNumber);
            }
        }
        else
        {
            Line(text, "Contact : personne chargée du dossier", recorderName);
        }

        Heading(text, 2);
        Line(text, "Début de la violation", breach.OccurredFrom is { } from ? FrenchFormat.DateAndTime(from) : null);
        Line(text, "Fin de la violation", breach.IsOngoing ? "la violation est toujours en cours" : breach.OccurredUntil is { } until ? FrenchFormat.DateAndTime(until) : null);
        Line(text, "Prise de connaissance de la violation", FrenchFormat.DateAndTime(breach.AwareAt));
        Line(text, "Circonstances de la découverte", breach.AwarenessCircumstances);
        var clock = HoursClock.CnilBreach(breach.AwareAt);
        var firstAt = FirstNotifiedAt(kind, notifiedAtUtc, previous);
        if (clock.IsOverdue(firstAt))
        {
            text.AppendLine($"{(kind == NotificationKind.Complementary ? "Notification initiale faite" : "Notification faite")} {FrenchFormat.Duration(clock.Elapsed(firstAt))} après la prise de connaissance, au-delà du délai de 72 heures.");
            Line(text, "Motifs du retard", breach.DelayReason);
        }

        Heading(text, 3);
        Line(text, "Nature", BreachLabels.Natures(breach.Nature));
        Line(text, "Origine de l'incident", breach.Origin == BreachOrigin.Unknown ? null : breach.Origin.French());
        Line(text, "Cause et description de l'incident", breach.Cause);

        Heading(text, 4);
        Line(text, "Catégories de données", breach.DataCategories);
        Line(text, "Nombre approximatif d'enregistrements", breach.RecordsCount is { } records ? FrenchFormat.Number(records) : null);
        Line(text, "Catégories particulières (article 9) ou données d'infraction (article 10)", breach.HasSpecialData ? "oui" : "non");

        Heading(text, 5);
        Line(text, "Catégories de personnes", breach.PersonCategories);
        Line(text, "Nombre approximatif de personnes", breach.PersonsCount is { } persons ? FrenchFormat.Number(persons) : null);

        Heading(text, 6);
        Line(text, "Conséquences probables pour les personnes", breach.LikelyConsequences);
        Line(text, "Niveau de risque estimé", breach.Risk == BreachRisk.NotAssessed ? null : breach.Risk.French());
        Line(text, "Motivation", breach.RiskReasoning);

        Heading(text, 7);
        Line(text, "Mesures prises", breach.MeasuresTaken);
        Line(text, "Mesures envisagées", breach.MeasuresPlanned);

        Heading(text, 8);
        switch (breach.PersonsCommunication)
        {
            case PersonsCommunication.Informed:
                Line(text, "Les personnes ont été informées le", breach.PersonsInformedOn is { } on ? FrenchFormat.Date(on) : null);
                Line(text, "Modalités et contenu de l'information", breach.PersonsCommunicationDetail);
                break;
            case PersonsCommunication.Exempted:
                Line(text, "Les personnes ne sont pas informées, au titre de l'article 34(3)", breach.PersonsExemption?.French());
                Line(text, "Justification", breach.PersonsCommunicationDetail);
                break;
            case PersonsCommunication.NotRequired:
                text.AppendLine("Information non requise : le risque pour les droits et libertés des personnes n'est pas élevé (article 34(1)).");
                break;
            default:
                Line(text, "Information des personnes", null);
                break;
        }

        Heading(text, 9);
        if (activityNames.Count == 0)
        {
            text.AppendLine(BreachLabels.NotKnownYet);
        }
        foreach (var name in activityNames)
        {
            text.AppendLine($"- {name}");
        }
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static void Heading(StringBuilder text, int index) => text.AppendLine().AppendLine(Headings[index]);

    private static void Line(StringBuilder text, string label, string? value) =>
        text.AppendLine($"{label} : {(string.IsNullOrWhiteSpace(value) ? BreachLabels.NotKnownYet : value.Trim())}");
}
