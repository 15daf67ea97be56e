using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.EndToEnd.Account;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Egide.EndToEnd.Privacy;

/// <summary>
/// One entry of a commune's register, from draft to validation, each step by the person whose role it is: the
/// referent writes it and fixes what Egide points out, the DPO gives an opinion, the Maire validates and
/// acknowledges the alert Egide sent him by mail.
/// </summary>
public sealed class RegisterJourneyTests(BrowserFixture browser)
{
    private const string Reference = "ENF-901";
    private const string Name = "Accueil de loisirs sans hébergement";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Entry_WrittenFixedSubmittedReviewedValidated_AlertAcknowledgedByTheMayor(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await RunningApp.StartAsync(db, TestSmtp.Configuration());
        Guid commune;
        await using (var context = app.Database.CreateDb())
        {
            commune = await context.Organizations.Where(o => o.Name == "Commune d'Achicourt").Select(o => o.Id).SingleAsync(ct);
        }
        var referent = await TestAccounts.CreateAsync(app.Factory.Services, TestSmtp.NewRecipient("referente"), memberships: (commune, OrganizationRoles.PrivacyReferent));
        var dpo = await TestAccounts.CreateAsync(app.Factory.Services, TestSmtp.NewRecipient("dpo"), memberships: (commune, OrganizationRoles.Dpo));
        var mayor = await TestAccounts.CreateAsync(app.Factory.Services, TestSmtp.NewRecipient("maire"), memberships: (commune, OrganizationRoles.Controller));
        await using var session = await browser.OpenSessionAsync(app.BaseAddress, $"{nameof(Entry_WrittenFixedSubmittedReviewedValidated_AlertAcknowledgedByTheMayor)}-{db}");
        var page = session.Page;
        var main = page.GetByRole(AriaRole.Main);
        var alerts = main.GetByRole(AriaRole.Region, new() { Name = "Alertes ouvertes" });

        // The referent creates the entry from the register.
        await SignInSteps.SignInAsync(session, referent, "referente");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).GetByRole(AriaRole.Link, new() { Name = "Registre RGPD" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/registre$"));
        await main.GetByRole(AriaRole.Link, new() { Name = "Nouvelle fiche" }).ClickAsync();
        await page.GetByLabel("Référence").FillAsync(Reference);
        await page.GetByLabel("Nom du traitement").FillAsync(Name);
        await page.GetByLabel("Finalité principale").FillAsync("Accueillir les enfants le mercredi et pendant les vacances scolaires");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la fiche" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Name);
        await Expect(main).ToContainTextAsync("base légale");
        await session.StepAsync("fiche-creee-alerte");

        // Egide points out the missing legal basis: she fixes it.
        await main.GetByRole(AriaRole.Link, new() { Name = "Finalités et base légale" }).First.ClickAsync();
        await page.GetByLabel("Base légale", new() { Exact = true }).SelectOptionAsync("e");
        await page.GetByLabel("Justification").FillAsync("Délibération du conseil municipal n° 2025-14 du 12 mars 2025 créant l'accueil de loisirs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la section" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Name);
        await Expect(main).Not.ToContainTextAsync("ne précise pas sa base légale");
        await Expect(main).Not.ToContainTextAsync("n'indique pas sa base légale");

        // The data: identity, and health (allergies, medical care plans): a special category, DPIA not yet decided.
        await main.GetByRole(AriaRole.Link, new() { Name = "Catégories de données" }).First.ClickAsync();
        await main.GetByRole(AriaRole.Checkbox, new() { Name = "État civil, identité, données d'identification, images" }).CheckAsync();
        await main.GetByRole(AriaRole.Checkbox, new() { Name = "Données concernant la santé" }).CheckAsync();
        var retention = main.GetByLabel("Durée de conservation");
        await retention.Nth(0).FillAsync("Durée de l'inscription, puis 1 an");
        var healthRow = main.GetByRole(AriaRole.Group, new() { Name = "Données concernant la santé" });
        await healthRow.GetByLabel("Durée de conservation").FillAsync("Durée de l'année scolaire");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la section" }).ClickAsync();
        await Expect(main).ToContainTextAsync("sans décision sur la nécessité d'une analyse d'impact");

        await main.GetByRole(AriaRole.Link, new() { Name = "Personnes concernées" }).First.ClickAsync();
        await main.GetByRole(AriaRole.Checkbox, new() { Name = "Mineurs" }).CheckAsync();
        await main.GetByRole(AriaRole.Group, new() { Name = "Mineurs" }).GetByLabel("Nombre estimé de personnes").FillAsync("120");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la section" }).ClickAsync();
        await session.StepAsync("fiche-completee");

        await main.GetByRole(AriaRole.Button, new() { Name = "Soumettre à l'avis du DPO" }).ClickAsync();
        await Expect(main).ToContainTextAsync("Soumise à l'avis du DPO");
        await session.StepAsync("fiche-soumise");
        var entry = page.Url;
        await SignOutAsync(page);

        // The DPO gives her opinion.
        await SignInSteps.SignInAsync(session, dpo, "dpo");
        await page.GotoAsync(entry);
        await Expect(main.GetByRole(AriaRole.Button, new() { Name = "Soumettre à l'avis du DPO" })).ToHaveCountAsync(0);
        await main.GetByRole(AriaRole.Radio, new() { Name = "Favorable avec réserves" }).CheckAsync();
        await main.GetByLabel("Observations").FillAsync("Décider de l'AIPD pour les données de santé avant l'été.");
        await main.GetByRole(AriaRole.Button, new() { Name = "Donner l'avis du DPO" }).ClickAsync();
        await Expect(main).ToContainTextAsync("Avis du DPO donné");
        await session.StepAsync("avis-dpo");
        await SignOutAsync(page);

        // The Maire got each alert by mail when it was raised (the legal basis, then the health data); he validates
        // the entry and acknowledges the alert still open.
        var mails = await TestSmtp.WaitForAsync(mayor.Email, count: 2, timeout: TimeSpan.FromSeconds(30));
        Assert.All(mails, m => Assert.Contains("non-conformité", m.Subject, StringComparison.Ordinal));
        Assert.Single(mails, m => (m.TextBody ?? "").Contains("base légale", StringComparison.Ordinal));
        Assert.Single(mails, m => (m.TextBody ?? "").Contains("données sensibles", StringComparison.Ordinal));
        await SignInSteps.SignInAsync(session, mayor, "maire");
        await page.GotoAsync(entry);
        await main.GetByRole(AriaRole.Button, new() { Name = "Valider la fiche" }).ClickAsync();
        await Expect(main).ToContainTextAsync("Validée");
        await session.StepAsync("fiche-validee");

        await page.GotoAsync("/registre/alertes");
        var row = main.GetByRole(AriaRole.Row).Filter(new() { HasText = Reference });
        await Expect(row).ToContainTextAsync("données sensibles");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Accuser réception de l'alerte sur {Reference} – {Name}" }).ClickAsync();
        var acknowledged = main.GetByRole(AriaRole.Row).Filter(new() { HasText = Reference });
        await Expect(acknowledged).ToContainTextAsync("Personne maire");
        await Expect(acknowledged.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await session.StepAsync("alerte-accusee");
        await session.CompleteAsync();
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/(connexion|deconnexion)"));
    }
}
