using System.Net;
using Egide.Core.Account;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Processors;

public sealed class ProcessorPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> SignedInAsync(EgideWebFactory factory, TestAccount account)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);
        return client;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_ClausesMissing_SavedWithAlertListedAndControllerMailed(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database, settings: TestSmtp.Configuration());
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var mayor = await TestAccounts.CreateAsync(factory.Services, TestSmtp.NewRecipient("maire"), memberships: (org, OrganizationRoles.Controller));
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var client = await SignedInAsync(factory, referent);

        var form = await HtmlPage.GetAsync(client, "/registre/sous-traitants/nouveau");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal(8, form.Document.QuerySelectorAll("fieldset.checkboxes input[type=checkbox][name='Input.Clauses']").Length);
        Assert.Equal("date", form.Document.QuerySelector("#Input_ContractDate")!.GetAttribute("type"));
        Assert.Equal(3, form.Document.QuerySelectorAll("select[name$='.CountryCode']").Length);
        using var created = await PrivacyTestData.PostAsync(client, form, "/registre/sous-traitants/nouveau",
        [
            new("Input.Name", "Logiciels Publics SAS"),
            new("Input.ContactEmail", "contact@logiciels.example"),
            new("Input.ContractDate", "2025-06-01"),
            new("Input.ContractReference", "MAPA-2025-12"),
            new("Input.Clauses", "a"), new("Input.Clauses", "b"), new("Input.Clauses", "c"),
            new("Input.DataLocation", "OVHcloud, Roubaix"),
            new("Input.Transfers[0].Recipient", "Support Inc."),
            new("Input.Transfers[0].CountryCode", "US"),
            new("Input.Transfers[0].Safeguard", "StandardContractualClauses"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await using (var db = database.CreateDb().UseOrganization(org))
        {
            var saved = await db.Processors.SingleAsync(Ct);
            Assert.Equal($"/registre/sous-traitants/{saved.Id}", created.Headers.Location!.OriginalString);
            Assert.Equal(Article28Clauses.DocumentedInstructions | Article28Clauses.Confidentiality | Article28Clauses.Security, saved.Clauses);
            Assert.Equal(new DateOnly(2025, 6, 1), saved.ContractDate);
            Assert.Equal("US", Assert.Single(saved.Transfers).CountryCode);
        }

        var details = await HtmlPage.GetAsync(client, created.Headers.Location!.OriginalString);
        Assert.Equal("Logiciels Publics SAS", details.Document.QuerySelector("h1")!.TextContent);
        Assert.Equal(["a", "b", "c"], details.Document.QuerySelectorAll(".clauses-present li").Select(li => li.TextContent[..1]));
        Assert.Equal(["d", "e", "f", "g", "h"], details.Document.QuerySelectorAll(".clauses-missing li").Select(li => li.TextContent[..1]));
        Assert.Contains("Suppression ou restitution des données", details.Document.QuerySelector(".clauses-missing")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Contrat de sous-traitance incomplet", details.Text, StringComparison.Ordinal);

        var list = await HtmlPage.GetAsync(client, "/registre/sous-traitants?q=logiciels");
        var row = list.Document.QuerySelector("tbody tr")!;
        Assert.Equal(["signé le 01/06/2025", "3/8", "0", "1"], row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Empty((await HtmlPage.GetAsync(client, "/registre/sous-traitants?q=inconnu")).Document.QuerySelectorAll("tbody tr"));

        var alerts = await HtmlPage.GetAsync(client, "/registre/alertes");
        var alert = alerts.Document.QuerySelector("table.alerts tbody tr")!;
        Assert.Equal("Logiciels Publics SAS", alert.QuerySelector("th a")!.TextContent);
        Assert.Contains("Contrat de sous-traitance incomplet", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("d), e), f), g), h)", alert.TextContent, StringComparison.Ordinal);
        Assert.Null(alert.QuerySelector("button")); // a referent does not acknowledge

        var mail = Assert.Single(await TestSmtp.WaitForAsync(mayor.Email, timeout: TimeSpan.FromSeconds(20)));
        Assert.Contains("non-conformité du registre – Commune d'Agny", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Logiciels Publics SAS", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/registre/alertes", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_InvalidFields_FrenchErrorsNothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var client = await SignedInAsync(factory, referent);
        var form = await HtmlPage.GetAsync(client, "/registre/sous-traitants/nouveau");

        var page = await HtmlPage.ParseAsync(await PrivacyTestData.PostAsync(client, form, "/registre/sous-traitants/nouveau",
        [
            new("Input.Name", ""),
            new("Input.Siren", "123456789"),
            new("Input.Clauses", "a"),
            new("Input.Transfers[0].Recipient", ""),
            new("Input.Transfers[1].Recipient", ""),
            new("Input.Transfers[2].Recipient", "Hébergeur lointain"),
        ]));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var summary = page.Document.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("Indiquez le nom du sous-traitant", summary, StringComparison.Ordinal);
        Assert.Contains("SIREN", summary, StringComparison.Ordinal);
        Assert.Contains("Pays inconnu", summary, StringComparison.Ordinal);
        // The transfer typed in the third row is kept, now first, with its message next to it.
        Assert.Equal("Hébergeur lointain", page.Document.QuerySelector("#Input_Transfers_0__Recipient")!.GetAttribute("value"));
        Assert.Equal("true", page.Document.QuerySelector("#Input_Transfers_0__CountryCode")!.GetAttribute("aria-invalid"));
        Assert.NotNull(page.Document.QuerySelector("#Input_Clauses_a[checked]"));
        Assert.Null(page.Document.QuerySelector("#Input_Clauses_b[checked]"));
        await using var db = database.CreateDb().UseOrganization(org);
        Assert.Equal(0, await db.Processors.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Pages_AnotherOrganisationsProcessor_NotFound(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var own = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var foreign = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune de Wancourt");
        var theirs = await PrivacyTestData.ProcessorAsync(factory.Services, foreign, new ProcessorInput { Name = "Prestataire de Wancourt" });
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (own, OrganizationRoles.PrivacyReferent));
        using var client = await SignedInAsync(factory, referent);

        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/registre/sous-traitants/{theirs}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/registre/sous-traitants/{theirs}/modifier")).Status);
        var form = await HtmlPage.GetAsync(client, "/registre/sous-traitants/nouveau");
        using var posted = await PrivacyTestData.PostAsync(client, form, $"/registre/sous-traitants/{theirs}/modifier",
            [new("Version", "1"), new("Input.Name", "Détourné")]);
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        var list = await HtmlPage.GetAsync(client, "/registre/sous-traitants");
        Assert.DoesNotContain("Prestataire de Wancourt", list.Text, StringComparison.Ordinal);
        await using var db = database.CreateDb().UseOrganization(foreign);
        Assert.Equal("Prestataire de Wancourt", (await db.Processors.SingleAsync(Ct)).Name);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Edit_StaleVersion_ConflictMessageNothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var id = await PrivacyTestData.ProcessorAsync(factory.Services, org, new ProcessorInput { Name = "Hébergeur A", ContractDate = new DateOnly(2024, 1, 15), Clauses = Article28Clauses.All });
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var client = await SignedInAsync(factory, referent);
        var form = await HtmlPage.GetAsync(client, $"/registre/sous-traitants/{id}/modifier");
        Assert.Equal("1", form.FormValues()["Version"]);
        Assert.Equal("2024-01-15", form.FormValues()["Input.ContractDate"]);
        Assert.Equal(8, form.Document.QuerySelectorAll("input[name='Input.Clauses'][checked]").Length);

        // Someone else saves first.
        await PrivacyTestData.InAsync(factory.Services, org, async sp =>
        {
            var saved = await sp.GetRequiredService<SaveProcessor.Handler>()
                .Handle(new SaveProcessor.Command(id, 1, new ProcessorInput { Name = "Hébergeur B", ContractDate = new DateOnly(2024, 1, 15), Clauses = Article28Clauses.All }), PrivacyTestData.Keeper, Ct);
            Assert.True(saved.IsSuccess);
            return saved.Value;
        });
        var page = await HtmlPage.ParseAsync(await PrivacyTestData.SubmitAllAsync(client, form, new Dictionary<string, string> { ["Input.Name"] = "Hébergeur C" }));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Quelqu'un a modifié ce sous-traitant", page.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        await using var db = database.CreateDb().UseOrganization(org);
        var stored = await db.Processors.SingleAsync(Ct);
        Assert.Equal(("Hébergeur B", 2), (stored.Name, stored.Version));

        // Opened again, it saves.
        var fresh = await HtmlPage.GetAsync(client, $"/registre/sous-traitants/{id}/modifier");
        using var saved = await PrivacyTestData.SubmitAllAsync(client, fresh, new Dictionary<string, string> { ["Input.Name"] = "Hébergeur C" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var after = database.CreateDb().UseOrganization(org);
        var changed = await after.Processors.SingleAsync(Ct);
        Assert.Equal(("Hébergeur C", 3, Article28Clauses.All), (changed.Name, changed.Version, changed.Clauses));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Form_Reader_Refused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var id = await PrivacyTestData.ProcessorAsync(factory.Services, org, new ProcessorInput { Name = "Hébergeur A" });
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (org, OrganizationRoles.Reader));
        using var client = await SignedInAsync(factory, reader);

        var details = await HtmlPage.GetAsync(client, $"/registre/sous-traitants/{id}");
        Assert.Equal(HttpStatusCode.OK, details.Status);
        Assert.Null(details.Document.QuerySelector($"a[href='/registre/sous-traitants/{id}/modifier']"));
        Assert.Contains("Aucun contrat", details.Text, StringComparison.Ordinal);
        using var edit = await client.GetAsync(new Uri($"/registre/sous-traitants/{id}/modifier", UriKind.Relative), Ct);
        Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(edit));
        var list = await HtmlPage.GetAsync(client, "/registre/sous-traitants");
        Assert.Null(list.Document.QuerySelector("a[href='/registre/sous-traitants/nouveau']"));
        Assert.Equal("aucun contrat", list.Document.QuerySelector("tbody td")!.TextContent);
    }
}
