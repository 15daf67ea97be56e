using System.Net;
using Egide.Core.Account;
using Egide.Core.Privacy.Catalogs;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Catalogs;

public sealed class CatalogPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Catalogues_NotPlatformAdmin_Refused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var admin = await TestAccounts.CreateAsync(factory.Services, "admin@agny.example", memberships: (org, OrganizationRoles.Admin | OrganizationRoles.Dpo));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(admin);
        Guid entry;
        await using (var db = database.CreateDb())
        {
            entry = (await db.CatalogEntries.FirstAsync(e => e.Kind == CatalogKind.DataCategory, Ct)).Id;
        }

        foreach (var url in new[] { "/catalogues", "/catalogues/nouveau", $"/catalogues/{entry}", "/catalogues/pays/US", "/catalogues/pays/nouveau" })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
            Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(response));
        }
        var token = await HtmlPage.GetAsync(client, "/deconnexion");
        using var posted = await PrivacyTestData.PostAsync(client, token, $"/catalogues/{entry}", [new("Version", "0"), new("Input.Label", "Détourné")]);
        Assert.Equal("/acces-refuse", PrivacyTestData.PathOf(posted));
        await using var check = database.CreateDb();
        Assert.NotEqual("Détourné", (await check.CatalogEntries.SingleAsync(e => e.Id == entry, Ct)).Label);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task EditEntry_PlatformAdmin_SavedThenStaleFormRefused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        Guid id;
        await using (var db = database.CreateDb())
        {
            id = (await db.CatalogEntries.SingleAsync(e => e.Kind == CatalogKind.DataCategory && e.Code == "sante", Ct)).Id;
        }

        var list = await HtmlPage.GetAsync(client, "/catalogues");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.NotNull(list.Document.QuerySelector($"a[href='/catalogues/{id}']"));
        Assert.Contains("Décision (UE) 2023/1795", list.Document.QuerySelector("section[aria-labelledby=countries]")!.TextContent, StringComparison.Ordinal);
        var form = await HtmlPage.GetAsync(client, $"/catalogues/{id}");
        var stale = await HtmlPage.GetAsync(client, $"/catalogues/{id}");
        using var saved = await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Label"] = "Données de santé (dossiers médicaux, handicap)",
            ["Input.Details"] = "RGPD, art. 9",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using (var db = database.CreateDb())
        {
            var entry = await db.CatalogEntries.SingleAsync(e => e.Id == id, Ct);
            Assert.Equal(("Données de santé (dossiers médicaux, handicap)", "RGPD, art. 9", DataCategoryNature.Special, true, 1),
                (entry.Label, entry.Details, entry.Nature, entry.IsActive, entry.Version));
        }
        // The second form was opened on the version before: refused, nothing saved.
        var refused = await HtmlPage.ParseAsync(await stale.SubmitAsync(client, new Dictionary<string, string> { ["Input.Label"] = "Santé" }));
        Assert.Contains("Quelqu'un a modifié cet élément", refused.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        await using (var db = database.CreateDb())
        {
            Assert.Equal("Données de santé (dossiers médicaux, handicap)", (await db.CatalogEntries.SingleAsync(e => e.Id == id, Ct)).Label);
        }
        // Withdrawn: the box left unticked.
        var again = await HtmlPage.GetAsync(client, $"/catalogues/{id}");
        var fields = again.FormValues().Where(f => f.Key != "Input.IsActive").ToList();
        using var withdrawn = await PrivacyTestData.PostAsync(client, again, $"/catalogues/{id}", fields.Where(f => f.Key != "__egide_af"));
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        await using (var db = database.CreateDb())
        {
            Assert.False((await db.CatalogEntries.SingleAsync(e => e.Id == id, Ct)).IsActive);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CreateEntry_BadOrTakenCode_FrenchErrors_ValidAdded(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var form = await HtmlPage.GetAsync(client, "/catalogues/nouveau");

        var bad = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Kind"] = "SecurityMeasure", ["Input.Code"] = "Vidéo Protection", ["Input.Label"] = "",
        }));
        var taken = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Kind"] = "SecurityMeasure", ["Input.Code"] = "chiffrement", ["Input.Label"] = "Chiffrement",
        }));
        var noKind = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Kind"] = "", ["Input.Code"] = "video-protection", ["Input.Label"] = "Vidéoprotection",
        }));
        using var added = await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Kind"] = "DataCategory", ["Input.Code"] = "biometrie", ["Input.Label"] = "Données biométriques", ["Input.Nature"] = "Special",
        });

        var badSummary = bad.Document.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("Le code s'écrit en minuscules sans accent", badSummary, StringComparison.Ordinal);
        Assert.Contains("Indiquez le libellé", badSummary, StringComparison.Ordinal);
        Assert.Contains("Le code « chiffrement » est déjà celui d'une entrée de ce catalogue.", taken.Document.QuerySelector("#Input_Code-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Choisissez le catalogue", noKind.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        await using var db = database.CreateDb();
        var entry = await db.CatalogEntries.SingleAsync(e => e.Code == "biometrie", Ct);
        Assert.Equal((CatalogKind.DataCategory, DataCategoryNature.Special, true), (entry.Kind, entry.Nature, entry.IsActive));
        Assert.False(await db.CatalogEntries.AnyAsync(e => e.Code == "video-protection" || e.Label == "Vidéoprotection", Ct));
        // The same code in another catalogue is another entry.
        using var otherKind = await form.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Kind"] = "DataSubjectCategory", ["Input.Code"] = "biometrie", ["Input.Label"] = "Personnes enregistrées",
        });
        Assert.Equal(HttpStatusCode.Redirect, otherKind.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Countries_EditAndCreate_ValidatedAndSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();

        var edit = await HtmlPage.GetAsync(client, "/catalogues/pays/BR");
        Assert.Equal("NotAdequate", edit.FormValues()["Input.Zone"]);
        var missingDecision = await HtmlPage.ParseAsync(await edit.SubmitAsync(client, new Dictionary<string, string> { ["Input.Zone"] = "Adequate" }));
        Assert.Contains("Indiquez la décision d'adéquation", missingDecision.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        using var saved = await edit.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Zone"] = "Adequate", ["Input.AdequacyDecision"] = "Décision (UE) 2026/1", ["Input.CheckedOn"] = "2026-02-01",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, "/catalogues/pays/ZZ")).Status);

        var create = await HtmlPage.GetAsync(client, "/catalogues/pays/nouveau");
        var lower = await HtmlPage.ParseAsync(await create.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Code"] = "kz", ["Input.Name"] = "Kazakhstan", ["Input.Zone"] = "NotAdequate", ["Input.CheckedOn"] = "2026-02-01",
        }));
        var taken = await HtmlPage.ParseAsync(await create.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Code"] = "BR", ["Input.Name"] = "Brésil", ["Input.Zone"] = "NotAdequate", ["Input.CheckedOn"] = "2026-02-01",
        }));
        using var added = await create.SubmitAsync(client, new Dictionary<string, string>
        {
            ["Input.Code"] = "KZ", ["Input.Name"] = "Kazakhstan", ["Input.Zone"] = "NotAdequate", ["Input.CheckedOn"] = "2026-02-01",
        });

        Assert.Contains("deux lettres capitales", lower.Document.QuerySelector("#Input_Code-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("figure déjà", taken.Document.QuerySelector("#Input_Code-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        await using var db = database.CreateDb();
        var brazil = await db.Countries.SingleAsync(c => c.Code == "BR", Ct);
        Assert.Equal((TransferZone.Adequate, "Décision (UE) 2026/1", new DateOnly(2026, 2, 1), 1), (brazil.Zone, brazil.AdequacyDecision, brazil.CheckedOn, brazil.Version));
        Assert.Equal("Kazakhstan", (await db.Countries.SingleAsync(c => c.Code == "KZ", Ct)).Name);
    }
}
