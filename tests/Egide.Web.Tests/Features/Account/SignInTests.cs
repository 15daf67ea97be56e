using System.Net;
using Egide.Core.Account;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Account;

public sealed class SignInTests
{
    private static async Task<HttpResponseMessage> PostPassword(HttpClient client, string email, string password, string retour = "")
    {
        var form = await HtmlPage.GetAsync(client, "/connexion" + (retour.Length > 0 ? "?retour=" + Uri.EscapeDataString(retour) : ""));
        return await form.SubmitAsync(client, new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task WrongPassword_FrenchMessage_FiveFailuresLockTheAccount(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var account = await TestAccounts.CreateAsync(factory.Services, "agent@mairie.example");
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var first = await HtmlPage.ParseAsync(await PostPassword(client, account.Email, "pas le bon mot de passe"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains(SignInModelMessages.WrongCredentials, first.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Erreur : ", first.Document.Title, StringComparison.Ordinal);
        for (var i = 2; i <= AccountServices.MaxFailedAttempts; i++)
        {
            await PostPassword(client, account.Email, "toujours pas le bon");
        }

        // Locked: even the right password is refused now.
        var locked = await HtmlPage.ParseAsync(await PostPassword(client, account.Email, account.Password));
        Assert.Contains("Compte verrouillé", locked.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EgideUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(account.Email))!));
    }

    [Fact]
    public async Task UnknownEmail_SameMessageAsWrongPassword()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var page = await HtmlPage.ParseAsync(await PostPassword(client, "personne@nulle-part.example", "un mot de passe quelconque"));
        Assert.Contains(SignInModelMessages.WrongCredentials, page.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/organisations", "/organisations")]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    public async Task ReturnUrl_OnlyLocalPaths(string retour, string expected)
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        var account = await TestAccounts.CreateAsync(factory.Services, "agent@mairie.example");
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await PostPassword(client, account.Email, account.Password, retour);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SecondFactor_WrongThenReplayedCodeRefused_FreshCodeAccepted(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var admin = await TestAccounts.CreateAsync(factory.Services, "admin@egide.example", platformAdmin: true);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var password = await PostPassword(client, admin.Email, admin.Password);
        Assert.StartsWith("/connexion/code", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // Before the second factor, nothing is open.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/organisations", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        var codePage = await HtmlPage.GetAsync(client, password.Headers.Location.OriginalString);
        var wrong = await HtmlPage.ParseAsync(await codePage.SubmitAsync(client, new Dictionary<string, string> { ["Code"] = "000000" == admin.Code() ? "111111" : "000000" }));
        Assert.Contains("n'est pas valable", wrong.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        var now = DateTime.UtcNow;
        var code = admin.Code(now);
        using var accepted = await wrong.SubmitAsync(client, new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal("/", accepted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await HtmlPage.GetAsync(client, "/organisations")).Status);

        // Another session tries the same code again: refused, even within its 30 seconds.
        using var other = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var again = await PostPassword(other, admin.Email, admin.Password);
        var otherCode = await HtmlPage.GetAsync(other, again.Headers.Location!.OriginalString);
        var replayed = await HtmlPage.ParseAsync(await otherCode.SubmitAsync(other, new Dictionary<string, string> { ["Code"] = code }));
        Assert.Contains("déjà utilisé", replayed.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RoleRequiringSecondFactor_WithoutOne_EveryPageLeadsToEnrolment_ThenEnrolled(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        Guid organization;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            organization = (await scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>()
                .Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune d'Arras" }, TestContext.Current.CancellationToken)).Value;
        }
        var dpo = await TestAccounts.CreateAsync(factory.Services, "dpo@arras.example", secondFactor: false, memberships: (organization, OrganizationRoles.Dpo));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(dpo);

        using var blocked = await client.GetAsync(new Uri("/organisations", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("/compte/double-authentification", blocked.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(new Uri("/api/v1/organizations", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        var enrol = await HtmlPage.GetAsync(client, "/compte/double-authentification");
        Assert.StartsWith("data:image/svg+xml;base64,", enrol.Document.QuerySelector("img.qr")!.GetAttribute("src"), StringComparison.Ordinal);
        var key = enrol.Document.QuerySelector("code.key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);
        var done = await HtmlPage.ParseAsync(await enrol.SubmitAsync(client, new Dictionary<string, string> { ["Code"] = code }));

        Assert.Equal(10, done.Document.QuerySelectorAll("ul.codes li").Length);
        Assert.Equal(HttpStatusCode.OK, (await HtmlPage.GetAsync(client, "/organisations")).Status);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task EnrolmentPageOpened_SessionSurvivesTheStampCheck(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // Check the security stamp at every request, so the test need not wait a minute.
        await using var factory = new EgideWebFactory(database, services: s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        var account = await TestAccounts.CreateAsync(factory.Services, "agent@mairie.example", secondFactor: false);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);

        // Opening the page makes a key, which changes the security stamp; the page's own session must keep going.
        Assert.Equal(HttpStatusCode.OK, (await HtmlPage.GetAsync(client, "/compte/double-authentification")).Status);

        Assert.Equal(HttpStatusCode.OK, (await HtmlPage.GetAsync(client, "/compte")).Status);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SignOutEverywhere_OtherSessionsClosed(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // Check the security stamp at every request, so the test need not wait a minute.
        await using var factory = new EgideWebFactory(database, services: s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        var account = await TestAccounts.CreateAsync(factory.Services, "agent@mairie.example");
        using var laptop = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var phone = factory.CreateClient(new() { AllowAutoRedirect = false });
        await laptop.SignInAsync(account);
        await phone.SignInAsync(account);
        Assert.Equal(HttpStatusCode.OK, (await HtmlPage.GetAsync(phone, "/compte")).Status);

        var page = await HtmlPage.GetAsync(laptop, "/compte");
        using var signedOut = await page.SubmitAsync(laptop, new Dictionary<string, string>(), "main form[method=post]");

        Assert.Equal("/connexion", signedOut.Headers.Location!.OriginalString);
        using var later = await phone.GetAsync(new Uri("/compte", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Equal("/connexion", later.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task IdleSession_EndsAfterThirtyMinutes_ActivityKeepsItAlive()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var factory = new EgideWebFactory(database, services: s =>
            s.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o => o.TimeProvider = clock));
        var account = await TestAccounts.CreateAsync(factory.Services, "agent@mairie.example");
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);

        clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/compte", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(25)); // 50 minutes after sign-in, 25 after the last request
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/compte", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        clock.Advance(Egide.Web.Infrastructure.Authentication.IdleTimeout + TimeSpan.FromMinutes(1));

        using var idle = await client.GetAsync(new Uri("/compte", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.Equal("/connexion", idle.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task SignInPage_RateLimited()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var form = await HtmlPage.GetAsync(client, "/connexion");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= Egide.Web.Infrastructure.Authentication.SignInAttemptsPerWindow; i++)
        {
            using var response = await form.SubmitAsync(client, new Dictionary<string, string> { ["Email"] = $"essai{i}@ailleurs.example", ["Password"] = "devinette devinette" });
            statuses.Add(response.StatusCode);
        }
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        // Reading the page is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await HtmlPage.GetAsync(client, "/connexion")).Status);
    }
}

internal static class SignInModelMessages
{
    public const string WrongCredentials = Egide.Web.Features.Account.SignInModel.WrongCredentials;
}
