using System.Net;
using System.Text;
using System.Text.Json;
using Egide.Testing;
using Egide.Web.Infrastructure;
using Xunit;

namespace Egide.Web.Tests.Infrastructure;

/// <summary>What every response carries, and how errors look to people and to API clients.</summary>
public sealed class PipelineTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private EgideWebFactory _factory = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Db.Sqlite);
        _factory = new EgideWebFactory(_database);
        _client = await _factory.AdminClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/organisations")]
    [InlineData("/page-qui-n-existe-pas")]
    [InlineData("/api/v1/organizations")]
    [InlineData("/health")]
    [InlineData("/css/site.css")]
    public async Task AnyResponse_CarriesTheSecurityHeaders(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Https_Response_CarriesHsts()
    {
        using var https = _factory.CreateClient(new() { BaseAddress = new Uri("https://egide.example") });
        using var response = await https.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPage_FrenchErrorPage404()
    {
        var page = await HtmlPage.GetAsync(_client, "/page-qui-n-existe-pas");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("text/html", page.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page ou ressource introuvable", page.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("fr", page.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task UnknownApiRoute_ProblemDetails404InFrench()
    {
        using var response = await _client.GetAsync(new Uri("/api/v1/inconnu", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Page ou ressource introuvable", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task OversizedApiBody_413ProblemDetails()
    {
        var body = "{\"name\":\"" + new string('a', (int)WebServices.MaxRequestBodyBytes) + "\"}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/api/v1/organizations", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Envoi trop volumineux", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("Rien n'a été enregistré", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedForm_FrenchErrorPage413()
    {
        var form = await HtmlPage.GetAsync(_client, "/organisations/nouveau");
        using var response = await form.SubmitAsync(_client, new Dictionary<string, string>
        {
            ["Input.Kind"] = "Commune",
            ["Input.Name"] = new string('a', (int)WebServices.MaxRequestBodyBytes),
        });
        var page = await HtmlPage.ParseAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.Status);
        Assert.Contains("Envoi trop volumineux", page.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_400ProblemDetails()
    {
        using var content = new StringContent("{ \"name\": ", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/api/v1/organizations", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Requête invalide", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Health_Healthy()
    {
        using var response = await _client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheOrganizationsApi()
    {
        using var response = await _client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/organizations", out var collection));
        Assert.True(collection.TryGetProperty("get", out _));
        Assert.True(collection.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/organizations/{id}", out var item));
        Assert.True(item.TryGetProperty("put", out _));
    }

    [Fact]
    public async Task Layout_HasSkipLinkLandmarksAndModuleNavigation()
    {
        var page = await HtmlPage.GetAsync(_client, "/");
        var skip = page.Document.QuerySelector("body > a.skip-link")!;
        Assert.Equal("#contenu", skip.GetAttribute("href"));
        Assert.NotNull(page.Document.QuerySelector("main#contenu"));
        Assert.NotNull(page.Document.QuerySelector("header"));
        Assert.NotNull(page.Document.QuerySelector("footer"));
        var nav = page.Document.QuerySelector("nav[aria-label='Navigation principale']")!;
        var links = nav.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Accueil", "Tableau de bord", "Organismes", "Registre RGPD", "Demandes de droits", "Violations de données", "Échanges sécurisés", "Entraide cyber", "Programme sécurité", "Conventions"], links);
        Assert.Empty(page.Document.QuerySelectorAll("[style]"));
        Assert.Empty(page.Document.QuerySelectorAll("script:not([src])"));
    }

    [Theory]
    [InlineData("echanges-securises", "Échanges sécurisés")]
    [InlineData("conventions", "Conventions")]
    public async Task ModulePage_SaysWhatTheModuleWillCover(string slug, string title)
    {
        var page = await HtmlPage.GetAsync(_client, "/modules/" + slug);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(title, page.Document.QuerySelector("h1")!.TextContent);
        Assert.Equal("page", page.Document.QuerySelector($"nav a[href='/modules/{slug}']")!.GetAttribute("aria-current"));
    }

    [Fact]
    public async Task ModulePage_OfABuiltModule_SendsToTheModule()
    {
        using var response = await _client.GetAsync(new Uri("/modules/registre-rgpd", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/registre", response.Headers.Location!.OriginalString);
    }
}
