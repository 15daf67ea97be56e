using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.EndToEnd.Account;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Egide.EndToEnd.Organizations;

/// <summary>
/// A DPO shared by two communes works in one, then switches to the other from the header; a commune she does
/// not serve cannot be chosen even by forging the form.
/// </summary>
public sealed class SwitchOrganizationJourneyTests(BrowserFixture browser)
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Switcher_ChoosesAnotherOwnOrganization_AndRefusesAForeignOne(Db db)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await RunningApp.StartAsync(db);
        Guid achicourt, blangy, beaurains;
        await using (var context = app.Database.CreateDb())
        {
            achicourt = await context.Organizations.Where(o => o.Name == "Commune d'Achicourt").Select(o => o.Id).SingleAsync(ct);
            blangy = await context.Organizations.Where(o => o.Name == "Commune de Saint-Laurent-Blangy").Select(o => o.Id).SingleAsync(ct);
            beaurains = await context.Organizations.Where(o => o.Name == "Commune de Beaurains").Select(o => o.Id).SingleAsync(ct);
        }
        var dpo = await TestAccounts.CreateAsync(app.Factory.Services, "dpo.mutualise@cdg62.example",
            memberships: [(achicourt, OrganizationRoles.Dpo), (blangy, OrganizationRoles.Dpo)]);
        await using var session = await browser.OpenSessionAsync(app.BaseAddress, $"{nameof(Switcher_ChoosesAnotherOwnOrganization_AndRefusesAForeignOne)}-{db}");
        var page = session.Page;
        await SignInSteps.SignInAsync(session, dpo);

        // By default, the first of her organisations by name.
        var header = page.GetByRole(AriaRole.Banner);
        await Expect(header).ToContainTextAsync("Commune d'Achicourt");
        await session.StepAsync("organisme-par-defaut");

        await page.GotoAsync("/organisations");
        await header.GetByRole(AriaRole.Link, new() { Name = "Changer d'organisme" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Changer d'organisme – Egide");
        var search = page.GetByRole(AriaRole.Search, new() { Name = "Rechercher parmi mes organismes" });
        await search.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher parmi mes organismes" }).FillAsync("BLANGY");
        await search.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        var main = page.GetByRole(AriaRole.Main);
        await Expect(main.GetByRole(AriaRole.Button, new() { Name = "Commune d'Achicourt" })).ToHaveCountAsync(0);
        await session.StepAsync("recherche");
        await main.GetByRole(AriaRole.Button, new() { Name = "Commune de Saint-Laurent-Blangy" }).ClickAsync();

        // Back where she was, now working in the other commune; the choice holds on the next pages.
        await Expect(page).ToHaveURLAsync(new Regex("/organisations$"));
        await Expect(header).ToContainTextAsync("Commune de Saint-Laurent-Blangy");
        await page.GotoAsync("/compte");
        await Expect(header).ToContainTextAsync("Commune de Saint-Laurent-Blangy");
        await session.StepAsync("organisme-change");

        // A forged form naming a commune she does not serve: refused, her choice unchanged.
        await page.GotoAsync("/organisation-courante");
        var firstChoice = page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Listitem).First;
        await firstChoice.Locator("input[name=organizationId]").EvaluateAsync("(input, id) => input.value = id", beaurains.ToString());
        var refused = await page.RunAndWaitForResponseAsync(
            () => firstChoice.GetByRole(AriaRole.Button).ClickAsync(),
            r => r.Url.Contains("/organisation-courante", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(404, refused.Status);
        await session.FlushAsync();
        session.ClearProblems();
        await page.GotoAsync("/compte");
        await Expect(header).ToContainTextAsync("Commune de Saint-Laurent-Blangy");
        await Expect(header).Not.ToContainTextAsync("Beaurains");
        await session.CompleteAsync();
    }
}
