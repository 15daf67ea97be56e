using Egide.Core.Common;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Organizations;
using Egide.Core.Spreadsheets;
using Egide.Core.Tests.Data;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Privacy.Register.Exchange;

public sealed class ImportRegisterTests
{
    internal static readonly string CnilModel = Path.Combine(AppContext.BaseDirectory, "fixtures", "cnil", "registre-traitement-simplifie.ods");

    private static readonly RegisterActor Referent = new(Guid.NewGuid(), "Bruno Petit", Egide.Core.Account.OrganizationRoles.PrivacyReferent);

    private const string ListSheet = "2_-_Liste_des_traitements";

    /// <summary>The CNIL model, read and written again with some cells changed and some sheets added.</summary>
    private static MemoryStream CnilModelWith(Action<string, List<OdsCell>> change, params OdsSheet[] added)
    {
        using var file = File.OpenRead(CnilModel);
        var sheets = OdsReader.Read(file).Select(sheet =>
        {
            var cells = sheet.Cells.Select(c => c.Type == CellType.Date && c.Date is { } date
                ? new OdsCell(c.Row, c.Column, null, DateOnly.FromDateTime(date), ColumnsSpanned: c.ColumnsSpanned)
                : new OdsCell(c.Row, c.Column, c.Text, ColumnsSpanned: c.ColumnsSpanned)).ToList();
            change(sheet.Name, cells);
            return new OdsSheet(sheet.Name, [5], cells);
        });
        return new MemoryStream(OdsWriter.Write([.. sheets, .. added], DateTime.UtcNow));
    }

    private static void Set(List<OdsCell> cells, int row, int column, string text, int span = 1)
    {
        cells.RemoveAll(c => c.Row == row && c.Column == column);
        cells.Add(new OdsCell(row, column, text, ColumnsSpanned: span));
    }

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
        // The list names no one and ties its example row, « (EXEMPLE) Gestion de la paie », to the example fiche.
        Assert.DoesNotContain(preview.Problems, p => p.Sheet == ListSheet);
        Assert.Equal(new CnilOrganizationBlock(null, null, null, null), preview.Organization);
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

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CnilModel_ListSheet_BlockFillsEmptyControllersDpoComparedRowsTiedToFiches(Db provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await CnilModelExportTests.OrganizationAsync(database, "Commune d'Achicourt");
        var copy = new List<OdsCell>();
        var file = CnilModelWith((sheet, cells) =>
        {
            if (sheet == "4_-_Exemple_de_fiche")
            {
                // A second fiche, without controller, that the list does not name.
                copy.AddRange(cells.Where(c => !(c.Row == 10 && c.Column > 1) && !(c.Row is 4 or 5 && c.Column == 2)));
                copy.Add(new OdsCell(4, 2, "Paie des vacataires", ColumnsSpanned: 7));
                copy.Add(new OdsCell(5, 2, "2 - Copie", ColumnsSpanned: 7));
            }
            if (sheet != ListSheet)
            {
                return;
            }
            Set(cells, 1, 2, "Nom : MARTIN"); // the value after the colon…
            Set(cells, 1, 5, "Claire");        // …or in the next cell
            Set(cells, 1, 7, "1 place de la Mairie");
            Set(cells, 1, 9, "maire@achicourt.example");
            Set(cells, 2, 3, "62217");
            Set(cells, 2, 5, "Achicourt");
            Set(cells, 2, 7, "03 21 11 11 11");
            Set(cells, 5, 3, "VASSEUR");
            Set(cells, 5, 5, "Claire");
            Set(cells, 5, 7, "CDG 62");
            Set(cells, 6, 9, "dpo@cdg62.example");
            Set(cells, 10, 1, "Listes électorales");
            Set(cells, 10, 2, "EL-001");
            Set(cells, 10, 5, "Tenue des listes électorales", span: 3);
            Set(cells, 10, 8, "Oui", span: 2);
        }, new OdsSheet("Copie", [5], copy));

        var preview = await PreviewAsync(database, organization, file);

        Assert.True(preview.CanConfirm, string.Join(" / ", preview.Problems.Where(p => p.Blocking).Select(p => p.Message)));
        var block = preview.Organization!;
        Assert.Equal(new ActorContact
        {
            Name = "Claire MARTIN", Address = "1 place de la Mairie", PostalCode = "62217", City = "Achicourt", Phone = "03 21 11 11 11", Email = "maire@achicourt.example",
        }, block.Controller);
        Assert.Equal(("Claire VASSEUR", "CDG 62", "dpo@cdg62.example"), (block.Dpo!.Name, block.DpoCompany, block.Dpo.Email));
        var listed = preview.Problems.Where(p => p.Sheet == ListSheet).ToList();
        Assert.All(listed, p => Assert.False(p.Blocking));
        // Same DPO name, words in another order: no warning; another company and address: one each, on their cells.
        Assert.Equal(["I6", "G5", "B10"], listed.Select(p => p.Cell));
        Assert.Contains("« dpo@achicourt.example » dans Egide", listed[0].Message, StringComparison.Ordinal);
        Assert.Contains("données sensibles", listed[2].Message, StringComparison.Ordinal);
        Assert.Contains(preview.Problems, p => p.Sheet == "Copie" && p.Message.Contains("ne figure pas dans la liste", StringComparison.Ordinal));

        var byReference = preview.Activities.ToDictionary(a => a.Input.Reference);
        Assert.Equal(["1 - Exemple", "2 - Copie", "EL-001"], byReference.Keys.Order());
        Assert.All(preview.Activities, a => Assert.Equal(ImportChange.Create, a.Change));
        Assert.Equal("Louise DUPONT", byReference["1 - Exemple"].Input.Content.Controller!.Name);
        Assert.Equal(block.Controller, byReference["2 - Copie"].Input.Content.Controller);
        var fromRow = byReference["EL-001"];
        Assert.Equal((ListSheet, "Listes électorales", "Tenue des listes électorales"), (fromRow.Sheet, fromRow.Input.Name, fromRow.Input.Content.MainPurpose));
        Assert.Equal(block.Controller, fromRow.Input.Content.Controller);

        Assert.Equal((3, 0), (await ConfirmAsync(database, organization, preview)).Value);
        await using var read = database.CreateDb();
        var dpo = (await read.Organizations.SingleAsync(o => o.Id == organization, ct)).Dpo;
        Assert.Equal(("Claire Vasseur", "dpo@achicourt.example", DpoKind.Internal), (dpo.PersonName, dpo.Email, dpo.Kind));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CnilModel_ListReferenceTwiceOrNameDiffering_ErrorAndWarningOnTheirCells(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await TenancyTests.OrganizationAsync(database, "Commune d'Achicourt");
        var file = CnilModelWith((sheet, cells) =>
        {
            if (sheet == ListSheet)
            {
                Set(cells, 9, 1, "(EXEMPLE) Paie");
                Set(cells, 10, 1, "Paie des élus");
                Set(cells, 10, 2, "1 - Exemple");
            }
        });

        var preview = await PreviewAsync(database, organization, file);

        Assert.False(preview.CanConfirm);
        var listed = preview.Problems.Where(p => p.Sheet == ListSheet).ToList();
        Assert.Equal([("A9", false), ("B10", true)], listed.Select(p => (p.Cell, p.Blocking)));
        Assert.Contains("« Paie » diffère de celui de la fiche « 4_-_Exemple_de_fiche » (« Gestion de la paie »)", listed[0].Message, StringComparison.Ordinal);
        Assert.Contains("figure déjà ligne 9", listed[1].Message, StringComparison.Ordinal);
    }
}
