using System.Net;
using Egide.Core.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Xunit;

namespace Egide.Testing;

/// <param name="TotpKey">The authenticator key when a second factor is enrolled.</param>
public sealed record TestAccount(Guid Id, string Email, string Password, string? TotpKey)
{
    /// <summary>The code an authenticator app shows now (or at another instant).</summary>
    public string Code(DateTime? utc = null) =>
        new Totp(Base32Encoding.ToBytes(TotpKey ?? throw new InvalidOperationException("No second factor"))).ComputeTotp(utc ?? DateTime.UtcNow);
}

/// <summary>People for tests, made through the application's own services and signed in through its own pages.</summary>
public static class TestAccounts
{
    public const string Password = "cheval agrafe batterie correcte";

    public static async Task<TestAccount> CreateAsync(
        IServiceProvider services, string email, bool platformAdmin = false, bool? secondFactor = null,
        params (Guid Organization, OrganizationRoles Roles)[] memberships)
    {
        await using var scope = services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<CreateUser.Handler>()
            .Handle(new CreateUser.Command(email, "Personne " + email.Split('@')[0], Password, platformAdmin), TestContext.Current.CancellationToken);
        Assert.True(created.IsSuccess, created.Failure?.ToString());
        foreach (var (organization, roles) in memberships)
        {
            var added = await scope.ServiceProvider.GetRequiredService<AddMembership.Handler>()
                .Handle(new AddMembership.Command(created.Value.Id, organization, roles), TestContext.Current.CancellationToken);
            Assert.True(added.IsSuccess, added.Failure?.ToString());
        }

        string? key = null;
        var needsSecondFactor = platformAdmin || memberships.Any(m => (m.Roles & OrganizationRoleNames.RequireSecondFactor) != 0);
        if (secondFactor ?? needsSecondFactor)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<EgideUser>>();
            var user = (await users.FindByIdAsync(created.Value.Id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return new TestAccount(created.Value.Id, email, Password, key);
    }

    /// <summary>Signs the client in through /connexion (and /connexion/code with the current TOTP code).</summary>
    public static async Task SignInAsync(this HttpClient client, TestAccount account)
    {
        var form = await HtmlPage.GetAsync(client, "/connexion");
        using var response = await form.SubmitAsync(client, new Dictionary<string, string> { ["Email"] = account.Email, ["Password"] = account.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (response.Headers.Location!.OriginalString.StartsWith("/connexion/code", StringComparison.Ordinal))
        {
            var codePage = await HtmlPage.GetAsync(client, response.Headers.Location.OriginalString);
            using var second = await codePage.SubmitAsync(client, new Dictionary<string, string> { ["Code"] = account.Code() });
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
            Assert.DoesNotContain("/connexion", second.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    /// <summary>A client of the factory signed in as a new platform administrator.</summary>
    public static async Task<HttpClient> AdminClientAsync(this EgideWebFactory factory, string email = "admin.tests@egide.example")
    {
        var admin = await CreateAsync(factory.Services, email, platformAdmin: true);
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(admin);
        return client;
    }
}
