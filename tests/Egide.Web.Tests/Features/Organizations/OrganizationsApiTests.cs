using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Web.Tests.Features.Organizations;

public sealed class OrganizationsApiTests
{
    private static JsonObject Commune(string siren = "216208173") => new()
    {
        ["kind"] = "Commune",
        ["name"] = "Commune de Tilloy-lès-Mofflaines",
        ["siren"] = siren,
        ["population"] = 1624,
        ["populationYear"] = 2021,
        ["address"] = new JsonObject { ["postalCode"] = "62217", ["city"] = "Tilloy-lès-Mofflaines" },
        ["dpo"] = new JsonObject { ["kind"] = "External", ["externalBodyName"] = "CDG 62", ["email"] = "dpo@cdg62.example" },
        ["referents"] = new JsonArray(new JsonObject { ["name"] = "Bruno Petit", ["email"] = "rgpd@tilloy.example" }),
    };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CreateGetUpdate_RoundTrip(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var ct = TestContext.Current.CancellationToken;

        using var created = await client.PostAsJsonAsync("/api/v1/organizations", Commune(), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var resource = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        var id = resource["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/organizations/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(1, resource["version"]!.GetValue<int>());

        var read = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/organizations/{id}", ct))!;
        var organization = read["organization"]!.AsObject();
        Assert.Equal("216208173", organization["siren"]!.GetValue<string>());
        Assert.Equal("External", organization["dpo"]!["kind"]!.GetValue<string>());
        Assert.Equal("CDG 62", read["externalDpoName"]!.GetValue<string>());

        organization["name"] = "Mairie de Tilloy-lès-Mofflaines";
        using var updated = await client.PutAsJsonAsync($"/api/v1/organizations/{id}", new JsonObject { ["version"] = 1, ["organization"] = organization.DeepClone() }, ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(2, (await updated.Content.ReadFromJsonAsync<JsonObject>(ct))!["version"]!.GetValue<int>());

        var list = (await client.GetFromJsonAsync<JsonObject>("/api/v1/organizations?search=mairie%20de%20tilloy", ct))!;
        Assert.Equal(1, list["total"]!.GetValue<int>());
        Assert.Equal("Mairie de Tilloy-lès-Mofflaines", list["items"]![0]!["name"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_StaleVersion_409ProblemNothingOverwritten(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var ct = TestContext.Current.CancellationToken;
        using var created = await client.PostAsJsonAsync("/api/v1/organizations", Commune(), ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<Guid>();
        var first = Commune();
        first["name"] = "Premier";
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/organizations/{id}", new JsonObject { ["version"] = 1, ["organization"] = first }, ct)).StatusCode);

        var stale = Commune();
        stale["name"] = "Second";
        using var response = await client.PutAsJsonAsync($"/api/v1/organizations/{id}", new JsonObject { ["version"] = 1, ["organization"] = stale }, ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Contains("modifié par quelqu'un d'autre", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = database.CreateDb();
        Assert.Equal("Premier", (await db.Organizations.SingleAsync(ct)).Name);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_Invalid_400ValidationProblemInFrenchNothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var ct = TestContext.Current.CancellationToken;
        var body = Commune("216208174");
        body.Remove("name");
        body["population"] = -1;

        using var response = await client.PostAsJsonAsync("/api/v1/organizations", body, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("Certaines informations sont invalides.", problem.RootElement.GetProperty("title").GetString());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal("Le nom est obligatoire.", errors.GetProperty("Name")[0].GetString());
        Assert.Contains("clé de contrôle", errors.GetProperty("Siren")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("La population ne peut pas être négative.", errors.GetProperty("Population")[0].GetString());
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.Organizations.CountAsync(ct));
    }

    [Fact]
    public async Task Get_UnknownId_404Problem()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        using var response = await client.GetAsync(new Uri($"/api/v1/organizations/{Guid.NewGuid()}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_UnknownKind_400Problem()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        using var client = await factory.AdminClientAsync();
        var body = Commune();
        body["kind"] = "Royaume";
        using var response = await client.PostAsJsonAsync("/api/v1/organizations", body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
