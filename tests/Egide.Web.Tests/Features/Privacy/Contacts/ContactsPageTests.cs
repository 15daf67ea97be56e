using System.Net;
using Egide.Core.Account;
using Egide.Core.Organizations;
using Egide.Testing;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Contacts;

public sealed class ContactsPageTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Contacts_Reader_SeesTheDpoAndTheReferentsByService(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny", o =>
        {
            o.Dpo = new OrganizationInput.DpoInput
            {
                Kind = DpoKind.External, ExternalBodyName = "Centre de gestion du Pas-de-Calais", PersonName = "Alice Martin",
                Email = "dpo@cdg62.example", Phone = "03 21 00 00 00", CnilDesignationNumber = "DPO-12345",
            };
            o.Referents =
            [
                new() { Name = "Bruno Petit", Service = "État civil", Email = "etat-civil@agny.example" },
                new() { Name = "Chloé Roux", Service = "Ressources humaines", Email = "rh@agny.example", Phone = "03 21 11 11 11" },
                new() { Name = "Damien Leroy", Service = "État civil", Email = "dl@agny.example" },
            ];
            o.Contacts = [new() { Name = "Émile Durand", Role = "Directeur général des services", Email = "dgs@agny.example" }];
        });
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (org, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        var page = await HtmlPage.GetAsync(client, "/registre/contacts");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var dpo = page.Document.QuerySelector("section[aria-labelledby=dpo]")!.TextContent;
        foreach (var expected in new[] { "Alice Martin", "Centre de gestion du Pas-de-Calais", "dpo@cdg62.example", "03 21 00 00 00", "DPO-12345" })
        {
            Assert.Contains(expected, dpo, StringComparison.Ordinal);
        }
        var rows = page.Document.QuerySelectorAll("section[aria-labelledby=referents] tbody tr").ToList();
        Assert.Equal(3, rows.Count);
        var etatCivil = rows[0].QuerySelector("th[scope=rowgroup]")!;
        Assert.Equal(("État civil", "2"), (etatCivil.TextContent, etatCivil.GetAttribute("rowspan")));
        Assert.Equal(["Bruno Petit", "Damien Leroy", "Chloé Roux"], rows.Select(r => r.QuerySelector("td")!.TextContent));
        Assert.Equal("Ressources humaines", rows[2].QuerySelector("th")!.TextContent);
        Assert.Contains("Directeur général des services", page.Document.QuerySelector("section[aria-labelledby=contacts]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector(".no-print"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Contacts_PlatformAdminWithoutOrganisation_AskedToChooseOne(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();

        var page = await HtmlPage.GetAsync(client, "/registre/contacts");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("main a[href^='/organisation-courante']"));
    }
}
