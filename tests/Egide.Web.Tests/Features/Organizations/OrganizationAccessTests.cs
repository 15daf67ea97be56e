using System.Net;
using Egide.Core.Account;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Organizations;

/// <summary>A person sees an organisation only through a membership there; a foreign one does not exist for them.</summary>
public sealed class OrganizationAccessTests
{
    private static async Task<(Guid Own, Guid Foreign)> TwoOrganizations(EgideWebFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var create = scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>();
        var own = await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune d'Achicourt", Siren = "216200048" }, TestContext.Current.CancellationToken);
        var foreign = await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune de Beaurains", Siren = "216200998" }, TestContext.Current.CancellationToken);
        return (own.Value, foreign.Value);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Member_SeesOwnOrganizationOnly_ForeignIs404(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var (own, foreign) = await TwoOrganizations(factory);
        var referent = await TestAccounts.CreateAsync(factory.Services, "referent@achicourt.example", memberships: (own, OrganizationRoles.PrivacyReferent));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(referent);

        var list = await HtmlPage.GetAsync(client, "/organisations");
        Assert.Equal(["Commune d'Achicourt"], list.Document.QuerySelectorAll("tbody th a").Select(a => a.TextContent));
        Assert.Null(list.Document.QuerySelector("a[href='/organisations/nouveau']"));
        Assert.Equal(HttpStatusCode.OK, (await HtmlPage.GetAsync(client, $"/organisations/{own}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/organisations/{foreign}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmlPage.GetAsync(client, $"/organisations/{foreign}/modifier")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/organizations/{foreign}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        var apiList = await client.GetStringAsync(new Uri("/api/v1/organizations", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("Beaurains", apiList, StringComparison.Ordinal);

        // Each attempt on the other commune is in the audit trail, with who and what.
        await using var db = database.CreateDb();
        var refusals = await db.AuditEntries.Where(e => e.Action == Egide.Core.Audit.AuditActions.AccessRefused).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, e =>
        {
            Assert.Equal(foreign, e.OrganizationId);
            Assert.Equal(referent.Id, e.ActorUserId);
        });
        Assert.Contains(refusals, e => (e.Changes ?? "").Contains($"GET /api/v1/organizations/{foreign}", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task MemberWithoutAdminRole_EditRefused403_CreateRefused403(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var (own, _) = await TwoOrganizations(factory);
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@achicourt.example", memberships: (own, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        using var edit = await client.GetAsync(new Uri($"/organisations/{own}/modifier", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.StartsWith("/acces-refuse", edit.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        using var create = await client.GetAsync(new Uri("/organisations/nouveau", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.StartsWith("/acces-refuse", create.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        using var put = await client.PutAsync(new Uri($"/api/v1/organizations/{own}", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { version = 1, organization = new { kind = "Commune", name = "Piratée" } }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        var denied = await HtmlPage.GetAsync(client, "/acces-refuse");
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task OrganizationAdmin_EditsOwnOrganization(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var (own, _) = await TwoOrganizations(factory);
        var admin = await TestAccounts.CreateAsync(factory.Services, "admin@achicourt.example", memberships: (own, OrganizationRoles.Admin));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(admin);

        var edit = await HtmlPage.GetAsync(client, $"/organisations/{own}/modifier");
        using var saved = await edit.SubmitAsync(client, new Dictionary<string, string> { ["Input.Name"] = "Ville d'Achicourt" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Ville d'Achicourt", (await HtmlPage.GetAsync(client, $"/organisations/{own}")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/organisations")]
    [InlineData("/registre")]
    [InlineData("/compte")]
    public async Task Anonymous_Page_RedirectedToSignIn(string url)
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connexion", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Anonymous_Api_401()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri("/api/v1/organizations", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
