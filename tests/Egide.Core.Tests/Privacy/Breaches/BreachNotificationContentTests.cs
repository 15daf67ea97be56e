using Egide.Core.Common;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Breaches;
using Xunit;

namespace Egide.Core.Tests.Privacy.Breaches;

public sealed class BreachNotificationContentTests
{
    private static DataBreach Breach(DateTime awareAt) => new()
    {
        Reference = "VD-2026-004",
        Title = "Rançongiciel sur le serveur de fichiers",
        AwareAt = awareAt,
        AwarenessCircumstances = "Alerte de l'antivirus, confirmée par le prestataire.",
        Nature = BreachNature.Confidentiality | BreachNature.Availability,
        Origin = BreachOrigin.ExternalMalicious,
        PersonsCount = 1250,
        Risk = BreachRisk.HighRisk,
        RiskReasoning = "Données d'état civil et de santé.",
    };

    private static Organization Commune() => new()
    {
        Name = "Commune d'Achicourt",
        Siren = "216200014",
        Address = new PostalAddress { Street = "Place de la Mairie", PostalCode = "62217", City = "Achicourt" },
        Dpo = new DpoDesignation { Kind = DpoKind.External, PersonName = "Alice Martin", ExternalBodyName = "CDG 62", Email = "dpo@cdg62.example" },
    };

    [Fact]
    public void Assemble_Complete_SectionsInTheCnilFormsOrderAndUnknownsSaid()
    {
        var aware = new DateTime(2026, 11, 23, 13, 5, 0, DateTimeKind.Utc);

        var text = BreachNotificationContent.Assemble(Breach(aware), Commune(), ["RH-001 – Paie des agents"], NotificationKind.Complete, aware.AddHours(20), [], "Bruno Petit");

        var positions = BreachNotificationContent.Headings.Select(h => text.IndexOf("\n" + h + "\n", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(
            ["1. Type de notification", "2. Organisme et contact", "3. Dates et circonstances de la violation", "4. Nature et origine de la violation",
             "5. Données concernées", "6. Personnes concernées", "7. Conséquences probables", "8. Mesures prises et envisagées",
             "9. Information des personnes concernées (article 34 du RGPD)", "10. Traitements concernés"],
            BreachNotificationContent.Headings);
        Assert.Contains("Notification complète.", text, StringComparison.Ordinal);
        Assert.Contains("Organisme : Commune d'Achicourt\nSIREN : 216200014\nAdresse : Place de la Mairie, 62217 Achicourt", text, StringComparison.Ordinal);
        Assert.Contains("Contact : délégué à la protection des données : Alice Martin, CDG 62", text, StringComparison.Ordinal);
        Assert.Contains("Prise de connaissance de la violation : 23/11/2026 à 14 h 05", text, StringComparison.Ordinal);
        Assert.Contains("Nature : Confidentialité, Disponibilité", text, StringComparison.Ordinal);
        Assert.Contains("Origine de l'incident : Externe, malveillante", text, StringComparison.Ordinal);
        Assert.Contains($"Nombre approximatif de personnes : {FrenchFormat.Number(1250)}", text, StringComparison.Ordinal);
        // What is not known yet says so, for a later complementary notification (art. 33(4)).
        Assert.Contains("Début de la violation : Non connu à ce stade", text, StringComparison.Ordinal);
        Assert.Contains("Catégories de données : Non connu à ce stade", text, StringComparison.Ordinal);
        Assert.Contains("Nombre approximatif d'enregistrements : Non connu à ce stade", text, StringComparison.Ordinal);
        Assert.Contains("Mesures prises : Non connu à ce stade", text, StringComparison.Ordinal);
        Assert.Contains("Information des personnes : Non connu à ce stade", text, StringComparison.Ordinal);
        Assert.Contains("- RH-001 – Paie des agents", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Motifs du retard", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_NoDpoNoActivityLate_RecorderIsTheContactAndTheDelayIsExplained()
    {
        var aware = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
        var breach = Breach(aware);
        breach.DelayReason = "Week-end prolongé, prestataire injoignable.";
        var organization = Commune();
        organization.Dpo = new DpoDesignation();

        var text = BreachNotificationContent.Assemble(breach, organization, [], NotificationKind.Initial, aware.AddHours(80), [], "Bruno Petit");

        Assert.Contains("Contact : personne chargée du dossier : Bruno Petit", text, StringComparison.Ordinal);
        Assert.Contains("Notification initiale : d'autres informations", text, StringComparison.Ordinal);
        Assert.Contains("Notification faite 80 h 00 min après la prise de connaissance", text, StringComparison.Ordinal);
        Assert.Contains("Motifs du retard : Week-end prolongé, prestataire injoignable.", text, StringComparison.Ordinal);
        Assert.EndsWith("10. Traitements concernés\nNon connu à ce stade\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Clock_AcrossTheSpringDaylightSavingChange_Due72RealHoursLaterShownInParisTime()
    {
        // 27/03/2026 at 10:00 in Paris (UTC+1); the clocks go forward on 29/03; due on 30/03 at 11:00 in Paris (UTC+2).
        var aware = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 3, 27, 10, 0, 0), FrenchFormat.Paris);
        Assert.Equal(new DateTime(2026, 3, 27, 9, 0, 0, DateTimeKind.Utc), aware);

        var running = BreachClockState.Of(aware, NotificationDecision.Pending, null, aware.AddHours(24).AddMinutes(48));
        var overdue = BreachClockState.Of(aware, NotificationDecision.Notify, null, aware.AddHours(75).AddMinutes(5));

        Assert.Equal(new DateTime(2026, 3, 30, 9, 0, 0, DateTimeKind.Utc), running.DueAt);
        Assert.Equal("30/03/2026 à 11 h 00", FrenchFormat.DateAndTime(running.DueAt));
        Assert.Equal("Notification à la CNIL : reste 47 h 12 min (échéance le 30/03/2026 à 11 h 00)", running.Sentence);
        Assert.Equal("Notification à la CNIL : délai dépassé de 3 h 05 min (échéance le 30/03/2026 à 11 h 00)", overdue.Sentence);
        Assert.Equal(BreachClockStatus.Overdue, overdue.Status);
    }
}
