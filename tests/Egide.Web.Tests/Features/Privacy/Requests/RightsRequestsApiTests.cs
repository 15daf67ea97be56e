using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Egide.Core.Account;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Requests;

public sealed class RightsRequestsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(EgideWebFactory Factory, Guid Own, Guid Foreign, TestAccount Person);

    private static async Task<Setup> Prepare(TestDatabase database)
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        var factory = new EgideWebFactory(database, services: s => s.AddSingleton<TimeProvider>(clock));
        await using var scope = factory.Services.CreateAsyncScope();
        var create = scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>();
        var own = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune d'Achicourt" }, Ct)).Value;
        var foreign = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune de Beaurains" }, Ct)).Value;
        var person = await TestAccounts.CreateAsync(factory.Services, "dpo@achicourt.example", secondFactor: true,
            memberships: [(own, OrganizationRoles.Dpo | OrganizationRoles.Reader), (foreign, OrganizationRoles.Reader)]);
        return new Setup(factory, own, foreign, person);
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

    private static object Access(string receivedOn = "2026-01-31", string name = "Jeanne Dupont") => new
    {
        kind = "Access",
        requesterName = name,
        requesterEmail = "jeanne@example.org",
        channel = "Email",
        receivedOn,
        description = "Copie de son dossier.",
    };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Request_CreateUpdateStaleActions_RoundTrip(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await Client(setup, OrganizationRoles.Dpo);
        var root = $"/api/v1/organizations/{setup.Own}/requests";

        using var created = await client.PostAsJsonAsync(root, Access(), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = request.GetProperty("id").GetGuid();
        Assert.Equal($"{root}/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("DD-2026-001", request.GetProperty("reference").GetString());
        Assert.Equal("2026-03-02", request.GetProperty("dueDate").GetString());
        Assert.Equal("Received", request.GetProperty("status").GetString());
        Assert.True(request.GetProperty("isOverdue").GetBoolean());

        using var updated = await client.PutAsJsonAsync($"{root}/{id}", new { version = 1, request = Access(name: "Jeanne Martin") }, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(2, (await updated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("version").GetInt32());

        using var stale = await client.PutAsJsonAsync($"{root}/{id}", new { version = 1, request = Access(name: "Jeanne Durand") }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        var conflict = await stale.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(409, conflict.GetProperty("status").GetInt32());
        Assert.Contains("Quelqu'un a modifié cette demande", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var late = await client.PostAsJsonAsync($"{root}/{id}/actions", new { version = 2, action = "Extend", toldOn = "2026-03-03", extensionMonths = 3 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        var errors = (await late.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Contains("au plus tard le 02/03/2026", errors.GetProperty("ToldOn")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("un ou de deux mois", errors.GetProperty("ExtensionMonths")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("Reason", out _));

        using var early = await client.PostAsJsonAsync($"{root}/{id}/actions", new { version = 2, action = "Answer", answeredOn = "2026-01-30", answerSummary = "Copie." }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Equal("La réponse ne peut pas être datée d'avant la réception de la demande (31/01/2026).",
            (await early.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("AnsweredOn")[0].GetString());

        using var answered = await client.PostAsJsonAsync($"{root}/{id}/actions", new { version = 2, action = "Answer", answeredOn = "2026-03-09", answerSummary = "Copie envoyée." }, Ct);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var closed = await answered.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("Answered", 3, false), (closed.GetProperty("status").GetString(), closed.GetProperty("version").GetInt32(), closed.GetProperty("isOverdue").GetBoolean()));

        using var again = await client.PostAsJsonAsync($"{root}/{id}/actions", new { version = 3, action = "Start" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var list = await client.GetAsync(new Uri($"{root}?state=Closed", UriKind.Relative), Ct);
        var page = await list.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("DD-2026-001", page.GetProperty("items")[0].GetProperty("reference").GetString());
        using var open = await client.GetAsync(new Uri(root, UriKind.Relative), Ct);
        Assert.Equal(0, (await open.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("total").GetInt32());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Request_InvalidReaderForeign_ProblemDetailsInFrench(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var keeper = await Client(setup, OrganizationRoles.Dpo);
        using var reader = await Client(setup, OrganizationRoles.Reader);
        using var foreignReader = await Client(setup, OrganizationRoles.Reader, setup.Foreign);
        var root = $"/api/v1/organizations/{setup.Own}/requests";

        using var future = await keeper.PostAsJsonAsync(root, Access(receivedOn: "2026-03-11", name: ""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        var problem = await future.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Certaines informations sont invalides.", problem.GetProperty("title").GetString());
        Assert.Equal("La date de réception ne peut pas être dans le futur.", problem.GetProperty("errors").GetProperty("ReceivedOn")[0].GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("RequesterName", out _));

        using var created = await keeper.PostAsJsonAsync(root, Access(), Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        using var refused = await reader.GetAsync(new Uri($"{root}/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Seuls le référent RGPD", (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var foreign = await foreignReader.GetAsync(new Uri($"/api/v1/organizations/{setup.Foreign}/requests/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        using var unknown = await keeper.GetAsync(new Uri($"{root}/{Guid.NewGuid()}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Cette demande n'existe pas parmi celles de l'organisme.", (await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        using var otherOrganisation = await keeper.GetAsync(new Uri($"/api/v1/organizations/{setup.Foreign}/requests/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, otherOrganisation.StatusCode);

        var document = await keeper.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        const string Root = "/api/v1/organizations/{organizationId}/requests";
        Assert.Empty(new HashSet<string>([Root, $"{Root}/{{id}}", $"{Root}/{{id}}/actions"]).Except(paths));
    }
}
