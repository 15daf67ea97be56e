using System.Net;
using Egide.Core.Account;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Register;

/// <summary>The register and one of its entries as PDF files, from the register's pages.</summary>
public sealed class RegisterPdfPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Guid> CreateAsync(IServiceProvider services, Guid org, string reference, string name) =>
        await PrivacyTestData.InAsync(services, org, async sp =>
        {
            var create = ActivatorUtilities.CreateInstance<CreateProcessingActivity.Handler>(sp, TimeProvider.System);
            var created = await create.Handle(new ActivityInput { Reference = reference, Name = name }, PrivacyTestData.Keeper, Ct);
            Assert.True(created.IsSuccess, created.Failure?.ToString());
            return created.Value;
        });

    private static async Task AssertPdfAttachment(HttpResponseMessage response, string namePattern)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(namePattern, disposition.FileNameStar ?? disposition.FileName!.Trim('"'));
        Assert.Equal("%PDF-"u8.ToArray(), (await response.Content.ReadAsByteArrayAsync(Ct))[..5]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_PdfAsMember_Attachment(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        await CreateAsync(factory.Services, agny, "RH-001", "Gestion de la paie");
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (agny, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        using var now = await client.GetAsync(new Uri("/registre/export?format=pdf", UriKind.Relative), Ct);
        using var then = await client.GetAsync(new Uri("/registre/export?format=pdf&date=2026-01-31", UriKind.Relative), Ct);
        var page = await HtmlPage.GetAsync(client, "/registre");

        await AssertPdfAttachment(now, @"^registre-commune-d-agny-\d{4}-\d{2}-\d{2}\.pdf$");
        await AssertPdfAttachment(then, @"^registre-commune-d-agny-2026-01-31\.pdf$");
        Assert.NotNull(page.Document.QuerySelector("a[href='/registre/export?format=pdf']"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ActivityPdf_OwnEntryOrAnotherOrganizations_FileOr404(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var agny = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune d'Agny");
        var beaurains = await PrivacyTestData.OrganizationAsync(factory.Services, "Commune de Beaurains");
        var ours = await CreateAsync(factory.Services, agny, "RH-001", "Gestion de la paie");
        var theirs = await CreateAsync(factory.Services, beaurains, "VP-001", "Vidéoprotection de Beaurains");
        var reader = await TestAccounts.CreateAsync(factory.Services, "lecteur@agny.example", memberships: (agny, OrganizationRoles.Reader));
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(reader);

        var details = await HtmlPage.GetAsync(client, $"/registre/{ours}");
        using var own = await client.GetAsync(new Uri($"/registre/{ours}/pdf", UriKind.Relative), Ct);
        using var foreign = await client.GetAsync(new Uri($"/registre/{theirs}/pdf", UriKind.Relative), Ct);

        Assert.Contains("Télécharger en PDF", details.Document.QuerySelector($"a[href='/registre/{ours}/pdf']")?.TextContent, StringComparison.Ordinal);
        await AssertPdfAttachment(own, @"^fiche-rh-001-\d{4}-\d{2}-\d{2}\.pdf$");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
