using System.Net;
using Egide.Core.Account;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Alerts;

public sealed class AlertPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> SignedInAsync(EgideWebFactory factory, TestAccount account)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);
        return client;
    }

    private static Task<Guid> WithoutContractAsync(EgideWebFactory factory, Guid org, string name) =>
        PrivacyTestData.ProcessorAsync(factory.Services, org, new ProcessorInput { Name = name });

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Acknowledge_Controller_RecordedWithWhoAndWhen(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var processor = await WithoutContractAsync(factory, org, "Hébergeur sans contrat");
        var mayor = await TestAccounts.CreateAsync(factory.Services, "maire@agny.example", memberships: (org, OrganizationRoles.Controller));
        using var client = await SignedInAsync(factory, mayor);

        var page = await HtmlPage.GetAsync(client, "/registre/alertes");
        var row = page.Document.QuerySelector("table.alerts tbody tr")!;
        Assert.Equal($"/registre/sous-traitants/{processor}", row.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Contains("Sous-traitant sans contrat", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("RGPD, art. 28(3)", row.TextContent, StringComparison.Ordinal);
        using var acknowledged = await page.SubmitAsync(client, new Dictionary<string, string>(), "table.alerts form");

        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        await using var db = database.CreateDb().UseOrganization(org);
        var alert = await db.RegisterAlerts.SingleAsync(Ct);
        Assert.Equal(mayor.Id, alert.AcknowledgedById);
        Assert.NotNull(alert.AcknowledgedAt);
        var after = await HtmlPage.GetAsync(client, "/registre/alertes");
        Assert.Contains("Votre accusé de réception de l'alerte « Sous-traitant sans contrat » sur « Hébergeur sans contrat » a été enregistré.", after.Document.QuerySelector(".notice--success")!.TextContent, StringComparison.Ordinal);
        var cell = after.Document.QuerySelector("table.alerts tbody tr .acknowledged")!.TextContent;
        Assert.Equal($"Par {alert.AcknowledgedByName} le {Egide.Core.Common.FrenchFormat.DateAndTime(alert.AcknowledgedAt!.Value)}", cell);
        Assert.False(string.IsNullOrWhiteSpace(alert.AcknowledgedByName));
        Assert.Null(after.Document.QuerySelector("table.alerts form"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Acknowledge_ReferentOrForeignAlert_RefusedNothingRecorded(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var foreign = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune de Wancourt");
        await WithoutContractAsync(factory, org, "Hébergeur d'Agny");
        await WithoutContractAsync(factory, foreign, "Hébergeur de Wancourt");
        Guid ours, theirs;
        await using (var db = database.CreateDb().UseOrganization(org))
        {
            ours = (await db.RegisterAlerts.SingleAsync(Ct)).Id;
        }
        await using (var db = database.CreateDb().UseOrganization(foreign))
        {
            theirs = (await db.RegisterAlerts.SingleAsync(Ct)).Id;
        }
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        var mayor = await TestAccounts.CreateAsync(factory.Services, "maire@agny.example", memberships: (org, OrganizationRoles.Controller));
        using var referentClient = await SignedInAsync(factory, referent);
        using var mayorClient = await SignedInAsync(factory, mayor);

        var referentPage = await HtmlPage.GetAsync(referentClient, "/registre/alertes");
        Assert.Contains("En attente du responsable de traitement", referentPage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hébergeur de Wancourt", referentPage.Text, StringComparison.Ordinal);
        using var byReferent = await PrivacyTestData.PostAsync(referentClient, referentPage, "/registre/alertes?handler=acknowledge",
            [new("alertId", ours.ToString())], "main form[method=post]");
        var mayorPage = await HtmlPage.GetAsync(mayorClient, "/registre/alertes");
        using var foreignByMayor = await PrivacyTestData.PostAsync(mayorClient, mayorPage, "/registre/alertes?handler=acknowledge",
            [new("alertId", theirs.ToString())], "table.alerts form");

        Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(byReferent));
        Assert.Equal(HttpStatusCode.NotFound, foreignByMayor.StatusCode);
        await using var check = database.CreateDb();
        Assert.Null((await check.UseOrganization(org).RegisterAlerts.SingleAsync(Ct)).AcknowledgedAt);
        await using var checkForeign = database.CreateDb();
        Assert.Null((await checkForeign.UseOrganization(foreign).RegisterAlerts.SingleAsync(Ct)).AcknowledgedAt);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Check_Editor_CountsNewAlerts_ResolvedOnesListedOnRequest(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny"); // no referent: the re-check finds it
        var processor = await WithoutContractAsync(factory, org, "Hébergeur sans contrat");
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@agny.example", memberships: (org, OrganizationRoles.PrivacyReferent));
        using var client = await SignedInAsync(factory, referent);

        var page = await HtmlPage.GetAsync(client, "/registre/alertes");
        using var checkedOnce = await page.SubmitAsync(client, new Dictionary<string, string>(), "form[action='/registre/alertes?handler=check']");
        var after = await HtmlPage.GetAsync(client, "/registre/alertes");
        Assert.Equal("Vérification faite : une nouvelle alerte, signalée au responsable de traitement.", after.Document.QuerySelector(".notice--success")!.TextContent);
        Assert.Contains("Aucun référent RGPD désigné", after.Text, StringComparison.Ordinal);
        using var checkedTwice = await after.SubmitAsync(client, new Dictionary<string, string>(), "form[action='/registre/alertes?handler=check']");
        Assert.Equal("Vérification faite : aucune nouvelle alerte.",
            (await HtmlPage.GetAsync(client, "/registre/alertes")).Document.QuerySelector(".notice--success")!.TextContent);

        // The contract is signed with every clause: the alert is resolved, and kept.
        await PrivacyTestData.InAsync(factory.Services, org, async sp =>
        {
            var saved = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SaveProcessor.Handler>(sp)
                .Handle(new SaveProcessor.Command(processor, 1, new ProcessorInput { Name = "Hébergeur sans contrat", ContractDate = new DateOnly(2025, 1, 1), Clauses = Article28Clauses.All }), PrivacyTestData.Keeper, Ct);
            Assert.True(saved.IsSuccess, saved.Failure?.ToString());
            return 0;
        });
        var filtered = await HtmlPage.GetAsync(client, "/registre/alertes?rule=sous-traitant-sans-contrat");
        Assert.Contains("Aucune alerte ouverte pour cette règle", filtered.Text, StringComparison.Ordinal);
        Assert.Contains("Alertes résolues (1)", filtered.Text, StringComparison.Ordinal);
        var resolved = await HtmlPage.GetAsync(client, "/registre/alertes?rule=sous-traitant-sans-contrat&resolved=true");
        var row = resolved.Document.QuerySelector("section[aria-labelledby=resolved-alerts] tbody tr")!;
        Assert.Contains("Hébergeur sans contrat", row.TextContent, StringComparison.Ordinal);
        var cells = row.QuerySelectorAll("td");
        Assert.Matches(@"\d\d/\d\d/\d{4} à \d{1,2} h \d\d$", cells[cells.Length - 1].TextContent.Trim());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Check_Reader_Refused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (org, OrganizationRoles.Reader));
        using var client = await SignedInAsync(factory, reader);

        var page = await HtmlPage.GetAsync(client, "/registre/alertes");
        Assert.Null(page.Document.QuerySelector("form[action='/registre/alertes?handler=check']"));
        var deconnexion = await HtmlPage.GetAsync(client, "/deconnexion");
        using var posted = await PrivacyTestData.PostAsync(client, deconnexion, "/registre/alertes?handler=check", []);

        Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(posted));
        await using var db = database.CreateDb().UseOrganization(org);
        Assert.Equal(0, await db.RegisterAlerts.CountAsync(Ct));
    }
}
