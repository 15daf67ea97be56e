using System.Text.Json;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Tests.Data;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Privacy.Register.Exchange;

/// <summary>The CNIL model saved as .xlsx (by Excel or LibreOffice) imports as its .ods original does.</summary>
public sealed class ImportRegisterXlsxTests
{
    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", Egide.Core.Account.OrganizationRoles.PrivacyReferent);

    private static async Task<ImportPreview> PreviewAsync(TestDatabase database, Guid organization, string extension)
    {
        await using var db = database.CreateDb();
        db.UseOrganization(organization);
        await using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "fixtures", "cnil", $"registre-traitement-simplifie.{extension}"));
        return await new ImportRegister.Handler(db, database.Settings, TimeProvider.System).PreviewCnilModelAsync(file, TestContext.Current.CancellationToken);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CnilModelAsXlsx_PayrollExample_SameEntryAsFromTheOds(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");

        var fromOds = await PreviewAsync(database, organization, "ods");
        var fromXlsx = await PreviewAsync(database, organization, "xlsx");

        var ods = Assert.Single(fromOds.Activities);
        var xlsx = Assert.Single(fromXlsx.Activities);
        Assert.Equal(("4_-_Exemple_de_fiche", ImportChange.Create, "1 - Exemple", "Gestion de la paie"), (xlsx.Sheet, xlsx.Change, xlsx.Input.Reference, xlsx.Input.Name));
        Assert.Equal(JsonSerializer.Serialize(ods.Input, RegisterJson.Options), JsonSerializer.Serialize(xlsx.Input, RegisterJson.Options));
        Assert.Equal(fromOds.Problems, fromXlsx.Problems);
        Assert.True(fromXlsx.CanConfirm, string.Join(" / ", fromXlsx.Problems.Select(p => p.Message)));

        await using (var db = database.CreateDb())
        {
            db.UseOrganization(organization);
            var confirmed = await new ImportRegister.Handler(db, database.Settings, TimeProvider.System).ConfirmAsync(fromXlsx, Referent, ct);
            Assert.Equal((1, 0), confirmed.Value);
        }
        await using var read = database.CreateDb();
        read.UseOrganization(organization);
        var saved = await read.ProcessingActivities.SingleAsync(ct);
        Assert.Equal(("Gestion de la paie", 3, "AD"), (saved.Name, saved.Content.SubPurposes.Count, saved.Content.Transfers[0].CountryCode));

        // The .ods now finds the entry the .xlsx created, unchanged.
        Assert.Equal(ImportChange.Unchanged, Assert.Single((await PreviewAsync(database, organization, "ods")).Activities).Change);
    }
}
