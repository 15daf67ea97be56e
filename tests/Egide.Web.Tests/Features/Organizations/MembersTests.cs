using System.Net;
using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Organizations;

/// <summary>An organisation's Admin invites people; the invitation comes by a real mail.</summary>
public sealed partial class MembersTests
{
    private const string Password = "la citadelle de vauban à arras";

    private static async Task<(EgideWebFactory Factory, Guid Organization, HttpClient Admin)> PrepareAsync(TestDatabase database)
    {
        var factory = new EgideWebFactory(database, settings: TestSmtp.Configuration());
        Guid organization;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            organization = (await scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>()
                .Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune d'Achicourt" }, TestContext.Current.CancellationToken)).Value;
        }
        var admin = await TestAccounts.CreateAsync(factory.Services, "admin@achicourt.example", memberships: (organization, OrganizationRoles.Admin));
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(admin);
        return (factory, organization, client);
    }

    private static async Task<HttpResponseMessage> InviteAsync(HttpClient client, Guid organization, string email, string name, params OrganizationRoles[] roles)
    {
        var page = await HtmlPage.GetAsync(client, $"/organisations/{organization}/membres");
        var form = page.FormValues("main form[method=post]");
        var fields = form.Where(f => f.Key == "__egide_af").Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();
        fields.Add(new("Email", email));
        fields.Add(new("DisplayName", name));
        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("Roles", r.ToString())));
        return await client.PostAsync(new Uri($"/organisations/{organization}/membres", UriKind.Relative), new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Invite_NewPerson_MailLinkSetsPasswordOnce_ThenSignsIn(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (factory, organization, admin) = await PrepareAsync(database);
        await using var _ = factory;
        using var __ = admin;
        var email = TestSmtp.NewRecipient("nouvelle-referente");

        using var invited = await InviteAsync(admin, organization, email, "Nina Lefort", OrganizationRoles.PrivacyReferent, OrganizationRoles.Reader);

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var list = await HtmlPage.GetAsync(admin, $"/organisations/{organization}/membres");
        Assert.Contains("Invitation envoyée", list.Document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("invitation en attente", list.Text, StringComparison.Ordinal);
        var mail = Assert.Single(await TestSmtp.WaitForAsync(email));
        Assert.Equal("Egide : invitation de Commune d'Achicourt", mail.Subject);
        Assert.Contains("Référent RGPD, Lecteur", mail.TextBody, StringComparison.Ordinal);
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value).PathAndQuery;

        using var visitor = factory.CreateClient(new() { AllowAutoRedirect = false });
        var accept = await HtmlPage.GetAsync(visitor, link);
        using var accepted = await accept.SubmitAsync(visitor, new Dictionary<string, string> { ["Password"] = Password, ["Confirmation"] = Password });
        Assert.Equal("/connexion", accepted.Headers.Location!.OriginalString);
        await visitor.SignInAsync(new TestAccount(Guid.Empty, email, Password, null));
        Assert.Contains("Commune d'Achicourt", (await HtmlPage.GetAsync(visitor, "/organisations")).Text, StringComparison.Ordinal);

        var again = await HtmlPage.ParseAsync(await (await HtmlPage.GetAsync(visitor, link)).SubmitAsync(visitor,
            new Dictionary<string, string> { ["Password"] = "une autre phrase de passe", ["Confirmation"] = "une autre phrase de passe" }));
        Assert.Contains("n'est plus valable", again.Document.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Invite_ExistingPerson_RolesAddedAndToldByMail(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (factory, organization, admin) = await PrepareAsync(database);
        await using var _ = factory;
        using var __ = admin;
        var existing = await TestAccounts.CreateAsync(factory.Services, TestSmtp.NewRecipient("deja-la"));

        using var invited = await InviteAsync(admin, organization, existing.Email.ToUpperInvariant(), "", OrganizationRoles.Reader);

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var mail = Assert.Single(await TestSmtp.WaitForAsync(existing.Email));
        Assert.Equal("Egide : vos rôles dans Commune d'Achicourt", mail.Subject);
        await using var db = database.CreateDb();
        Assert.Equal(OrganizationRoles.Reader, (await db.Memberships.SingleAsync(m => m.UserId == existing.Id, TestContext.Current.CancellationToken)).Roles);
        Assert.Equal(2, await db.Users.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Invite_BadAddressOrNoRole_FrenchErrorsNothingCreated(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (factory, organization, admin) = await PrepareAsync(database);
        await using var _ = factory;
        using var __ = admin;

        var page = await HtmlPage.ParseAsync(await InviteAsync(admin, organization, "pas-une-adresse", "Quelqu'un"));

        var summary = page.Document.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("n'est pas une adresse électronique valide", summary, StringComparison.Ordinal);
        Assert.Contains("Cochez au moins un rôle", summary, StringComparison.Ordinal);
        await using var db = database.CreateDb();
        Assert.Equal(1, await db.Users.CountAsync(TestContext.Current.CancellationToken));
        Assert.False(await db.OutboxMessages.AnyAsync(TestContext.Current.CancellationToken));
    }

    [GeneratedRegex(@"http://localhost:5080/invitation\?\S+")]
    private static partial Regex LinkPattern();
}
