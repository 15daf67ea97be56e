using System.Net;
using System.Text;
using Egide.Core.Account;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Register;

public sealed class ExportPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task CreateAsync(IServiceProvider services, Guid org, string reference, string name) =>
        await PrivacyTestData.InAsync(services, org, async sp =>
        {
            var create = ActivatorUtilities.CreateInstance<CreateProcessingActivity.Handler>(sp, TimeProvider.System);
            var created = await create.Handle(new ActivityInput { Reference = reference, Name = name }, PrivacyTestData.Keeper, Ct);
            Assert.True(created.IsSuccess, created.Failure?.ToString());
            return created.Value;
        });

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_CsvAsMember_AttachmentWithOwnRowsOnly(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var beaurains = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune de Beaurains");
        await CreateAsync(factory.Services, agny, "RH-001", "Gestion de la paie");
        await CreateAsync(factory.Services, beaurains, "VP-001", "Vidéoprotection de Beaurains");
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (agny, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        using var response = await client.GetAsync(new Uri("/registre/export?format=csv", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(@"^registre-commune-d-agny-\d{4}-\d{2}-\d{2}\.csv$", disposition.FileNameStar ?? disposition.FileName!.Trim('"'));
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("Gestion de la paie", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Beaurains", text, StringComparison.Ordinal);
        Assert.DoesNotContain("VP-001", text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_CnilFromTheRegisterPage_OdsInTheCnilModel(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        await CreateAsync(factory.Services, agny, "RH-001", "Gestion de la paie");
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (agny, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        var register = await HtmlPage.GetAsync(client, "/registre");
        var link = register.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Modèle CNIL (ODS)").GetAttribute("href")!;
        using var response = await client.GetAsync(new Uri(link, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.oasis.opendocument.spreadsheet", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Matches(@"^registre-commune-d-agny-\d{4}-\d{2}-\d{2}\.ods$", disposition.FileNameStar ?? disposition.FileName!.Trim('"'));
        var sheets = Egide.Core.Spreadsheets.OdsReader.Read(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        Assert.Equal(["2_-_Liste_des_traitements", "RH-001"], sheets.Select(s => s.Name));
        Assert.Equal("Gestion de la paie", sheets[0][9, 1]!.Text);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_BadFormatOrFutureDate_400WithFrenchMessage(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (agny, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        var format = await HtmlPage.GetAsync(client, "/registre/export?format=ods");
        var future = await HtmlPage.GetAsync(client, "/registre/export?format=csv&date=2999-01-01");
        var garbage = await HtmlPage.GetAsync(client, "/registre/export?format=xlsx&date=banane");

        Assert.Equal(HttpStatusCode.BadRequest, format.Status);
        Assert.Contains("Le format « ods » n'existe pas", format.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, future.Status);
        Assert.Contains("Le 01/01/2999 est dans le futur", future.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.Contains("« banane » n'est pas une date", garbage.Text, StringComparison.Ordinal);
    }
}
