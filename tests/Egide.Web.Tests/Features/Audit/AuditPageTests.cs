using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Egide.Core.Audit;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Web.Tests.Features.Audit;

public sealed class AuditPageTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_Entries_NewestFirstWithBeforeAndAfter(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 13, 5); // 14 h 05 in Paris
        var id = await CreateAsync(database, clock, "Commune de Tilloy-lès-Mofflaines");
        await using (var db = database.CreateDb(clock))
        {
            var input = Commune("Commune de Tilloy-lès-Mofflaines");
            input.Dpo.Email = "nouveau-dpo@tilloy.example";
            Assert.True((await new UpdateOrganization.Handler(db, clock).Handle(new(id, 1, input), TestContext.Current.CancellationToken)).IsSuccess);
        }
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();

        // Signing in writes entries of its own (the person, the sign-in): the organisation's are looked at.
        var page = await HtmlPage.GetAsync(client, "/audit?EntityType=Organization");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Piste d'audit – Egide", page.Document.Title);
        var rows = page.Document.QuerySelectorAll("table.audit > tbody > tr");
        Assert.Equal(["2", "1"], rows.Select(r => r.QuerySelector("th")!.TextContent.Trim()));
        var update = rows[0];
        Assert.Contains("Modification", update.TextContent, StringComparison.Ordinal);
        Assert.Contains("23/11/2026 à 14 h 05", update.TextContent, StringComparison.Ordinal);
        Assert.Contains("système", update.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/organisations/{id}", update.QuerySelector("td a")!.GetAttribute("href"));
        var dpoEmail = update.QuerySelectorAll("table.changes tbody tr")
            .Single(r => r.QuerySelector("th")!.TextContent == "DPO : courriel")
            .QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.Equal(["dpo@tilloy.example", "nouveau-dpo@tilloy.example"], dpoEmail);
        Assert.Equal(["Champ", "Avant", "Après"], update.QuerySelectorAll("table.changes thead th").Select(h => h.TextContent));
        Assert.Contains("Création", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Bruno Petit · rgpd@tilloy.example", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_FilteredByEntityType_OnlyThatType(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23);
        await CreateAsync(database, clock, "Commune de Tilloy-lès-Mofflaines");
        await using (var db = database.CreateDb(clock))
        {
            AuditTrail.Record(db, AuditEvent.SignInFailed("marie.durand@example.fr", "mot de passe incorrect"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();

        var users = await HtmlPage.GetAsync(client, "/audit?EntityType=User&Action=SignInFailed");
        var organizations = await HtmlPage.GetAsync(client, "/audit?EntityType=Organization");

        var row = Assert.Single(users.Document.QuerySelectorAll("table.audit > tbody > tr"));
        Assert.Contains("Échec de connexion", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("marie.durand@example.fr", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 entrée correspondant aux filtres", users.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("User", users.Document.QuerySelector("#EntityType option[selected]")!.GetAttribute("value"));
        var types = users.Document.QuerySelectorAll("#EntityType option").Skip(1).Select(o => o.TextContent).ToList();
        Assert.Contains("Compte", types);
        Assert.Contains("Organisme", types);
        var created = Assert.Single(organizations.Document.QuerySelectorAll("table.audit > tbody > tr"));
        Assert.Contains("Création", created.TextContent, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_FilteredByParisDaysActionOrganisationAndActor_OnlyWhatMatches(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // 23 November 00:30 in Paris is still the 22nd in UTC. (A year back: signing in writes entries today.)
        var first = await CreateAsync(database, TestClock.At(2025, 11, 22, 23, 30), "Commune A");
        await CreateAsync(database, TestClock.At(2025, 11, 23, 23, 30), "Commune B");
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();

        async Task<List<string>> Numbers(string query) =>
            (await HtmlPage.GetAsync(client, "/audit?" + query)).Document
                .QuerySelectorAll("table.audit > tbody > tr > th").Select(th => th.TextContent.Trim()).ToList();

        Assert.Equal(["1"], await Numbers("From=23/11/2025&To=23/11/2025"));
        Assert.Equal(["2"], await Numbers("From=24/11/2025&To=24/11/2025"));
        Assert.Equal(["1"], await Numbers("To=23/11/2025"));
        Assert.Equal(["1"], await Numbers($"OrganizationId={first}"));
        Assert.Equal(["2", "1"], await Numbers("Action=Created&Actor=SYST&EntityType=Organization"));
        Assert.Empty(await Numbers("Action=Deleted"));
        Assert.Empty(await Numbers("Actor=alice"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_MoreThanAPage_PaginatedWithTheFiltersKept(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateDb())
        {
            for (var i = 0; i < ListAuditEntries.PageSize + 3; i++)
            {
                AuditTrail.Record(db, AuditEvent.SignInFailed($"personne{i}@example.fr", "mot de passe incorrect"));
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();

        var first = await HtmlPage.GetAsync(client, "/audit?Action=SignInFailed");
        var next = first.Document.QuerySelectorAll(".pagination a").Single(a => a.TextContent == "Page suivante").GetAttribute("href")!;
        var second = await HtmlPage.GetAsync(client, next);

        Assert.Equal(ListAuditEntries.PageSize, first.Document.QuerySelectorAll("table.audit > tbody > tr").Length);
        Assert.Equal("/audit?Action=SignInFailed&page=2", next);
        Assert.Equal(["3", "2", "1"], second.Document.QuerySelectorAll("table.audit > tbody > tr > th").Select(th => th.TextContent.Trim()));
        Assert.Equal("Page 2 sur 2", second.Document.QuerySelector(".pagination [aria-current=page]")!.TextContent);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_DateNotADate_FieldErrorAndNothingListed(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateAsync(database, TestClock.At(2026, 11, 23), "Commune A");
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();

        var page = await HtmlPage.GetAsync(client, "/audit?From=31/02/2026");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var from = page.Document.QuerySelector("#From")!;
        Assert.Equal("true", from.GetAttribute("aria-invalid"));
        Assert.Equal("31/02/2026", from.GetAttribute("value"));
        Assert.Contains("« 31/02/2026 » n'est pas une date", page.Document.QuerySelector("#From-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("[role=alert]"));
        Assert.Null(page.Document.QuerySelector("table.audit"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Save_ThroughTheApi_AuditedAsTheSignedInPersonViaApi(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var body = new JsonObject { ["kind"] = "Commune", ["name"] = "Commune de Lens" };

        using var response = await client.PostAsJsonAsync("/api/v1/organizations", body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = database.CreateDb();
        var entry = await db.AuditEntries.SingleAsync(e => e.EntityType == "Organization", TestContext.Current.CancellationToken);
        var admin = await db.Users.SingleAsync(u => u.Email == "admin.tests@egide.example", TestContext.Current.CancellationToken);
        Assert.Equal(admin.DisplayName, entry.ActorName);
        Assert.Equal("api", entry.Via);
        Assert.Equal(admin.Id, entry.ActorUserId);
    }

    private static OrganizationInput Commune(string name) => new()
    {
        Kind = OrganizationKind.Commune,
        Name = name,
        Dpo = new() { Kind = DpoKind.Internal, PersonName = "Alice Martin", Email = "dpo@tilloy.example" },
        Referents = [new() { Name = "Bruno Petit", Email = "rgpd@tilloy.example" }],
    };

    private static async Task<Guid> CreateAsync(TestDatabase database, TestClock clock, string name)
    {
        await using var db = database.CreateDb(clock);
        var result = await new CreateOrganization.Handler(db, clock).Handle(Commune(name), TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
        return result.Value;
    }
}
