using System.Globalization;
using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.EndToEnd.Account;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Egide.EndToEnd.Privacy;

/// <summary>
/// A commune's privacy referent learns that a list of families was mailed to the wrong address. She records the
/// breach, watches the 72-hour CNIL clock, receives the 48-hour reminder two days later (the test moves the
/// application's clock and runs the reminder pass the worker runs every five minutes), reads the notification text
/// Egide assembled, and records the notification made to the CNIL: the clock stops.
/// </summary>
public sealed class BreachJourneyTests(BrowserFixture browser)
{
    private const string Commune = "Commune de Saint-Laurent-Blangy";
    private const string Title = "Liste des familles envoyée au mauvais destinataire";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Breach_Recorded_CountdownShown_ReminderAt48Hours_NotificationRecorded(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        // Real time to the minute, so that the browser and the server agree at first; then moved by the test.
        var start = DateTimeOffset.UtcNow;
        var clock = new TestClock(new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero));
        await using var app = await RunningApp.StartAsync(db, TestSmtp.Configuration(),
            services: s => s.AddSingleton<TimeProvider>(clock));
        Guid commune;
        await using (var context = app.Database.CreateDb())
        {
            commune = await context.Organizations.Where(o => o.Name == Commune).Select(o => o.Id).SingleAsync(ct);
        }
        var referentEmail = TestSmtp.NewRecipient("referente");
        var referent = await TestAccounts.CreateAsync(app.Factory.Services, referentEmail, memberships: (commune, OrganizationRoles.PrivacyReferent));

        // She learnt of it 30 minutes ago, Paris time.
        var awareUtc = clock.GetUtcNow().UtcDateTime.AddMinutes(-30);
        var awareParis = FrenchFormat.ToParis(awareUtc);
        var dueUtc = awareUtc.AddHours(72);

        await using var session = await browser.OpenSessionAsync(app.BaseAddress, $"{nameof(Breach_Recorded_CountdownShown_ReminderAt48Hours_NotificationRecorded)}-{db}");
        var page = session.Page;
        var main = page.GetByRole(AriaRole.Main);
        await SignInSteps.SignInAsync(session, referent, "referente");

