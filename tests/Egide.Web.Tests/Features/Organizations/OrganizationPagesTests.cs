using System.Net;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Web.Tests.Features.Organizations;

public sealed class OrganizationPagesTests
{
    private static Dictionary<string, string> ValidCommune() => new()
    {
        ["Input.Kind"] = "Commune",
        ["Input.Name"] = "Commune de Tilloy-lès-Mofflaines",
        ["Input.Siren"] = "216 208 173",
        ["Input.InseeCode"] = "62817",
        ["Input.Population"] = "1624",
        ["Input.PopulationYear"] = "2021",
        ["Input.Address.PostalCode"] = "62217",
        ["Input.Address.City"] = "Tilloy-lès-Mofflaines",
        ["Input.Dpo.Kind"] = "Internal",
        ["Input.Dpo.PersonName"] = "Alice Martin",
        ["Input.Dpo.Email"] = "dpo@tilloy.example",
        ["Input.Referents[1].Name"] = "Bruno Petit",
        ["Input.Referents[1].Email"] = "rgpd@tilloy.example",
    };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_DemoData_ShowsTheBodiesOfTheSourceDocuments(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database, demoData: true);
        using var client = await factory.AdminClientAsync();

        var page = await HtmlPage.GetAsync(client, "/organisations?q=blangy");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var names = page.Document.QuerySelectorAll("tbody th a").Select(a => a.TextContent).ToList();
        Assert.Equal(["CCAS de Saint-Laurent-Blangy", "Commune de Saint-Laurent-Blangy"], names);
        Assert.Contains("216207530", page.Text, StringComparison.Ordinal);
        Assert.Contains("6\u202f752 (2021)", page.Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_InvalidSiren_FrenchErrorsValuesKeptNothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var form = await HtmlPage.GetAsync(client, "/organisations/nouveau");
        var values = ValidCommune();
        values["Input.Siren"] = "216208174";
        values["Input.Population"] = "-12";

        var page = await HtmlPage.ParseAsync(await form.SubmitAsync(client, values));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var summary = page.Document.QuerySelector(".error-summary[role=alert]")!;
        Assert.Contains("clé de contrôle", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains("La population ne peut pas être négative.", summary.TextContent, StringComparison.Ordinal);
        Assert.Equal("#Input_Siren", summary.QuerySelector("a")!.GetAttribute("href"));
        var siren = page.Document.QuerySelector("#Input_Siren")!;
        Assert.Equal("true", siren.GetAttribute("aria-invalid"));
        Assert.Equal("216208174", siren.GetAttribute("value"));
        Assert.Contains("Input_Siren-error", siren.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("Commune de Tilloy-lès-Mofflaines", page.Document.QuerySelector("#Input_Name")!.GetAttribute("value"));
        // The referent typed in the second row is kept (now first), with the blank rows offered again.
        Assert.Equal("Bruno Petit", page.Document.QuerySelector("#Input_Referents_0__Name")!.GetAttribute("value"));
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.Organizations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_NotANumber_FrenchBindingMessage(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var form = await HtmlPage.GetAsync(client, "/organisations/nouveau");
        var values = ValidCommune();
        values["Input.Population"] = "beaucoup";

        var page = await HtmlPage.ParseAsync(await form.SubmitAsync(client, values));

        Assert.Contains("La valeur « beaucoup » n'est pas valide.", page.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.Organizations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_Valid_RedirectsToTheDetailsPage(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var form = await HtmlPage.GetAsync(client, "/organisations/nouveau");

        using var response = await form.SubmitAsync(client, ValidCommune());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = database.CreateDb();
        var saved = await db.Organizations.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal($"/organisations/{saved.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("216208173", saved.Siren);
        Assert.Equal("Bruno Petit", Assert.Single(saved.Referents).Name);

        var details = await HtmlPage.GetAsync(client, response.Headers.Location.OriginalString);
        Assert.Equal("Commune de Tilloy-lès-Mofflaines", details.Document.QuerySelector("h1")!.TextContent);
        Assert.Contains("a été enregistré", details.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1\u202f624 habitants (population légale 2021)", details.Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_WithoutAntiforgeryToken_RefusedNothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        await HtmlPage.GetAsync(client, "/organisations/nouveau");

        using var response = await client.PostAsync(new Uri("/organisations/nouveau", UriKind.Relative),
            new FormUrlEncodedContent(ValidCommune()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await HtmlPage.ParseAsync(response);
        Assert.Contains("jeton de sécurité", page.Text, StringComparison.Ordinal);
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.Organizations.CountAsync(TestContext.Current.CancellationToken));
        var refusal = await db.AuditEntries.SingleAsync(e => e.Action == Egide.Core.Audit.AuditActions.AccessRefused, TestContext.Current.CancellationToken);
        Assert.Contains("POST /organisations/nouveau", refusal.Changes ?? "", StringComparison.Ordinal);
        Assert.Contains("anti-falsification", refusal.Changes ?? "", StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Edit_OpenedBeforeSomeoneElseSaved_RefusedWithConflictMessage(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var create = await HtmlPage.GetAsync(client, "/organisations/nouveau");
        var location = (await create.SubmitAsync(client, ValidCommune())).Headers.Location!.OriginalString;
        var first = await HtmlPage.GetAsync(client, location + "/modifier");
        var second = await HtmlPage.GetAsync(client, location + "/modifier");
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync(client, new Dictionary<string, string> { ["Input.Name"] = "Nom choisi en premier" })).StatusCode);

        var page = await HtmlPage.ParseAsync(await second.SubmitAsync(client, new Dictionary<string, string> { ["Input.Name"] = "Nom choisi ensuite" }));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("modifié par quelqu'un d'autre", page.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        await using var db = database.CreateDb();
        Assert.Equal("Nom choisi en premier", (await db.Organizations.SingleAsync(TestContext.Current.CancellationToken)).Name);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Edit_ChangeReferents_Saved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var create = await HtmlPage.GetAsync(client, "/organisations/nouveau");
        var location = (await create.SubmitAsync(client, ValidCommune())).Headers.Location!.OriginalString;
        var edit = await HtmlPage.GetAsync(client, location + "/modifier");
        Assert.Equal("Bruno Petit", edit.Document.QuerySelector("#Input_Referents_0__Name")!.GetAttribute("value"));

        using var response = await edit.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Referents[0].Name"] = "",
            ["Input.Referents[0].Email"] = "",
            ["Input.Referents[1].Name"] = "Chloé Roux",
            ["Input.Referents[1].Email"] = "chloe.roux@tilloy.example",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = database.CreateDb();
        var saved = await db.Organizations.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("Chloé Roux", Assert.Single(saved.Referents).Name);
        Assert.Equal(2, saved.Version);
    }

    [Theory]
    [InlineData("/organisations/00000000-0000-0000-0000-000000000001")]
    [InlineData("/organisations/00000000-0000-0000-0000-000000000001/modifier")]
    public async Task UnknownOrganization_404(string url)
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, url)).Status);
    }

    [Fact]
    public async Task List_SecondPage_ShowsTheNextOrganizations()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        await using (var db = database.CreateDb())
        {
            var create = new CreateOrganization.Handler(db, TimeProvider.System);
            for (var i = 0; i < Egide.Core.Organizations.ListOrganizations.DefaultPageSize + 5; i++)
            {
                await create.Handle(new OrganizationInput { Kind = OrganizationKind.Other, Name = $"Organisme {i:000}" }, TestContext.Current.CancellationToken);
            }
        }
        using var client = await factory.AdminClientAsync();

        var first = await HtmlPage.GetAsync(client, "/organisations");
        var second = await HtmlPage.GetAsync(client, first.Document.QuerySelector("nav.pagination a")!.GetAttribute("href")!);

        Assert.Equal("Organisme 000", first.Document.QuerySelector("tbody th a")!.TextContent);
        Assert.Equal("Organisme 050", second.Document.QuerySelector("tbody th a")!.TextContent);
        Assert.Equal(5, second.Document.QuerySelectorAll("tbody tr").Length);
    }
}
