using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Egide.Core.Account;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Register;

public sealed class RegisterApiTests
{
    private sealed record Setup(EgideWebFactory Factory, Guid Own, Guid Foreign, TestAccount Person);

    private static async Task<Setup> Prepare(TestDatabase database)
    {
        var factory = new EgideWebFactory(database);
        await using var scope = factory.Services.CreateAsyncScope();
        var create = scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>();
        var ct = TestContext.Current.CancellationToken;
        var own = (await create.Handle(new OrganizationInput
        {
            Kind = OrganizationKind.Commune, Name = "Commune d'Achicourt",
            Referents = [new() { Name = "Bruno Petit", Service = "Accueil", Email = "rgpd@achicourt.example" }],
        }, ct)).Value;
        var foreign = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune de Beaurains" }, ct)).Value;
        var person = await TestAccounts.CreateAsync(factory.Services, "dpo@achicourt.example", secondFactor: true,
            memberships: [(own, OrganizationRoles.PrivacyReferent | OrganizationRoles.Dpo | OrganizationRoles.Controller | OrganizationRoles.Reader), (foreign, OrganizationRoles.Reader)]);
        return new Setup(factory, own, foreign, person);
    }

    private static async Task<HttpClient> Client(Setup setup, OrganizationRoles roles, Guid? organization = null)
    {
        await using var scope = setup.Factory.Services.CreateAsyncScope();
        var token = (await scope.ServiceProvider.GetRequiredService<CreateApiToken.Handler>()
            .Handle(new CreateApiToken.Command(setup.Person.Id, organization ?? setup.Own, "script", roles, 30), TestContext.Current.CancellationToken)).Value;
        var client = setup.Factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        return client;
    }

