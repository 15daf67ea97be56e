using System.Text.RegularExpressions;
using Egide.EndToEnd.Account;
using Egide.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Egide.EndToEnd.Shared;

/// <summary>What every page gets from _Layout.cshtml, checked with the keyboard only.</summary>
public sealed class LayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task SkipLink_FirstTabThenEnter_FocusesLinkThenMain()
    {
        await using var app = await RunningApp.StartAsync(Db.Sqlite);
        await using var session = await browser.OpenSessionAsync(app.BaseAddress, nameof(SkipLink_FirstTabThenEnter_FocusesLinkThenMain));
        var page = session.Page;
        var main = page.GetByRole(AriaRole.Main);
        await SignInSteps.SignInAsync(session, await app.CreateAdminAsync());

        foreach (var (path, step) in new[] { ("/", "accueil"), ("/organisations", "liste"), ("/organisations/nouveau", "formulaire") })
        {
            await page.GotoAsync(path);
            await page.Keyboard.PressAsync("Tab");
            var skipLink = page.GetByRole(AriaRole.Link, new() { Name = "Aller au contenu" });
            await Expect(skipLink).ToBeFocusedAsync();
            await Expect(skipLink).ToBeInViewportAsync(); // hidden off-screen until focused, then shown
            await session.StepAsync($"{step}-lien-evitement");

            await page.Keyboard.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex("#contenu$"));
            await Expect(main).ToBeFocusedAsync();

            // The next Tab continues inside the content, past the header and its navigation.
            await page.Keyboard.PressAsync("Tab");
            await Expect(main.Locator(":focus")).ToHaveCountAsync(1);
        }

        await session.CompleteAsync();
    }
}