        // The breach register, then the form.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).GetByRole(AriaRole.Link, new() { Name = "Violations de données" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/violations$"));
        await main.GetByRole(AriaRole.Link, new() { Name = "Enregistrer une violation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Enregistrer une violation");

        // Awareness in the future: refused in French, nothing recorded.
        var future = awareParis.AddDays(1);
        await main.GetByLabel("Intitulé").FillAsync(Title);
        await main.GetByLabel("Date de la prise de connaissance").FillAsync(future.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await main.GetByLabel("Heure de la prise de connaissance").FillAsync(future.ToString("HH:mm", CultureInfo.InvariantCulture));
        await main.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la violation" }).ClickAsync();
        await Expect(main).ToContainTextAsync("ne peut pas être dans le futur");
        await session.StepAsync("prise-de-connaissance-future");
        await using (var context = app.Database.CreateDb())
        {
            context.UseOrganization(commune);
            Assert.Equal(0, await context.DataBreaches.CountAsync(ct));
        }

        await main.GetByLabel("Date de la prise de connaissance").FillAsync(awareParis.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await main.GetByLabel("Heure de la prise de connaissance").FillAsync(awareParis.ToString("HH:mm", CultureInfo.InvariantCulture));
        await main.GetByLabel("Circonstances de la découverte").FillAsync("Une famille a reçu par courriel la liste des inscrits à la cantine et l'a signalé à l'accueil.");
        await main.GetByLabel(new Regex("^Confidentialité")).CheckAsync();
        await main.GetByLabel("Origine de l'incident").SelectOptionAsync(new SelectOptionValue { Label = "Interne, accidentelle" });
        await main.GetByLabel("Cause et description de l'incident").FillAsync("Erreur de destinataire lors de l'envoi du tableau des inscriptions.");
        await main.GetByLabel("Catégories de personnes concernées").FillAsync("Familles inscrites à la restauration scolaire");
        await main.GetByLabel("Nombre approximatif de personnes concernées").FillAsync("120");
        await main.GetByLabel("Catégories de données concernées").FillAsync("Identité, coordonnées, classe de l'enfant");
        await main.GetByLabel("Nombre approximatif d'enregistrements concernés").FillAsync("120");
        await main.GetByLabel("Conséquences probables pour les personnes").FillAsync("Risque d'hameçonnage ciblé des familles.");
        await main.GetByLabel("Mesures prises").FillAsync("Demande de suppression adressée au destinataire, qui l'a confirmée par écrit.");
        await main.GetByLabel("Risque", new() { Exact = true }).CheckAsync();
        await main.GetByLabel("Motivation du niveau de risque").FillAsync("Coordonnées de 120 familles exposées à une seule personne identifiée, qui a confirmé la suppression.");
        await session.StepAsync("formulaire-rempli");
        await main.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la violation" }).ClickAsync();

        // The breach and its clock: 71 h 30 min left.
        await Expect(page).ToHaveURLAsync(new Regex("/violations/[0-9a-f-]{36}$"));
        var breachUrl = page.Url;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Title);
        var countdown = page.Locator("#cnil-clock");
        await Expect(countdown).ToHaveAttributeAsync("role", "timer");
        // The page refreshes the countdown from the server's time every 30 seconds: a minute may have begun meanwhile.
        await Expect(countdown).ToContainTextAsync(new Regex("reste 71 h (30|29) min"));
        await Expect(countdown).ToContainTextAsync($"échéance le {FrenchFormat.DateAndTime(dueUtc)}");
        await session.StepAsync("compte-a-rebours");

        // Two days later, Egide's clock says so; the reminder pass runs (the worker does it every five minutes).
        clock.Advance(TimeSpan.FromHours(48));
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<EgideDb>().UseOrganization(commune);
            Assert.True(await scope.ServiceProvider.GetRequiredService<DeadlineReminders.Handler>().Handle(ct) >= 1);
        }
        var mails = await TestSmtp.WaitForAsync(referentEmail, timeout: TimeSpan.FromSeconds(30));
        var reminder = Assert.Single(mails);
        Assert.Contains("48 heures écoulées", reminder.Subject, StringComparison.Ordinal);
        Assert.Contains(FrenchFormat.DateAndTime(dueUtc), reminder.Subject, StringComparison.Ordinal);
        var link = Regex.Match(reminder.TextBody ?? "", @"https?://\S+/violations/[0-9a-f-]{36}").Value;
        Assert.EndsWith(new Uri(breachUrl).AbsolutePath, link, StringComparison.Ordinal);

        // Back on the breach (signed in again if the session went idle meanwhile): 23 h 30 min left.
        await page.GotoAsync(breachUrl);
        if (page.Url.Contains("/connexion", StringComparison.Ordinal))
        {
            await SignInSteps.SignInAsync(session, referent, "retour");
            await page.GotoAsync(breachUrl);
        }
        await Expect(countdown).ToContainTextAsync(new Regex("reste 23 h (30|29) min"));
        await session.StepAsync("rappel-48-heures");

        // The text for the CNIL's form, assembled from the record, then the notification made.
        await main.GetByRole(AriaRole.Link, new() { Name = "Préparer la notification à la CNIL" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/violations/[0-9a-f-]{36}/notification"));
        await Expect(main).ToContainTextAsync("Familles inscrites à la restauration scolaire");
        await Expect(main).ToContainTextAsync("Confidentialité");
        await Expect(main).Not.ToContainTextAsync("Motifs du retard :");
        var form = page.Locator("#notification-form");
        await form.GetByLabel("Type de notification").SelectOptionAsync(new SelectOptionValue { Label = "Notification complète" });
        var nowParis = FrenchFormat.ToParis(clock.GetUtcNow().UtcDateTime);
        await form.GetByLabel("Date de la notification").FillAsync(nowParis.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.GetByLabel("Heure de la notification").FillAsync(nowParis.ToString("HH:mm", CultureInfo.InvariantCulture));
        await form.GetByLabel("Numéro de notification attribué par la CNIL").FillAsync("CNIL-2026-123456");
        await session.StepAsync("notification");
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la notification" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/violations/[0-9a-f-]{36}$"));
        await Expect(countdown).ToContainTextAsync($"notifiée le {FrenchFormat.DateAndTime(clock.GetUtcNow().UtcDateTime)}");
        await Expect(main).ToContainTextAsync("CNIL-2026-123456");
        await session.StepAsync("notifiee");

        // The clock has stopped: no deadline left, so no 66-hour reminder.
        clock.Advance(TimeSpan.FromHours(20));
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<EgideDb>().UseOrganization(commune);
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DeadlineReminders.Handler>().Handle(ct));
            Assert.DoesNotContain(await OrganizationDeadlines.ListAsync(scope.ServiceProvider.GetRequiredService<EgideDb>(), null, ct),
                d => d.Kind == DeadlineKind.BreachNotification);
        }
        await session.CompleteAsync();
    }
}
