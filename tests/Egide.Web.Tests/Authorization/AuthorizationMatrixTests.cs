using System.Net.Http.Json;
using Egide.Core.Account;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Authorization;

/// <summary>
/// Who gets what, route by route, written out by hand. Every route the application maps must have its
/// rows here: a new page or endpoint without them fails this test until someone decides who may use it.
/// Expectations: a status ("200", "404"…) or a redirect with its target ("302:/connexion").
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string SignIn = "302:/connexion";
    private const string Denied = "302:/acces-refuse";
    private const string UnknownActivity = "00000000-0000-0000-0000-000000000001";

    /// <param name="Route">The route pattern as the application maps it.</param>
    /// <param name="Path">The URL to call; {id} stands for the organisation (own or foreign).</param>
    private sealed record Row(
        string Method, string Route, string Path,
        string Anonymous, string ReaderOwn, string ReaderForeign, string AdminOwn, string AdminForeign, string PlatformAdmin,
        object? Json = null, Dictionary<string, string>? Form = null);

    private static readonly Row[] Matrix =
    [
        new("GET", "", "/", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "/health", "/health", "200", "200", "200", "200", "200", "200"),
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", "200", "200", "200", "200", "200", "200"),
        // The audit trail: an organisation's Admin reads that organisation's entries, the platform administrator all.
        new("GET", "audit", "/audit", SignIn, Denied, Denied, "200", "200", "200"),
        new("GET", "acces-refuse", "/acces-refuse", SignIn, "403", "403", "403", "403", "403"),
        new("GET", "compte", "/compte", SignIn, "200", "200", "200", "200", "200"),
        // Already enrolled people are sent back to their account page.
        new("GET", "compte/double-authentification", "/compte/double-authentification", SignIn, "200", "200", "302:/compte", "302:/compte", "302:/compte"),
        new("GET", "connexion", "/connexion", "200", "200", "200", "200", "200", "200"),
        new("GET", "connexion/code", "/connexion/code", SignIn, SignIn, SignIn, SignIn, SignIn, SignIn),
        new("GET", "mot-de-passe-oublie", "/mot-de-passe-oublie", "200", "200", "200", "200", "200", "200"),
        new("GET", "reinitialiser-mot-de-passe", "/reinitialiser-mot-de-passe", "200", "200", "200", "200", "200", "200"),
        new("GET", "deconnexion", "/deconnexion", "200", "200", "200", "200", "200", "200"),
        new("GET", "erreur/{code:int?}", "/erreur/404", "404", "404", "404", "404", "404", "404"),
        new("GET", "modules/{slug}", "/modules/registre-rgpd", SignIn, "200", "200", "200", "200", "200"),
        // The register is the current organisation's; the platform administrator, member of none, is asked to choose one.
        new("GET", "registre", "/registre", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "registre/nouveau", "/registre/nouveau", SignIn, Denied, Denied, "200", "200", "200"),
        // An empty form: refused before reading it, or shown again with its errors (nothing created).
        new("POST", "registre/nouveau", "/registre/nouveau", SignIn, Denied, Denied, "200", "200", "200", Form: []),
        // An entry's id, not an organisation's: an unknown entry is in nobody's register.
        new("GET", "registre/{id:guid}", $"/registre/{UnknownActivity}", SignIn, "404", "404", "404", "404", "200"),
        new("POST", "registre/{id:guid}", $"/registre/{UnknownActivity}", SignIn, "404", "404", "404", "404", "200",
            Form: new() { ["action"] = "Archive", ["version"] = "1" }),
        new("GET", "registre/{id:guid}/modifier/{section}", $"/registre/{UnknownActivity}/modifier/identification", SignIn, "404", "404", "404", "404", "200"),
        new("POST", "registre/{id:guid}/modifier/{section}", $"/registre/{UnknownActivity}/modifier/identification", SignIn, "404", "404", "404", "404", "200",
            Form: new() { ["Version"] = "1", ["Form.Reference"] = "X-1", ["Form.Name"] = "Essai" }),
        new("GET", "organisation-courante", "/organisation-courante", SignIn, "200", "200", "200", "200", "200"),
        // No organisation chosen: none of the person's (404); the platform administrator may work in any, and is sent home.
        new("POST", "organisation-courante", "/organisation-courante", SignIn, "404", "404", "404", "404", "302:/", Form: []),
        new("GET", "organisations", "/organisations", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "organisations/nouveau", "/organisations/nouveau", SignIn, Denied, Denied, Denied, Denied, "200"),
        // An empty form: refused before reading it, or shown again with its errors (nothing created).
        new("POST", "organisations/nouveau", "/organisations/nouveau", SignIn, Denied, Denied, Denied, Denied, "200", Form: []),
        new("GET", "organisations/{id:guid}", "/organisations/{id}", SignIn, "200", "404", "200", "404", "200"),
        new("GET", "organisations/{id:guid}/modifier", "/organisations/{id}/modifier", SignIn, Denied, "404", "200", "404", "200"),
        new("POST", "organisations/{id:guid}/modifier", "/organisations/{id}/modifier", SignIn, Denied, "404", "200", "404", "200",
            Form: new() { ["Version"] = "999", ["Input.Kind"] = "Commune", ["Input.Name"] = "Essai" }), // stale version: shown again, nothing saved
        new("GET", "organisations/{id:guid}/membres", "/organisations/{id}/membres", SignIn, Denied, "404", "200", "404", "200"),
        // No address: refused before anything, or shown again with its error (nobody invited).
        new("POST", "organisations/{id:guid}/membres", "/organisations/{id}/membres", SignIn, Denied, "404", "200", "404", "200", Form: []),
        new("GET", "invitation", "/invitation", "200", "200", "200", "200", "200", "200"),
        new("GET", "/api/v1/organizations/", "/api/v1/organizations", "401", "200", "200", "200", "200", "200"),
        new("GET", "/api/v1/organizations/{id:guid}", "/api/v1/organizations/{id}", "401", "200", "404", "200", "404", "200"),
        new("POST", "/api/v1/organizations/", "/api/v1/organizations", "401", "403", "403", "403", "403", "400", Json: new { }),
        new("PUT", "/api/v1/organizations/{id:guid}", "/api/v1/organizations/{id}", "401", "403", "404", "409", "404", "409",
            Json: new { version = 999, organization = new { kind = "Commune", name = "Essai" } }), // stale version: nothing saved
    ];

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task EveryRoute_EveryPersona_AsWrittenInTheMatrix(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var ct = TestContext.Current.CancellationToken;

        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "").Distinct().ToList();
        var missing = mapped.Where(route => Matrix.All(r => r.Route != route)).ToList();
        Assert.True(missing.Count == 0, "Routes without a row in the authorisation matrix: " + string.Join(", ", missing));

        Guid own, foreign;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var create = scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>();
            own = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune d'Achicourt" }, ct)).Value;
            foreign = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune de Beaurains" }, ct)).Value;
        }
        var personas = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = factory.CreateClient(new() { AllowAutoRedirect = false }),
            ["reader"] = await SignedIn(factory, await TestAccounts.CreateAsync(factory.Services, "lecteur@achicourt.example", memberships: (own, OrganizationRoles.Reader))),
            ["admin"] = await SignedIn(factory, await TestAccounts.CreateAsync(factory.Services, "admin@achicourt.example", memberships: (own, OrganizationRoles.Admin))),
            ["platform"] = await SignedIn(factory, await TestAccounts.CreateAsync(factory.Services, "plateforme@egide.example", platformAdmin: true)),
        };

        var failures = new List<string>();
        foreach (var row in Matrix)
        {
            foreach (var (persona, target, expected) in new[]
            {
                ("anonymous", own, row.Anonymous),
                ("reader", own, row.ReaderOwn), ("reader", foreign, row.ReaderForeign),
                ("admin", own, row.AdminOwn), ("admin", foreign, row.AdminForeign),
                ("platform", foreign, row.PlatformAdmin),
            })
            {
                var actual = await Call(personas[persona], row, row.Path.Replace("{id}", target.ToString(), StringComparison.Ordinal), ct);
                if (actual != expected)
                {
                    failures.Add($"{row.Method} {row.Path} as {persona} ({(target == own ? "own" : "foreign")}): expected {expected}, got {actual}");
                }
            }
        }
        foreach (var client in personas.Values)
        {
            client.Dispose();
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static async Task<HttpClient> SignedIn(EgideWebFactory factory, TestAccount account)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);
        return client;
    }

    private static async Task<string> Call(HttpClient client, Row row, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(path, UriKind.Relative));
        if (row.Json is not null)
        {
            request.Content = JsonContent.Create(row.Json);
        }
        else if (row.Form is not null)
        {
            // A genuine antiforgery token of this person, taken from a page anyone may open.
            var page = await HtmlPage.GetAsync(client, "/deconnexion");
            var token = page.FormValues("main form[method=post]")["__egide_af"];
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>(row.Form) { ["__egide_af"] = token });
        }
        using var response = await client.SendAsync(request, ct);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
            return $"{status}:{target}";
        }
        return status;
    }
}
