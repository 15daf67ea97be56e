using Egide.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Egide.EndToEnd.Account;

/// <summary>Signing in as a person does: the sign-in form, then the code of the authenticator app.</summary>
public static class SignInSteps
{
    public static async Task SignInAsync(BrowserSession session, TestAccount account, string step = "connexion")
    {
        var page = session.Page;
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion"));
        await Expect(page).ToHaveTitleAsync("Connexion – Egide");
        await page.GetByLabel("Adresse électronique").FillAsync(account.Email);
        await page.GetByLabel("Mot de passe").FillAsync(account.Password);
        await session.StepAsync($"{step}-mot-de-passe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        if (account.TotpKey is not null)
        {
            await Expect(page).ToHaveTitleAsync("Code de vérification – Egide");
            await page.GetByLabel("Code").FillAsync(account.Code());
            await session.StepAsync($"{step}-code");
            await page.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        }
        await Expect(page).ToHaveTitleAsync("Accueil – Egide");
    }
}
