using Egide.Core.Account;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;
using Egide.Testing;
using Egide.Web.Features.Privacy.Register;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Web.Tests.Features.Privacy.Register;

/// <summary>The hourly check raises the alerts that come with the calendar, once, even with two instances running.</summary>
public sealed class RegisterCheckWorkerTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Pass_DeletesImportFilesLeftOverADay_InEveryOrganisation(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 20, 9);
        await using var app = new EgideWebFactory(database, services: s => s.AddSingleton<TimeProvider>(clock));
        var uploads = new List<(Guid Organization, Guid Upload)>();
        foreach (var (name, age) in new[] { ("Commune d'Agny", TimeSpan.FromHours(25)), ("Commune de Beaurains", TimeSpan.FromHours(30)), ("Commune d'Achicourt", TimeSpan.FromHours(2)) })
        {
            await using var scope = app.Services.CreateAsyncScope();
            var organization = (await scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>().Handle(
                new OrganizationInput { Kind = OrganizationKind.Commune, Name = name }, ct)).Value;
            var db = scope.ServiceProvider.GetRequiredService<EgideDb>();
            db.UseOrganization(organization);
            var upload = new Egide.Core.Privacy.Register.Exchange.RegisterImportUpload
            {
                OrganizationId = organization, FileName = "registre.csv", Content = [1, 2, 3], Size = 3,
                UploadedById = Guid.NewGuid(), UploadedAt = clock.GetUtcNow().UtcDateTime - age,
            };
            db.Add(upload);
            await db.SaveChangesAsync(ct);
            uploads.Add((organization, upload.Id));
        }

        await Worker(app).RunOnceAsync(ct);

        await using var check = app.Services.CreateAsyncScope();
        var left = await check.ServiceProvider.GetRequiredService<EgideDb>().Set<Egide.Core.Privacy.Register.Exchange.RegisterImportUpload>()
            .IgnoreQueryFilters([Tenancy.FilterName]).Select(u => u.Id).ToListAsync(ct);
        Assert.Equal([uploads[2].Upload], left);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TwoInstances_AYearWithoutReview_OneAlertOneMailToTheController(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2025, 11, 20, 9);
        void Clock(IServiceCollection s) => s.AddSingleton<TimeProvider>(clock);
        await using var first = new EgideWebFactory(database, services: Clock, settings: TestSmtp.Configuration());
        await using var second = new EgideWebFactory(database, services: Clock, settings: TestSmtp.Configuration());
        var mayorEmail = TestSmtp.NewRecipient("maire");

        Guid organization;
        await using (var scope = first.Services.CreateAsyncScope())
        {
            organization = (await scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>().Handle(new OrganizationInput
            {
                Kind = OrganizationKind.Commune, Name = "Commune d'Agny",
                Referents = [new() { Name = "Bruno Petit", Service = "Accueil", Email = "rgpd@agny.example" }],
            }, ct)).Value;
        }
        await TestAccounts.CreateAsync(first.Services, mayorEmail, memberships: (organization, OrganizationRoles.Controller));
        await using (var scope = first.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<EgideDb>().UseOrganization(organization);
            var created = await scope.ServiceProvider.GetRequiredService<CreateProcessingActivity.Handler>().Handle(new ActivityInput
            {
                Reference = "EC-001",
                Name = "État civil",
                Content = new ActivityContent
                {
                    MainPurpose = "Tenue des actes de l'état civil",
                    LegalBasisCode = "c",
                    LegalBasisJustification = "Code civil, art. 34 et suivants",
                    DataCategories = [new() { CategoryCode = "etat-civil", RetentionPeriod = "75 ans", FinalFate = FinalFate.PublicArchives }],
                    DataSubjects = [new() { CategoryCode = "administres" }],
                },
            }, RegisterActor.System, ct);
            Assert.True(created.IsSuccess, created.Failure?.ToString());
        }
        // Nothing to say today.
        Assert.Equal(0, await Worker(first).RunOnceAsync(ct));

        clock.Advance(TimeSpan.FromDays(366));
        var raised = await Task.WhenAll(Worker(first).RunOnceAsync(ct), Worker(second).RunOnceAsync(ct));

        Assert.Equal(2, raised.Sum()); // not reviewed for 12 months; a draft for over 3 months — raised by one instance only
        var mail = Assert.Single(await TestSmtp.WaitForAsync(mayorEmail, timeout: TimeSpan.FromSeconds(30)));
        Assert.Contains("2 alertes", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("n'a pas été revue depuis plus de 12 mois", mail.TextBody, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // both outbox workers had time to send a second one, if there were one
        Assert.Single(TestSmtp.Received(mayorEmail));
    }

    private static RegisterCheckWorker Worker(EgideWebFactory factory) =>
        factory.Services.GetServices<IHostedService>().OfType<RegisterCheckWorker>().Single();
}
