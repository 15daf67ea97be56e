using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Egide.Core.Account;
using Egide.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Breaches;

public sealed class DataBreachesApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(EgideWebFactory Factory, TestClock Clock, Guid Own, Guid Foreign, TestAccount Person);

    private static async Task<Setup> Prepare(TestDatabase database)
    {
        var clock = TestClock.At(2026, 11, 23, 13, 5);
        var factory = new EgideWebFactory(database, services: s => s.AddSingleton<TimeProvider>(clock));
        var own = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Achicourt");
        var foreign = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune de Beaurains");
        var person = await TestAccounts.CreateAsync(factory.Services, "dpo@achicourt.example", secondFactor: true,
            memberships: [(own, OrganizationRoles.PrivacyReferent | OrganizationRoles.Controller | OrganizationRoles.Reader), (foreign, OrganizationRoles.Reader)]);
        return new Setup(factory, clock, own, foreign, person);
    }

    private static async Task<HttpClient> Client(Setup setup, OrganizationRoles roles, Guid? organization = null)
    {
        await using var scope = setup.Factory.Services.CreateAsyncScope();
        var token = (await scope.ServiceProvider.GetRequiredService<CreateApiToken.Handler>()
            .Handle(new CreateApiToken.Command(setup.Person.Id, organization ?? setup.Own, "script", roles, 30), Ct)).Value;
        var client = setup.Factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        return client;
    }

    private static object Breach(string title, DateTime awareAt, string risk = "Risk", int persons = 12, string? reasoning = "Adresses de 12 usagers.") => new
    {
        title,
        awareAt,
        nature = "Confidentiality",
        origin = "InternalAccidental",
        personsCount = persons,
        risk,
        riskReasoning = reasoning,
    };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Breach_RoundTrip_StaleVersionConflictThenNotifiedAndClosed(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await Client(setup, OrganizationRoles.PrivacyReferent | OrganizationRoles.Controller);
        var root = $"/api/v1/organizations/{setup.Own}/breaches";
        var aware = new DateTime(2026, 11, 23, 9, 5, 0, DateTimeKind.Utc);

        using var created = await client.PostAsJsonAsync(root, Breach("Courriel au mauvais destinataire", aware), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var breach = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = breach.GetProperty("id").GetGuid();
        Assert.Equal($"{root}/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("VD-2026-001", breach.GetProperty("reference").GetString());
        var clock = breach.GetProperty("clock");
        Assert.Equal(("Running", 68 * 3600L, false), (clock.GetProperty("status").GetString(), clock.GetProperty("remainingSeconds").GetInt64(), clock.GetProperty("overdue").GetBoolean()));
        Assert.Equal(new DateTime(2026, 11, 26, 9, 5, 0, DateTimeKind.Utc), clock.GetProperty("dueAt").GetDateTime().ToUniversalTime());
        Assert.Equal("reste 68 h 00 min", clock.GetProperty("text").GetString());

        using var updated = await client.PutAsJsonAsync($"{root}/{id}", new { version = 1, breach = Breach("Courriel envoyé au mauvais destinataire", aware) }, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(2, (await updated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("version").GetInt32());
        using var stale = await client.PutAsJsonAsync($"{root}/{id}", new { version = 1, breach = Breach("Écrasé", aware) }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Quelqu'un a modifié cette violation", (await stale.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var future = await client.PostAsJsonAsync(root, Breach("Dans le futur", aware.AddDays(2)), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal("La prise de connaissance ne peut pas être dans le futur.",
            (await future.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("AwareAt")[0].GetString());

        using var content = await client.GetAsync(new Uri($"{root}/{id}/notification-content?kind=Initial", UriKind.Relative), Ct);
        var text = (await content.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("content").GetString()!;
        Assert.Contains("Notification initiale", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("1. Type de notification", StringComparison.Ordinal) < text.IndexOf("10. Traitements concernés", StringComparison.Ordinal));

        using var complementary = await client.PostAsJsonAsync($"{root}/{id}/notifications", new { kind = "Complementary", notifiedAt = aware.AddHours(3) }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, complementary.StatusCode);
        using var notified = await client.PostAsJsonAsync($"{root}/{id}/notifications", new { kind = "Complete", notifiedAt = aware.AddHours(3), cnilReference = "CNIL-77" }, Ct);
        Assert.Equal(HttpStatusCode.Created, notified.StatusCode);
        var afterNotification = await notified.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Notify", afterNotification.GetProperty("decision").GetString());
        Assert.Equal("Notified", afterNotification.GetProperty("clock").GetProperty("status").GetString());
        Assert.Equal("CNIL-77", afterNotification.GetProperty("notifications")[0].GetProperty("cnilReference").GetString());

        using var notRequired = await client.PostAsJsonAsync($"{root}/{id}/persons-communication",
            new { version = afterNotification.GetProperty("version").GetInt32(), communication = "NotRequired" }, Ct);
        Assert.Equal(HttpStatusCode.OK, notRequired.StatusCode);
        var version = (await notRequired.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("version").GetInt32();
        using var closed = await client.PostAsJsonAsync($"{root}/{id}/close", new { version, summary = "Procédure d'envoi revue." }, Ct);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await closed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("closedAt").ValueKind);

        using var list = await client.GetAsync(new Uri($"{root}?state=closed", UriKind.Relative), Ct);
        Assert.Equal(id, (await list.Content.ReadFromJsonAsync<JsonElement>(Ct))[0].GetProperty("id").GetGuid());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Breach_HighRiskRules_FrenchProblemDetails(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await Client(setup, OrganizationRoles.PrivacyReferent);
        var root = $"/api/v1/organizations/{setup.Own}/breaches";
        var aware = new DateTime(2026, 11, 23, 9, 5, 0, DateTimeKind.Utc);

        using var unexplained = await client.PostAsJsonAsync(root, Breach("Dossiers du CCAS", aware, "HighRisk", 0, null), Ct);
        var problem = await unexplained.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unexplained.StatusCode);
        Assert.StartsWith("Un risque élevé pour 0 personne", problem.GetProperty("errors").GetProperty("PersonsCount")[0].GetString(), StringComparison.Ordinal);

        using var created = await client.PostAsJsonAsync(root, Breach("Dossiers du CCAS", aware, "HighRisk", 40, "Données de santé."), Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        using var notRequired = await client.PostAsJsonAsync($"{root}/{id}/persons-communication", new { version = 1, communication = "NotRequired" }, Ct);
        Assert.Equal("Un risque élevé impose d'informer les personnes (article 34) ou de justifier une exemption.",
            (await notRequired.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("Communication")[0].GetString());
        using var close = await client.PostAsJsonAsync($"{root}/{id}/close", new { version = 1, summary = "Bilan" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, close.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Breaches_ReaderForbiddenForeignNotFound(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var keeper = await Client(setup, OrganizationRoles.PrivacyReferent);
        using var created = await keeper.PostAsJsonAsync($"/api/v1/organizations/{setup.Own}/breaches", Breach("Clé perdue", new DateTime(2026, 11, 23, 9, 5, 0, DateTimeKind.Utc)), Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        using var reader = await Client(setup, OrganizationRoles.Reader);
        using var foreignReader = await Client(setup, OrganizationRoles.Reader, setup.Foreign);

        using var read = await reader.GetAsync(new Uri($"/api/v1/organizations/{setup.Own}/breaches/{id}", UriKind.Relative), Ct);
        using var elsewhere = await foreignReader.GetAsync(new Uri($"/api/v1/organizations/{setup.Foreign}/breaches/{id}", UriKind.Relative), Ct);
        using var otherTenant = await keeper.GetAsync(new Uri($"/api/v1/organizations/{setup.Foreign}/breaches", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Contains("ont accès à ces dossiers", (await read.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        // A token reaches its own organisation only.
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
    }
}
