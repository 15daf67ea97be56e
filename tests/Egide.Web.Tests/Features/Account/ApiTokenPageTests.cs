using System.Net;
using System.Net.Http.Headers;
using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Organizations;
using Egide.Testing;
using Egide.Web.Features.Account;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Account;

/// <summary>/compte/jetons: a person's own API tokens, created, listed and revoked from the web.</summary>
public sealed class ApiTokenPageTests
{
    private const string Page = "/compte/jetons";
    private const string CreateForm = "#new-token-form";

    /// <param name="Agent">Reader and privacy referent in <paramref name="Own"/> (no second factor needed), nothing in <paramref name="Foreign"/>.</param>
    /// <param name="Colleague">Reader in <paramref name="Own"/> too: someone else whose tokens the agent must not reach.</param>
    private sealed record Setup(EgideWebFactory Factory, Guid Own, Guid Foreign, TestAccount Agent, TestAccount Colleague);

    private static async Task<Setup> Prepare(TestDatabase database)
    {
        var factory = new EgideWebFactory(database);
        var ct = TestContext.Current.CancellationToken;
        Guid own, foreign;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var create = scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>();
            own = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune d'Achicourt", Siren = "216200048" }, ct)).Value;
            foreign = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune de Beaurains", Siren = "216200998" }, ct)).Value;
        }
        var agent = await TestAccounts.CreateAsync(factory.Services, "agent@achicourt.example",
            memberships: (own, OrganizationRoles.Reader | OrganizationRoles.PrivacyReferent));
        var colleague = await TestAccounts.CreateAsync(factory.Services, "collegue@achicourt.example", memberships: (own, OrganizationRoles.Reader));
        return new Setup(factory, own, foreign, agent, colleague);
    }

    private static async Task<HttpClient> SignedIn(Setup setup, TestAccount account)
    {
        var client = setup.Factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);
        return client;
    }

    /// <summary>Fills the creation form as a browser would (several "Roles" when several boxes are ticked) and posts it.</summary>
    private static async Task<HtmlPage> PostCreate(HttpClient client, string name, Guid organization, IEnumerable<string> roles, string days)
    {
        var form = await HtmlPage.GetAsync(client, Page);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var values = form.FormValues(CreateForm)
            .Where(v => v.Key is not ("Name" or "OrganizationId" or "Roles" or "LifetimeDays"))
            .ToList();
        values.Add(new("Name", name));
        values.Add(new("OrganizationId", organization.ToString()));
        values.AddRange(roles.Select(r => new KeyValuePair<string, string>("Roles", r)));
        values.Add(new("LifetimeDays", days));
        using var content = new FormUrlEncodedContent(values);
        return await HtmlPage.ParseAsync(await client.PostAsync(new Uri(Page, UriKind.Relative), content, TestContext.Current.CancellationToken));
    }

    /// <summary>A token made directly through the use case (for someone other than the person at the keyboard, say).</summary>
    private static async Task<CreateApiToken.Created> TokenOf(Setup setup, TestAccount owner, string name)
    {
        await using var scope = setup.Factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CreateApiToken.Handler>()
            .Handle(new CreateApiToken.Command(owner.Id, setup.Own, name, OrganizationRoles.Reader, 30), TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess, result.Failure?.ToString());
        return result.Value;
    }

    private static async Task<HttpStatusCode> ApiStatus(Setup setup, string secret)
    {
        using var client = setup.Factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await client.GetAsync(new Uri("/api/v1/organizations", UriKind.Relative), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static string ErrorSummary(HtmlPage page) =>
        page.Document.QuerySelector(".error-summary")?.TextContent ?? throw new InvalidOperationException("No error summary on the page.");

    private static List<string> RowNames(HtmlPage page) =>
        page.Document.QuerySelectorAll("main table tbody tr th[scope=row]").Select(th => th.TextContent.Trim()).ToList();

    private static AngleSharp.Dom.IElement Row(HtmlPage page, string name) =>
        page.Document.QuerySelectorAll("main table tbody tr")
            .Single(tr => tr.QuerySelector("th[scope=row]")?.TextContent.Trim() == name);

    private static string RowText(HtmlPage page, string name) => Row(page, name).TextContent;

    /// <summary>The "État" column.</summary>
    private static string StateOf(HtmlPage page, string name) => Row(page, name).QuerySelectorAll("td")[6].TextContent.Trim();

    private static string PathOf(Uri location) => location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_SecretShownOnceWorksOnTheApi_NotShownAgain(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await SignedIn(setup, setup.Agent);

        var created = await PostCreate(client, "  export nocturne  ", setup.Own, ["Reader", "PrivacyReferent"], "30");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.True(created.Response.Headers.CacheControl?.NoStore, "The answer holding the secret must not be stored.");
        Assert.Contains(TokensModel.CopyNowWarning, created.Text, StringComparison.Ordinal);
        var field = created.Document.QuerySelector("input#new-token")!;
        Assert.True(field.HasAttribute("readonly"));
        Assert.Equal("new-token", created.Document.QuerySelector("label[for=new-token]")?.GetAttribute("for"));
        var secret = field.GetAttribute("value")!;
        Assert.StartsWith(ApiToken.SecretPrefix, secret, StringComparison.Ordinal);
        Assert.Null(created.Document.QuerySelector(".error-summary"));
        // The form is ready for another token, without the one just made.
        Assert.Equal("", created.FormValues(CreateForm)["Name"]);

        // The secret works as a bearer token, within the organisation and roles given.
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(setup, secret));

        await using (var db = database.CreateDb())
        {
            var token = await db.ApiTokens.SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal((setup.Agent.Id, setup.Own, "export nocturne", OrganizationRoles.Reader | OrganizationRoles.PrivacyReferent),
                (token.UserId, token.OrganizationId, token.Name, token.Roles));
            Assert.Equal(TimeSpan.FromDays(30), token.ExpiresAt - token.CreatedAt);
        }

        // Listed, recognisable by its first characters, but the secret itself is never shown again.
        var reloaded = await HtmlPage.GetAsync(client, Page);
        var html = reloaded.Document.DocumentElement.OuterHtml;
        Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[10..], html, StringComparison.Ordinal);
        Assert.DoesNotContain(TokensModel.CopyNowWarning, reloaded.Text, StringComparison.Ordinal);
        Assert.Null(reloaded.Document.QuerySelector("input#new-token"));
        var row = RowText(reloaded, "export nocturne");
        Assert.Contains("Commune d'Achicourt", row, StringComparison.Ordinal);
        Assert.Contains("Référent RGPD, Lecteur", row, StringComparison.Ordinal);
        Assert.Contains(secret[..10] + "…", row, StringComparison.Ordinal);
        Assert.Equal("actif", StateOf(reloaded, "export nocturne"));
        // Used once by the API call above, at a time shown in Paris.
        Assert.DoesNotContain("jamais", row, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_RoleNotHeld_RefusedWithTheUseCaseMessage_NothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await SignedIn(setup, setup.Agent);

        var page = await PostCreate(client, "export", setup.Own, ["Reader", "Dpo"], "30");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.StartsWith("Erreur : ", page.Document.Title, StringComparison.Ordinal);
        const string message = "Les rôles du jeton doivent être pris parmi ceux de la personne dans l'organisme : Référent RGPD, Lecteur.";
        Assert.Contains(message, ErrorSummary(page), StringComparison.Ordinal);
        Assert.Contains(message, page.Document.QuerySelector("fieldset#Roles .error-message")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("input#new-token"));
        // What was typed and ticked is kept for the correction.
        Assert.Equal("export", page.FormValues(CreateForm)["Name"]);
        Assert.NotNull(page.Document.QuerySelector("input#role-Dpo[checked]"));
        await using var db = database.CreateDb();
        Assert.Empty(db.ApiTokens);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_NameLifetimeOrNoRole_FrenchMessages_NothingSaved(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await SignedIn(setup, setup.Agent);

        var invalid = await PostCreate(client, "", setup.Own, [], "400");
        var notANumber = await PostCreate(client, "export", setup.Own, ["Reader"], "quatre-vingt-dix");

        var summary = ErrorSummary(invalid);
        Assert.Contains("Donnez au jeton un nom", summary, StringComparison.Ordinal);
        Assert.Contains("La durée de validité doit être comprise entre 1 et 366 jours.", summary, StringComparison.Ordinal);
        Assert.Contains("Les rôles du jeton doivent être pris parmi ceux de la personne", summary, StringComparison.Ordinal);
        Assert.Contains("La valeur « quatre-vingt-dix » n'est pas valide.", ErrorSummary(notANumber), StringComparison.Ordinal);
        Assert.Equal("true", notANumber.Document.QuerySelector("#LifetimeDays")!.GetAttribute("aria-invalid"));
        await using var db = database.CreateDb();
        Assert.Empty(db.ApiTokens);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Create_InAnOrganizationNotAMemberOf_Refused_NothingSaved_RefusalRecorded(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await SignedIn(setup, setup.Agent);

        // Only the person's own organisations are offered…
        var form = await HtmlPage.GetAsync(client, Page);
        var offered = form.Document.QuerySelectorAll("select#OrganizationId option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(new[] { setup.Own.ToString() }, offered);
        // …and another one, from a forged form, is refused.
        var page = await PostCreate(client, "export", setup.Foreign, ["Reader"], "30");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Vous n'êtes pas membre de cet organisme", ErrorSummary(page), StringComparison.Ordinal);
        Assert.Null(page.Document.QuerySelector("input#new-token"));
        await using var db = database.CreateDb();
        Assert.Empty(db.ApiTokens);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AccessRefused
            && e.EntityType == "Organization" && e.EntityId == setup.Foreign.ToString("D"), TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Revoke_OwnToken_ConfirmedThenRefusedByTheApi(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await SignedIn(setup, setup.Agent);
        var kept = await TokenOf(setup, setup.Agent, "à garder");
        var revoked = await TokenOf(setup, setup.Agent, "à révoquer");
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(setup, revoked.Secret));

        var list = await HtmlPage.GetAsync(client, Page);
        using var response = await list.SubmitAsync(client, new Dictionary<string, string>(), $"#revoke-{revoked.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Page, response.Headers.Location!.OriginalString);
        var after = await HtmlPage.GetAsync(client, Page);
        Assert.Contains("Jeton « à révoquer » révoqué : il ne donne plus accès à l'API.",
            after.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("révoqué", StateOf(after, "à révoquer"));
        Assert.Null(after.Document.QuerySelector($"#revoke-{revoked.Id}"));
        Assert.NotNull(after.Document.QuerySelector($"#revoke-{kept.Id}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(setup, revoked.Secret));
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(setup, kept.Secret));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Revoke_SomeoneElsesToken_404_TokenStillWorks_RefusalRecorded(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await SignedIn(setup, setup.Agent);
        await TokenOf(setup, setup.Agent, "le mien");
        var theirs = await TokenOf(setup, setup.Colleague, "le sien");

        // The agent's own revocation form, pointed at the colleague's token.
        var list = await HtmlPage.GetAsync(client, Page);
        var ownForm = list.Document.QuerySelector("form.revoke")!.Id!;
        using var response = await list.SubmitAsync(client, new Dictionary<string, string> { ["TokenId"] = theirs.Id.ToString() }, $"#{ownForm}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(setup, theirs.Secret));
        await using var db = database.CreateDb();
        var ct = TestContext.Current.CancellationToken;
        Assert.Null((await db.ApiTokens.SingleAsync(t => t.Id == theirs.Id, ct)).RevokedAt);
        Assert.Equal(2, await db.ApiTokens.CountAsync(t => t.RevokedAt == null, ct));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AccessRefused
            && e.EntityType == "ApiToken" && e.EntityId == theirs.Id.ToString("D"), ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_OwnTokensOnly_WithTheirState(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        var ct = TestContext.Current.CancellationToken;
        using var client = await SignedIn(setup, setup.Agent);
        var active = await TokenOf(setup, setup.Agent, "actif");
        var expired = await TokenOf(setup, setup.Agent, "périmé");
        var revoked = await TokenOf(setup, setup.Agent, "retiré");
        await TokenOf(setup, setup.Colleague, "script d'autrui");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<RevokeApiToken.Handler>().Handle(revoked.Id, setup.Agent.Id, ct)).IsSuccess);
            var db = scope.ServiceProvider.GetRequiredService<Egide.Core.Data.EgideDb>();
            (await db.ApiTokens.SingleAsync(t => t.Id == expired.Id, ct)).ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            await db.SaveChangesAsync(ct);
        }

        var page = await HtmlPage.GetAsync(client, Page);

        Assert.Equal<string>(["actif", "périmé", "retiré"], RowNames(page).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("script d'autrui", page.Text, StringComparison.Ordinal);
        Assert.Equal("actif", StateOf(page, "actif"));
        Assert.Equal("expiré", StateOf(page, "périmé"));
        Assert.Equal("révoqué", StateOf(page, "retiré"));
        // Only an active token can be revoked.
        Assert.Equal(new[] { $"revoke-{active.Id}" }, page.Document.QuerySelectorAll("form.revoke").Select(f => f.Id));
        Assert.NotNull(page.Document.QuerySelector("main table caption"));

        // The colleague sees their own token and none of the agent's.
        using var colleague = await SignedIn(setup, setup.Colleague);
        Assert.Equal<string>(["script d'autrui"], RowNames(await HtmlPage.GetAsync(colleague, Page)));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task BearerToken_DoesNotReachThePage_CannotMintAnotherToken(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        var token = await TokenOf(setup, setup.Agent, "lecture seule");
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        var ct = TestContext.Current.CancellationToken;

        using var get = await client.GetAsync(new Uri(Page, UriKind.Relative), ct);
        using var post = await client.PostAsync(new Uri(Page, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "plus large", ["OrganizationId"] = setup.Own.ToString(), ["Roles"] = "PrivacyReferent", ["LifetimeDays"] = "366",
        }), ct);

        Assert.Equal((HttpStatusCode.Redirect, "/connexion"), (get.StatusCode, PathOf(get.Headers.Location!)));
        Assert.Equal((HttpStatusCode.Redirect, "/connexion"), (post.StatusCode, PathOf(post.Headers.Location!)));
        await using var db = database.CreateDb();
        Assert.Equal(1, await db.ApiTokens.CountAsync(ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AccountPage_LinksToTheTokensPage(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var setup = await Prepare(database);
        await using var factory = setup.Factory;
        using var client = await SignedIn(setup, setup.Agent);

        var account = await HtmlPage.GetAsync(client, "/compte");

        Assert.Contains(account.Document.QuerySelectorAll("h2"), h => h.TextContent == "Jetons d'accès à l'API");
        Assert.NotNull(account.Document.QuerySelector($"main a[href='{Page}']"));
    }
}
