using Egide.Core.Privacy.Catalogs;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Spreadsheets;
using Xunit;

namespace Egide.Core.Tests.Privacy.Register.Exchange;

public sealed class CnilSheetTests
{
    internal static readonly RegisterCatalogs Catalogs = new(
        Of(CatalogKind.LegalBasis), Of(CatalogKind.DataCategory), Of(CatalogKind.DataSubjectCategory), Of(CatalogKind.RecipientType),
        Of(CatalogKind.SecurityMeasure), Of(CatalogKind.CnilDpiaList), Of(CatalogKind.EdpbCriterion),
        CatalogSeed.Countries().ToDictionary(c => c.Code));

    private static Dictionary<string, CatalogEntry> Of(CatalogKind kind) =>
        CatalogSeed.Entries().Where(e => e.Kind == kind).ToDictionary(e => e.Code);

    private static Sheet CnilSheetNamed(string name)
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "fixtures", "cnil", "registre-traitement-simplifie.ods"));
        return OdsReader.Read(file).Single(s => s.Name == name);
    }

    [Fact]
    public void Read_DatesWrittenAsText_ReadWithAWarning_OrIgnoredWhenNotADate()
    {
        var example = CnilSheetNamed("4_-_Exemple_de_fiche");
        var created = example.Cells.Single(c => c.Column == 1 && c.Text.StartsWith("Date de création", StringComparison.Ordinal));
        var updated = example.Cells.Single(c => c.Column == 1 && c.Text.StartsWith("Mise à jour", StringComparison.Ordinal));
        var cells = example.Cells
            .Where(c => !(c.Column == 2 && (c.Row == created.Row || c.Row == updated.Row)))
            .Append(new SheetCell(created.Row, 2, CellType.String, "26/05/2018"))
            .Append(new SheetCell(updated.Row, 2, CellType.String, "le mois dernier"))
            .OrderBy(c => c.Row).ThenBy(c => c.Column).ToList();

        var result = CnilSheet.Read(new Sheet(example.Name, cells), Catalogs);

        Assert.Equal(new DateOnly(2018, 5, 26), result.CreatedOn);
        Assert.Null(result.UpdatedOn);
        Assert.Contains(result.Problems, p => p is { Column: 2, Blocking: false } && p.Row == created.Row && p.Message.StartsWith("Date écrite comme du texte", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p is { Column: 2, Blocking: false } && p.Row == updated.Row && p.Message == "« le mois dernier » n'est pas une date (jj/mm/aaaa) : elle est ignorée.");
        Assert.NotNull(result.Activity);
    }

    [Fact]
    public void Read_CnilPayrollExample_EveryFieldItCarries()
    {
        var result = CnilSheet.Read(CnilSheetNamed("4_-_Exemple_de_fiche"), Catalogs);

        Assert.DoesNotContain(result.Problems, p => p.Blocking);
        var a = result.Activity!;
        Assert.Equal(("1 - Exemple", "Gestion de la paie", ProcessingRole.Controller), (a.Reference, a.Name, a.Role));
        Assert.Equal((new DateOnly(2018, 5, 26), new DateOnly(2019, 5, 13)), (result.CreatedOn!.Value, result.UpdatedOn!.Value));
        var controller = a.Content.Controller!;
        Assert.Equal(("Louise DUPONT", "1 rue Rivoli", "75001", "Paris", "France", "01 xx xx xx xx", "exemple1@ets.com"),
            (controller.Name, controller.Address, controller.PostalCode, controller.City, controller.Country, controller.Phone, controller.Email));
        Assert.Equal("Gestion de la paie", a.Content.MainPurpose);
        Assert.Equal(["Calcul des rémunérations", "Calcul du montant des versements adressés aux organismes sociaux", "Ordre de virement à la banque"], a.Content.SubPurposes);
        Assert.Equal(
            [("etat-civil", "Noms, prénoms, adresses"), ("economique-financier", "RIB"), ("nir", "Numéros de sécurité sociale des salariés")],
            a.Content.DataCategories.Select(d => (d.CategoryCode, d.Description!)));
        Assert.All(a.Content.DataCategories, d => Assert.Equal("5 ans à compter du versement de la paie", d.RetentionPeriod));
        Assert.Equal(["agents"], a.Content.DataSubjects.Select(s => s.CategoryCode));
        Assert.Equal(
            [("service-interne", "Dir. Administrative et Financière"), ("partenaire", "Organismes sociaux"), ("pays-tiers", "Banque d'Andorre")],
            a.Content.Recipients.Select(r => (r.TypeCode, r.Details!)));
        Assert.Equal(["protection-logiciels", "sauvegarde", "autres"], a.Content.SecurityMeasures.Select(m => m.MeasureCode));
        var transfer = Assert.Single(a.Content.Transfers);
        Assert.Equal(("Banque d'Andorre", "AD", TransferSafeguard.StandardContractualClauses, "Contrat en date du 23/01/2018"),
            (transfer.Recipient, transfer.CountryCode, transfer.Safeguard, transfer.Documentation));
        // What was read is what the register accepts.
        Assert.True(ActivityValidation.Check(a, Catalogs, new HashSet<Guid>()).IsEmpty);
    }

    [Fact]
    public void Read_EmptyCnilTemplate_NamesTheMissingNameWithItsCell()
    {
        var result = CnilSheet.Read(CnilSheetNamed("3_-_Modèle_de_fiche_de_registre"), Catalogs);
        Assert.Null(result.Activity);
        var missing = Assert.Single(result.Problems, p => p.Message.Contains("nom du traitement", StringComparison.Ordinal));
        Assert.Equal(("3_-_Modèle_de_fiche_de_registre", "B4", true), (missing.Sheet, missing.Cell, missing.Blocking));
        Assert.DoesNotContain(result.Problems, p => p.Message.Contains("inconnu", StringComparison.Ordinal));
    }
}
