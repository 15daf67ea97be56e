using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Egide.EndToEnd.Account;

/// <summary>
/// A referent who forgot her password: the link comes by a real mail (read back from the SMTP server),
/// she chooses a new password, signs in, sees her commune and not another's.
/// </summary>
public sealed partial class AccountJourneyTests(BrowserFixture browser)
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ForgottenPassword_LinkByMail_ThenOwnCommuneOnly(Db db)
    {
        const string newPassword = "le beffroi d'arras sonne midi";
        await using var app = await RunningApp.StartAsync(db, TestSmtp.Configuration());
        Guid own, foreign;
        await using (var context = app.Database.CreateDb())
        {
            own = await context.Organizations.Where(o => o.Name == "Commune de Saint-Laurent-Blangy").Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
            foreign = await context.Organizations.Where(o => o.Name == "Commune de Beaurains").Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
        }
        var referent = await TestAccounts.CreateAsync(app.Factory.Services, TestSmtp.NewRecipient("referente"), memberships: (own, OrganizationRoles.PrivacyReferent));
        await using var session = await browser.OpenSessionAsync(app.BaseAddress, $"{nameof(ForgottenPassword_LinkByMail_ThenOwnCommuneOnly)}-{db}");
        var page = session.Page;

        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mot de passe oublié ?" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Mot de passe oublié – Egide");
        await page.GetByLabel("Adresse électronique").FillAsync(referent.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Si un compte existe");
        await session.StepAsync("demande-envoyee");

        var mail = Assert.Single(await TestSmtp.WaitForAsync(referent.Email));
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
        await page.GotoAsync(link.PathAndQuery);
        await page.GetByLabel("Nouveau mot de passe (obligatoire)", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Confirmation du nouveau mot de passe").FillAsync(newPassword);
        await session.StepAsync("nouveau-mot-de-passe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Connexion – Egide");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre mot de passe est changé");

        await SignInSteps.SignInAsync(session, referent with { Password = newPassword }, "connexion-nouveau-mot-de-passe");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" }).GetByRole(AriaRole.Link, new() { Name = "Organismes", Exact = true }).ClickAsync();
        var rows = page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Row);
        await Expect(rows).ToHaveCountAsync(2); // the header and her commune
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Commune de Saint-Laurent-Blangy" })).ToBeVisibleAsync();
        await session.StepAsync("ses-organismes");

        // Another commune's page does not exist for her.
        var refused = await page.GotoAsync($"/organisations/{foreign}");
        Assert.Equal(404, refused!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page ou ressource introuvable");
        await session.FlushAsync();
        Assert.All(session.Problems, p => Assert.Contains("404", p, StringComparison.Ordinal));
        session.ClearProblems();
        await session.StepAsync("autre-commune-refusee");
        await session.CompleteAsync();
    }

    [GeneratedRegex(@"http://localhost:5080/reinitialiser-mot-de-passe\?\S+")]
    private static partial Regex LinkPattern();
}
