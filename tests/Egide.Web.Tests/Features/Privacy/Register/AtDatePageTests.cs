using System.Net;
using Egide.Core.Account;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Register;

public sealed class AtDatePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ActivityInput Activity(string name) => new() { Reference = "RH-001", Name = name, Role = ProcessingRole.Controller };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AtDate_AfterRename_ShowsTheNameOfThatDay(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        // Created on 10 January 2025, renamed on 1 February 2025 at 00:30 in Paris (31 January, 23:30 UTC).
        var id = await PrivacyTestData.InAsync(factory.Services, org, async sp =>
        {
            var create = ActivatorUtilities.CreateInstance<CreateProcessingActivity.Handler>(sp, TestClock.At(2025, 1, 10));
            var created = await create.Handle(Activity("Gestion de la paie"), PrivacyTestData.Keeper, Ct);
            Assert.True(created.IsSuccess, created.Failure?.ToString());
            return created.Value;
        });
        await PrivacyTestData.InAsync(factory.Services, org, async sp =>
        {
            var update = ActivatorUtilities.CreateInstance<UpdateProcessingActivity.Handler>(sp, TestClock.At(2025, 1, 31, 23, 30));
            var updated = await update.Handle(new UpdateProcessingActivity.Command(id, 1, Activity("Paie et carrières"), "Identification"), PrivacyTestData.Keeper, Ct);
            Assert.True(updated.IsSuccess, updated.Failure?.ToString());
            return updated.Value;
        });
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (org, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        var before = await HtmlPage.GetAsync(client, "/registre/a-date?date=2025-01-31");
        var after = await HtmlPage.GetAsync(client, "/registre/a-date?date=2025-02-01");
        var earlier = await HtmlPage.GetAsync(client, "/registre/a-date?date=09/01/2025");

        Assert.Equal(HttpStatusCode.OK, before.Status);
        var row = before.Document.QuerySelector("tbody tr")!;
        Assert.Equal(["RH-001", "Gestion de la paie", "Brouillon", "1", "10/01/2025 à 13 h 00"],
            row.Children.Select(c => c.TextContent.Trim()));
        Assert.Equal($"/registre/{id}", row.QuerySelector("th a")!.GetAttribute("href"));
        Assert.Equal("2025-01-31", before.Document.QuerySelector("#Date")!.GetAttribute("value"));
        Assert.Contains(before.Document.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/registre/export?format=cnil&date=2025-01-31");
        Assert.Equal(["RH-001", "Paie et carrières", "Brouillon", "2", "01/02/2025 à 0 h 30"],
            after.Document.QuerySelector("tbody tr")!.Children.Select(c => c.TextContent.Trim()));
        Assert.Empty(earlier.Document.QuerySelectorAll("tbody tr"));
        Assert.Contains("0 fiche au registre", earlier.Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AtDate_FutureOrNotADate_FrenchMessage(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var org = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (org, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        var future = await HtmlPage.GetAsync(client, $"/registre/a-date?date={DateTime.UtcNow.AddDays(3):yyyy-MM-dd}");
        var garbage = await HtmlPage.GetAsync(client, "/registre/a-date?date=31-02-banane");
        var today = await HtmlPage.GetAsync(client, $"/registre/a-date?date={Egide.Core.Common.FrenchFormat.ToParis(DateTime.UtcNow):yyyy-MM-dd}");

        Assert.Contains("est dans le futur", future.Document.QuerySelector("#Date-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(future.Document.QuerySelector("table"));
        Assert.Contains("« 31-02-banane » n'est pas une date", garbage.Document.QuerySelector("#Date-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", garbage.Document.QuerySelector("#Date")!.GetAttribute("aria-invalid"));
        Assert.Null(today.Document.QuerySelector("#Date-error"));
        Assert.Contains("0 fiche au registre", today.Text, StringComparison.Ordinal);
    }
}