    private static object Payroll(string name = "Gestion de la paie", string? justification = null) => new
    {
        reference = "RH-001",
        name,
        role = "Controller",
        responsibleService = "Ressources humaines",
        content = new
        {
            mainPurpose = "Gestion de la paie",
            legalBasisCode = "c",
            legalBasisJustification = justification,
            dataCategories = new[] { new { categoryCode = "etat-civil", retentionPeriod = "5 ans", finalFate = "Destruction" } },
            dataSubjects = new[] { new { categoryCode = "agents", estimatedVolume = 45 } },
        },
    };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Activity_CreateUpdateStaleArchive_AsTheRegisterKeeper(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await Client(setup, OrganizationRoles.PrivacyReferent);
        var ct = TestContext.Current.CancellationToken;
        var root = $"/api/v1/organizations/{setup.Own}/register";

        using var created = await client.PostAsJsonAsync($"{root}/activities", Payroll(), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var activity = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = activity.GetProperty("id").GetGuid();
        Assert.Equal($"{root}/activities/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("base-legale-non-justifiee", activity.GetProperty("openAlerts")[0].GetProperty("ruleCode").GetString());

        using var updated = await client.PutAsJsonAsync($"{root}/activities/{id}", new { version = 1, activity = Payroll("Paie des agents", "CGFP, art. L. 712-1") }, ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await updated.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal(0, after.GetProperty("openAlerts").GetArrayLength());

        using var stale = await client.PutAsJsonAsync($"{root}/activities/{id}", new { version = 1, activity = Payroll("Écrasement") }, ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.Contains("rien n'a été enregistré", await stale.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var invalid = await client.PutAsJsonAsync($"{root}/activities/{id}",
            new { version = 2, activity = new { reference = "RH-001", name = "Paie", content = new { legalBasisCode = "z" } } }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains("Base légale inconnue", problem.GetProperty("errors").GetProperty("Content.LegalBasisCode")[0].GetString(), StringComparison.Ordinal);

        using var archived = await client.PostAsJsonAsync($"{root}/activities/{id}/actions", new { version = 2, action = "Archive" }, ct);
        Assert.Equal("Archived", (await archived.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("status").GetString());
        var list = await client.GetFromJsonAsync<JsonElement>($"{root}/activities", ct);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        var withArchived = await client.GetFromJsonAsync<JsonElement>($"{root}/activities?includeArchived=true&search=AGENTS", ct);
        Assert.Equal("Paie des agents", withArchived.GetProperty("items")[0].GetProperty("name").GetString());

        var history = await client.GetFromJsonAsync<JsonElement>($"{root}/activities/{id}/history", ct);
        Assert.Equal(3, history.GetArrayLength());
        Assert.Equal("Modification : API", history[1].GetProperty("change").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Activity_OfAnotherOrganization_NotFoundThroughEitherRoute(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        var ct = TestContext.Current.CancellationToken;
        Guid theirs;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EgideDb>().UseOrganization(setup.Foreign);
            theirs = (await scope.ServiceProvider.GetRequiredService<Egide.Core.Privacy.Register.CreateProcessingActivity.Handler>()
                .Handle(new() { Reference = "EC-001", Name = "État civil" }, Egide.Core.Privacy.Register.RegisterActor.System, ct)).Value;
        }
        using var client = await Client(setup, OrganizationRoles.Reader);

        // Through our organisation's route: not in our register.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/organizations/{setup.Own}/register/activities/{theirs}", UriKind.Relative), ct)).StatusCode);
        // Through theirs: the person reads there, the token does not.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/organizations/{setup.Foreign}/register/activities/{theirs}", UriKind.Relative), ct)).StatusCode);
        await using var check = database.CreateDb();
        Assert.True(await check.AuditEntries.AnyAsync(e => e.Action == "AccessRefused" && e.OrganizationId == setup.Foreign, ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Workflow_OpinionValidationAndAcknowledgement_EachWithItsRole(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        var ct = TestContext.Current.CancellationToken;
        var root = $"/api/v1/organizations/{setup.Own}/register";
        using var referent = await Client(setup, OrganizationRoles.PrivacyReferent);
        using var dpo = await Client(setup, OrganizationRoles.Dpo);
        using var mayor = await Client(setup, OrganizationRoles.Controller);

        using var created = await referent.PostAsJsonAsync($"{root}/activities", Payroll(), ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await referent.PostAsJsonAsync($"{root}/activities/{id}/actions", new { version = 1, action = "Submit" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await referent.PostAsJsonAsync($"{root}/activities/{id}/actions", new { version = 2, action = "GiveDpoOpinion", opinion = "Favourable" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dpo.PostAsJsonAsync($"{root}/activities/{id}/actions", new { version = 2, action = "GiveDpoOpinion", opinion = "Favourable" }, ct)).StatusCode);
        using var validated = await mayor.PostAsJsonAsync($"{root}/activities/{id}/actions", new { version = 3, action = "Validate" }, ct);
        Assert.Equal("Validated", (await validated.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("status").GetString());

        var alerts = await mayor.GetFromJsonAsync<JsonElement>($"{root}/alerts", ct);
        var alert = alerts[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await dpo.PostAsJsonAsync($"{root}/alerts/{alert}/acknowledge", new { }, ct)).StatusCode);
        using var acknowledged = await mayor.PostAsJsonAsync($"{root}/alerts/{alert}/acknowledge", new { }, ct);
        Assert.Equal("Personne dpo", (await acknowledged.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("acknowledgedBy").GetString());
    }

    [Fact]
    public async Task OpenApi_DescribesTheRegisterRoutes()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        using var client = factory.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        const string Root = "/api/v1/organizations/{organizationId}/register";
        Assert.Empty(new HashSet<string>([$"{Root}/activities", $"{Root}/activities/{{id}}", $"{Root}/activities/{{id}}/actions", $"{Root}/activities/{{id}}/history",
                $"{Root}/at", $"{Root}/processors", $"{Root}/processors/{{id}}/archive", $"{Root}/alerts", $"{Root}/alerts/{{id}}/acknowledge"]).Except(paths));
    }
}
