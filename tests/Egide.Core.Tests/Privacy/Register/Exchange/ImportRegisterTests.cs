using Egide.Core.Common;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Tests.Data;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Privacy.Register.Exchange;

public sealed class ImportRegisterTests
{
    internal static readonly string CnilModel = Path.Combine(AppContext.BaseDirectory, "fixtures", "cnil", "registre-traitement-simplifie.ods");

    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", Egide.Core.Account.OrganizationRoles.PrivacyReferent);

    private static async Task<ImportPreview> PreviewAsync(TestDatabase database, Guid organization, Stream? file = null)
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        await using var stream = file ?? File.OpenRead(CnilModel);
        return await new ImportRegister.Handler(db, database.Settings, TimeProvider.System).PreviewCnilModelAsync(stream, TestContext.Current.CancellationToken);
    }

    private static async Task<Result<(int Created, int Updated)>> ConfirmAsync(TestDatabase database, Guid organization, ImportPreview preview, RegisterActor? actor = null)
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        return await new ImportRegister.Handler(db, database.Settings, TimeProvider.System).ConfirmAsync(preview, actor ?? Referent, TestContext.Current.CancellationToken);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CnilModel_PreviewWritesNothing_ConfirmCreates_ReimportChangesNothing(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");

        var preview = await PreviewAsync(database, organization);
        var planned = Assert.Single(preview.Activities);
        Assert.Equal(("4_-_Exemple_de_fiche", ImportChange.Create, "1 - Exemple"), (planned.Sheet, planned.Change, planned.Input.Reference));
        Assert.True(preview.CanConfirm, string.Join(" / ", preview.Problems.Select(p => p.Message)));
        Assert.Contains(preview.Problems, p => p.Sheet == "3_-_Modèle_de_fiche_de_registre" && !p.Blocking); // the blank template, skipped
        await using (var db = database.CreateDb())
        {
            db.UseOrganization(organization);
            Assert.Equal(0, await db.ProcessingActivities.CountAsync(ct));
        }

        Assert.Equal((1, 0), (await ConfirmAsync(database, organization, preview)).Value);
        await using (var db = database.CreateDb())
        {
            db.UseOrganization(organization);
            var saved = await db.ProcessingActivities.SingleAsync(ct);
            Assert.Equal(("Gestion de la paie", 3, "AD"), (saved.Name, saved.Content.SubPurposes.Count, saved.Content.Transfers[0].CountryCode));
            Assert.Equal("Bruno Petit", (await db.ActivityVersions.SingleAsync(ct)).RecordedByName);
        }

        var again = await PreviewAsync(database, organization);
        Assert.Equal(ImportChange.Unchanged, Assert.Single(again.Activities).Change);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CnilModel_ExistingReference_UpdatedKeepingWhatTheModelHasNoPlaceFor(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        await using (var db = database.CreateDb())
        {
            db.UseOrganization(organization);
            await new CreateProcessingActivity.Handler(db, database.Settings, TimeProvider.System).Handle(new ActivityInput
            {
                Reference = "1 - Exemple",
                Name = "Paie (ancien nom)",
                Content = new ActivityContent { LegalBasisCode = "c", LegalBasisJustification = "CGFP", MainPurpose = "Paie" },
            }, Referent, ct);
        }

        var preview = await PreviewAsync(database, organization);
        Assert.Equal(ImportChange.Update, Assert.Single(preview.Activities).Change);
        Assert.Equal((0, 1), (await ConfirmAsync(database, organization, preview)).Value);

        await using var read = database.CreateDb();
        read.UseOrganization(organization);
        var saved = await read.ProcessingActivities.SingleAsync(ct);
        Assert.Equal(("Gestion de la paie", "c", "CGFP"), (saved.Name, saved.Content.LegalBasisCode, saved.Content.LegalBasisJustification));
        Assert.Equal(3, saved.Content.DataCategories.Count);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task StalePreview_AnEntryChangedMeanwhile_NothingImported(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        Guid id;
        await using (var db = database.CreateDb())
        {
            db.UseOrganization(organization);
            id = (await new CreateProcessingActivity.Handler(db, database.Settings, TimeProvider.System)
                .Handle(new ActivityInput { Reference = "1 - Exemple", Name = "Paie" }, Referent, ct)).Value;
        }
        var preview = await PreviewAsync(database, organization);
        await using (var db = database.CreateDb())
        {
            db.UseOrganization(organization);
            await new UpdateProcessingActivity.Handler(db, database.Settings, TimeProvider.System)
                .Handle(new UpdateProcessingActivity.Command(id, 1, new ActivityInput { Reference = "1 - Exemple", Name = "Paie modifiée entre-temps" }, "Identification"), Referent, ct);
        }
        // Two planned entries: a new one first, then the stale update — the new one must not stay.
        var withNew = preview with { Activities = [preview.Activities[0] with { Change = ImportChange.Create, Input = preview.Activities[0].Input with { Reference = "2 - Nouveau" } }, .. preview.Activities] };

        Assert.IsType<ConflictFailure>((await ConfirmAsync(database, organization, withNew)).Failure);
        await using var read = database.CreateDb();
        read.UseOrganization(organization);
        Assert.Equal(["Paie modifiée entre-temps"], await read.ProcessingActivities.Select(a => a.Name).ToListAsync(ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task NotASpreadsheet_BlockingProblem_ConfirmRefused(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        var preview = await PreviewAsync(database, organization, new MemoryStream("pas un classeur"u8.ToArray()));
        Assert.False(preview.CanConfirm);
        Assert.Contains("n'est pas un classeur", Assert.Single(preview.Problems).Message, StringComparison.Ordinal);
        Assert.IsType<ValidationFailure>((await ConfirmAsync(database, organization, preview)).Failure);
        Assert.IsType<ForbiddenFailure>((await ConfirmAsync(database, organization, preview, Referent with { Roles = Egide.Core.Account.OrganizationRoles.Reader })).Failure);
    }
}
