using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Egide.Core.Account;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Account;

public sealed class ApiTokenTests
{
    private sealed record Setup(EgideWebFactory Factory, Guid Own, Guid Foreign, TestAccount Admin);

    private static async Task<Setup> Prepare(TestDatabase database)
    {
        var factory = new EgideWebFactory(database);
        await using var scope = factory.Services.CreateAsyncScope();
        var create = scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>();
        var own = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune d'Achicourt", Siren = "216200048" }, TestContext.Current.CancellationToken)).Value;
        var foreign = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune de Beaurains", Siren = "216200998" }, TestContext.Current.CancellationToken)).Value;
        var admin = await TestAccounts.CreateAsync(factory.Services, "admin@achicourt.example", memberships: [(own, OrganizationRoles.Admin | OrganizationRoles.Reader), (foreign, OrganizationRoles.Admin)]);
        return new Setup(factory, own, foreign, admin);
    }

    private static async Task<CreateApiToken.Created> Token(Setup setup, OrganizationRoles roles, int days = 30)
    {
        await using var scope = setup.Factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CreateApiToken.Handler>()
            .Handle(new CreateApiToken.Command(setup.Admin.Id, setup.Own, "script de test", roles, days), TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
        return result.Value;
    }

    private static HttpClient Client(Setup setup, string secret)
    {
        var client = setup.Factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Token_ReachesItsOrganizationOnly_WithItsRolesOnly(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        var token = await Token(setup, OrganizationRoles.Reader);
        using var client = Client(setup, token.Secret);
        var ct = TestContext.Current.CancellationToken;

        var list = await client.GetStringAsync(new Uri("/api/v1/organizations", UriKind.Relative), ct);
        Assert.Contains("Achicourt", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Beaurains", list, StringComparison.Ordinal); // the person sees it, the token does not
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/organizations/{setup.Foreign}", UriKind.Relative), ct)).StatusCode);
        // The person is Admin there, but this token only reads.
        using var put = await client.PutAsJsonAsync($"/api/v1/organizations/{setup.Own}", new { version = 1, organization = new { kind = "Commune", name = "Modifiée par un lecteur" } }, ct);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        // A token is for the API: on pages it is ignored, as if nobody were signed in.
        using var page = await client.GetAsync(new Uri($"/organisations/{setup.Own}", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var location = page.Headers.Location!;
        Assert.Equal("/connexion", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Token_WithAdminRole_UpdatesItsOrganization(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        var token = await Token(setup, OrganizationRoles.Admin);
        using var client = Client(setup, token.Secret);

        using var put = await client.PutAsJsonAsync($"/api/v1/organizations/{setup.Own}",
            new { version = 1, organization = new { kind = "Commune", name = "Ville d'Achicourt", siren = "216200048" } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Token_RevokedExpiredOrForged_401(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        var ct = TestContext.Current.CancellationToken;
        var revoked = await Token(setup, OrganizationRoles.Reader);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<RevokeApiToken.Handler>().Handle(revoked.Id, setup.Admin.Id, ct)).IsSuccess);
        }
        var expired = await Token(setup, OrganizationRoles.Reader, days: 1);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Egide.Core.Data.EgideDb>();
            var row = await db.ApiTokens.FindAsync([expired.Id], ct);
            row!.ExpiresAt = DateTime.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync(ct);
        }

        foreach (var secret in new[] { revoked.Secret, expired.Secret, ApiToken.NewSecret(), "egd_" })
        {
            using var client = Client(setup, secret);
            using var response = await client.GetAsync(new Uri("/api/v1/organizations", UriKind.Relative), ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The dead tokens still presented are in the audit trail, with the reason.
        await using var trail = database.CreateDb();
        var refusals = await trail.AuditEntries.Where(e => e.Action == Egide.Core.Audit.AuditActions.AccessRefused && e.EntityType == "ApiToken")
            .Select(e => new { e.EntityId, e.Changes }).ToListAsync(ct);
        Assert.Equal(2, refusals.Count);
        Assert.Contains(refusals, r => r.EntityId == revoked.Id.ToString("D") && (r.Changes ?? "").Contains("jeton révoqué", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.EntityId == expired.Id.ToString("D") && (r.Changes ?? "").Contains("jeton expiré", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CreateApiToken_RolesNotHeldOrNotMember_Refused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        await using var scope = factory.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<CreateApiToken.Handler>();
        var ct = TestContext.Current.CancellationToken;

        var notHeld = await handler.Handle(new CreateApiToken.Command(setup.Admin.Id, setup.Own, "dpo", OrganizationRoles.Dpo, 30), ct);
        var tooLong = await handler.Handle(new CreateApiToken.Command(setup.Admin.Id, setup.Own, "long", OrganizationRoles.Reader, 400), ct);
        var stranger = await TestAccounts.CreateAsync(factory.Services, "inconnu@ailleurs.example");
        var notMember = await handler.Handle(new CreateApiToken.Command(stranger.Id, setup.Own, "x", OrganizationRoles.Reader, 30), ct);

        Assert.True(Assert.IsType<Egide.Core.Common.ValidationFailure>(notHeld.Failure).Errors.ContainsKey("Roles"));
        Assert.True(Assert.IsType<Egide.Core.Common.ValidationFailure>(tooLong.Failure).Errors.ContainsKey("LifetimeDays"));
        Assert.IsType<Egide.Core.Common.NotFoundFailure>(notMember.Failure);
        Assert.Empty(scope.ServiceProvider.GetRequiredService<Egide.Core.Data.EgideDb>().ApiTokens);
    }
}
