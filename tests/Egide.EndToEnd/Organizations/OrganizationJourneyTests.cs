using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Egide.Core.Organizations;
using Egide.EndToEnd.Account;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Egide.EndToEnd.Organizations;

/// <summary>
/// A person's way through the organisation pages in a real browser, on both databases. Locators go
/// by role and accessible name, so each one also checks what a screen reader announces.
/// </summary>
public sealed class OrganizationJourneyTests(BrowserFixture browser)
{
    private const string DemoCommune = "Commune de Saint-Laurent-Blangy";
    private const string DemoCommuneSiren = "216207530";
    private const string OtherDemoCommune = "Commune de Beaurains";

    /// <summary>The demo commune's SIREN with a wrong Luhn key.</summary>
    private const string WrongKeySiren = "216207531";

    /// <summary>21 (commune) + 62 (Pas-de-Calais) + 0 + 215 + Luhn key 0; no demo organisation holds it.</summary>
    private const string NewSiren = "216202150";

    private const string NewName = "Commune de Bois-Fleuri-sur-Scarpe";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AddOrganization_WrongSirenKeyThenValidSiren_RefusesKeepingInputThenCreatesAndLists(Db db)
    {
        Assert.False(Siren.HasValidCheckDigit(WrongKeySiren));
        Assert.True(Siren.HasValidCheckDigit(NewSiren));
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var total = Stopwatch.StartNew();

        await using var app = await RunningApp.StartAsync(db);
        var started = total.Elapsed;
        await using var session = await browser.OpenSessionAsync(app.BaseAddress, $"{nameof(AddOrganization_WrongSirenKeyThenValidSiren_RefusesKeepingInputThenCreatesAndLists)}-{db}");
        var page = session.Page;
        var main = page.GetByRole(AriaRole.Main);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
        var organisationsLink = nav.GetByRole(AriaRole.Link, new() { Name = "Organismes", Exact = true });

        // Signed in with password and TOTP code, as a platform administrator (who may add organisations).
        await SignInSteps.SignInAsync(session, await app.CreateAdminAsync());

        // Home page: French, with the demo organisations, under the strict CSP the watch relies on.
        var home = await page.GotoAsync("/");
        Assert.NotNull(home);
        Assert.Equal(200, home.Status);
        Assert.Contains("script-src 'self'", await home.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page).ToHaveTitleAsync("Accueil – Egide");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Egide", Level = 1 })).ToBeVisibleAsync();
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = DemoCommune })).ToBeVisibleAsync();
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = OtherDemoCommune })).ToBeVisibleAsync();
        await session.StepAsync("accueil");

        // The list, through the main navigation.
        await organisationsLink.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/organisations$"));
        await Expect(page).ToHaveTitleAsync("Organismes – Egide");
        await Expect(organisationsLink).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Organismes", Level = 1 })).ToBeVisibleAsync();
        var countBefore = await CountShownAsync(page);
        await session.StepAsync("liste");

        // Search: case and accents do not matter.
        var search = page.GetByRole(AriaRole.Search, new() { Name = "Rechercher des organismes" });
        await search.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher" }).FillAsync("blangy");
        await search.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("[?&]q=blangy"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("correspondant à la recherche");
        var table = main.GetByRole(AriaRole.Table);
        await Expect(RowOf(table, DemoCommune)).ToContainTextAsync(DemoCommuneSiren);
        await Expect(table.GetByRole(AriaRole.Link, new() { Name = OtherDemoCommune })).ToHaveCountAsync(0);
        await session.StepAsync("recherche-blangy");

        // The form.
        await main.GetByRole(AriaRole.Link, new() { Name = "Ajouter un organisme" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/organisations/nouveau$"));
        await Expect(page).ToHaveTitleAsync("Ajouter un organisme – Egide");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ajouter un organisme", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        var identity = page.GetByRole(AriaRole.Group, new() { Name = "Identité" });
        var kind = identity.GetByRole(AriaRole.Combobox, new() { Name = "Type d'organisme" });
        var name = identity.GetByRole(AriaRole.Textbox, new() { Name = "Nom" });
        var siren = identity.GetByRole(AriaRole.Textbox, new() { Name = "SIREN" });
        var save = page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'organisme" });
        await session.StepAsync("formulaire-vide");

        // A SIREN with a wrong check digit is refused, in French, without losing what was typed.
        await kind.SelectOptionAsync(new SelectOptionValue { Label = "Commune" });
        await name.FillAsync(NewName);
        await siren.FillAsync(WrongKeySiren);
        await session.StepAsync("siren-faux-saisi");
        await save.ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Une erreur empêche l'enregistrement");
        await Expect(summary).ToContainTextAsync("Rien n'a été enregistré");
        await Expect(summary).ToBeFocusedAsync(); // site.js takes keyboard users to the errors
        await Expect(identity.GetByText(new Regex("sa clé de contrôle est fausse"))).ToBeVisibleAsync();
        await Expect(siren).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(siren).ToHaveAccessibleDescriptionAsync(new Regex($"Erreur : Le SIREN {WrongKeySiren} n'existe pas : sa clé de contrôle est fausse"));
        await Expect(name).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(kind).ToHaveValueAsync(nameof(OrganizationKind.Commune));
        await Expect(name).ToHaveValueAsync(NewName);
        await Expect(siren).ToHaveValueAsync(WrongKeySiren);
        await session.StepAsync("siren-faux-refuse");

        // The summary's link leads to the field to correct.
        await summary.GetByRole(AriaRole.Link, new() { Name = "clé de contrôle" }).ClickAsync();
        await Expect(siren).ToBeFocusedAsync();

        await using (var data = app.Database.CreateDb())
        {
            Assert.False(await data.Organizations.AnyAsync(o => o.Name == NewName || o.Siren == WrongKeySiren, ct));
        }

        // Corrected, it is saved and shown.
        await siren.FillAsync(NewSiren);
        await save.ClickAsync();
        // The redirect keeps the fragment the summary link added (#Input_Siren), as browsers do.
        await Expect(page).ToHaveURLAsync(new Regex("/organisations/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(#.*)?$"));
        await Expect(page).ToHaveTitleAsync($"{NewName} – Egide");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = NewName, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"L'organisme « {NewName} » a été enregistré.");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Identité" })).ToContainTextAsync(NewSiren);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await session.StepAsync("organisme-cree");

        await using (var data = app.Database.CreateDb())
        {
            var saved = await data.Organizations.Where(o => o.Siren == NewSiren).Select(o => new { o.Name, o.Kind }).SingleAsync(ct);
            Assert.Equal(NewName, saved.Name);
            Assert.Equal(OrganizationKind.Commune, saved.Kind);
        }

        // Listed, one more than before, and found by its SIREN.
        await organisationsLink.ClickAsync();
        await Expect(RowOf(table, NewName)).ToContainTextAsync(NewSiren);
        Assert.Equal(countBefore + 1, await CountShownAsync(page));
        await session.StepAsync("liste-avec-nouvel-organisme");

        await search.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher" }).FillAsync(NewSiren);
        await search.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 organisme correspondant à la recherche");
        await Expect(RowOf(table, NewName)).ToContainTextAsync("Commune");
        await session.StepAsync("recherche-par-siren");

        await session.CompleteAsync();
        output?.WriteLine(FormattableString.Invariant(
            $"{db}: app started in {started.TotalSeconds:0.0} s, browser journey {(total.Elapsed - started).TotalSeconds:0.0} s, total {total.Elapsed.TotalSeconds:0.0} s"));
    }

    private static ILocator RowOf(ILocator table, string organisation) =>
        table.GetByRole(AriaRole.Row).Filter(new() { Has = table.Page.GetByRole(AriaRole.Link, new() { Name = organisation, Exact = true }) });

    /// <summary>The list's own count ("16 organismes"), so the test does not hard-code the size of the demo data.</summary>
    private static async Task<int> CountShownAsync(IPage page)
    {
        var status = page.GetByRole(AriaRole.Status);
        await Expect(status).ToHaveTextAsync(new Regex(@"^\s*\d+ organismes?"));
        var text = await status.TextContentAsync() ?? "";
        return int.Parse(Regex.Match(text, @"\d+").Value, CultureInfo.InvariantCulture);
    }
}
