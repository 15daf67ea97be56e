using System.Net;
using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Account;

/// <summary>A forgotten password, through a real mail read back from the SMTP server that ./test.sh starts.</summary>
public sealed partial class PasswordResetTests
{
    private const string NewPassword = "une toute nouvelle phrase de passe";

    private static async Task<string> RequestLinkAsync(HttpClient client, string email)
    {
        var form = await HtmlPage.GetAsync(client, "/mot-de-passe-oublie");
        var sent = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string> { ["Email"] = email }));
        Assert.Contains("Si un compte existe", sent.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var mail = Assert.Single(await TestSmtp.WaitForAsync(email));
        Assert.Equal("Egide : choisir un nouveau mot de passe", mail.Subject);
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
        Assert.Equal("localhost:5080", link.Authority); // EGIDE_PUBLIC_URL, not the request's Host header
        return link.PathAndQuery;
    }

    private static async Task<HttpResponseMessage> ChooseAsync(HttpClient client, string link, string password, string? confirmation = null)
    {
        var page = await HtmlPage.GetAsync(client, link);
        return await page.SubmitAsync(client, new Dictionary<string, string> { ["Password"] = password, ["Confirmation"] = confirmation ?? password });
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Reset_LinkByMail_NewPasswordWorks_LinkWorksOnce(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database, settings: TestSmtp.Configuration());
        var account = await TestAccounts.CreateAsync(factory.Services, TestSmtp.NewRecipient("agent"));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var link = await RequestLinkAsync(client, account.Email);
        var weak = await HtmlPage.ParseAsync(await ChooseAsync(client, link, "motdepasse2026"));
        Assert.Contains("trop courant", weak.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        using var chosen = await ChooseAsync(client, link, NewPassword);

        Assert.Equal("/connexion", chosen.Headers.Location!.OriginalString);
        await client.SignInAsync(account with { Password = NewPassword });
        using var other = factory.CreateClient(new() { AllowAutoRedirect = false });
        var reused = await HtmlPage.ParseAsync(await ChooseAsync(other, link, "encore une autre phrase de passe"));
        Assert.Contains("n'est plus valable", reused.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Reset_UnknownAddress_SameAnswerAndNoMail(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database, settings: TestSmtp.Configuration());
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var nobody = TestSmtp.NewRecipient("personne");

        var form = await HtmlPage.GetAsync(client, "/mot-de-passe-oublie");
        var sent = await HtmlPage.ParseAsync(await form.SubmitAsync(client, new Dictionary<string, string> { ["Email"] = nobody }));

        Assert.Contains("Si un compte existe", sent.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        await using var db = database.CreateDb();
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.To == nobody, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reset_ExpiredLink_Refused()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var factory = new EgideWebFactory(database, settings: TestSmtp.Configuration(),
            services: s => s.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromMilliseconds(1)));
        var account = await TestAccounts.CreateAsync(factory.Services, TestSmtp.NewRecipient("agent"));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var link = await RequestLinkAsync(client, account.Email);
        var expired = await HtmlPage.ParseAsync(await ChooseAsync(client, link, NewPassword));

        Assert.Equal(HttpStatusCode.OK, expired.Status);
        Assert.Contains("n'est plus valable", expired.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"http://localhost:5080/reinitialiser-mot-de-passe\?\S+")]
    private static partial Regex LinkPattern();
}
