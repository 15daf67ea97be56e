using ClosedXML.Excel;
using Egide.Core.Privacy.Catalogs;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// The empty workbook people fill to import their register: sheet « Registre » with the headers the import reads
/// (so that the mapping is automatic), « Mode d'emploi » saying how to write each column, and « Codes » listing the
/// catalogues' codes and labels (either is read).
/// </summary>
public static class FlatRegisterTemplate
{
    public const string FileName = "modele-import-registre.xlsx";
    public const string GuideSheet = "Mode d'emploi";
    public const string CodesSheet = "Codes";

    private static readonly Dictionary<string, string> Guides = new()
    {
        [FlatRegister.Headers.Reference] = "Obligatoire. Identifie la fiche : une référence déjà au registre met la fiche à jour.",
        [FlatRegister.Headers.Name] = "Obligatoire. Le nom du traitement, par exemple « Gestion de la paie ».",
        [FlatRegister.Headers.Role] = "« Responsable de traitement » (si vide), « Responsable conjoint » ou « Sous-traitant (art. 30(2)) ».",
        [FlatRegister.Headers.Controller] = "nom | adresse | code postal | ville | pays | téléphone | courriel (les parties vides peuvent rester vides).",
        [FlatRegister.Headers.Representative] = "Comme le responsable du traitement.",
        [FlatRegister.Headers.JointControllers] = "Un responsable par ligne de la cellule, écrit comme le responsable du traitement.",
        [FlatRegister.Headers.ClientControllers] = "Un responsable par ligne de la cellule, écrit comme le responsable du traitement.",
        [FlatRegister.Headers.MainPurpose] = "La finalité principale, en une phrase.",
        [FlatRegister.Headers.SubPurposes] = "Une sous-finalité par ligne de la cellule.",
        [FlatRegister.Headers.LegalBasis] = "La lettre de l'article 6(1) du RGPD, éventuellement suivie de son libellé : « e – Mission d'intérêt public ».",
        [FlatRegister.Headers.DataCategories] = "Une catégorie par ligne : code ou libellé | libellé | description | durée de conservation | sort final (Destruction, Archivage intermédiaire, Versement aux archives publiques…).",
        [FlatRegister.Headers.DataSubjects] = "Une catégorie par ligne : code ou libellé | libellé | précisions | nombre estimé de personnes.",
        [FlatRegister.Headers.Recipients] = "Un destinataire par ligne : code ou libellé | libellé | précisions | nom du sous-traitant (tel qu'au registre des sous-traitants).",
        [FlatRegister.Headers.Transfers] = "Un transfert par ligne : destinataire | code pays (US, GB…) | pays | garantie | documentation.",
        [FlatRegister.Headers.SecurityMeasures] = "Une mesure par ligne : code ou libellé | libellé | précisions.",
        [FlatRegister.Headers.AiUse] = "Vide (aucune IA), ou l'un des libellés : " + string.Join(" ; ", RegisterVocabulary.AiUses.All) + ".",
        [FlatRegister.Headers.EdpbCriteria] = "Un critère par ligne : code ou libellé.",
        [FlatRegister.Headers.CnilDpiaList] = "Un type de traitement par ligne : code ou libellé.",
        [FlatRegister.Headers.DpiaDecision] = "Vide (pas encore décidé), ou l'un des libellés : " + string.Join(" ; ", RegisterVocabulary.DpiaDecisions.All) + ".",
    };

    public static byte[] Xlsx(RegisterCatalogs catalogs)
    {
        using var workbook = new XLWorkbook();
        var register = workbook.Worksheets.Add(ExportRegister.RegisterSheet);
        var widths = FlatRegister.Columns.ToDictionary(c => c.Header, c => c.Width);
        for (var c = 0; c < ColumnMapping.Fields.Count; c++)
        {
            var field = ColumnMapping.Fields[c];
            ExportRegister.Text(register.Cell(1, c + 1), field);
            register.Column(c + 1).Width = widths[field];
            register.Column(c + 1).Style.Alignment.WrapText = true;
            register.Column(c + 1).Style.NumberFormat.Format = "@";
        }
        register.Row(1).Style.Font.Bold = true;
        register.SheetView.FreezeRows(1);

        var guide = workbook.Worksheets.Add(GuideSheet);
        ExportRegister.Text(guide.Cell(1, 1), "Colonne");
        ExportRegister.Text(guide.Cell(1, 2), "Comment l'écrire");
        ExportRegister.Text(guide.Cell(2, 1), "Toutes");
        ExportRegister.Text(guide.Cell(2, 2), "Une ligne par traitement, sous les en-têtes de la feuille « Registre » (ne les renommez pas : "
            + "l'import les reconnaît ; une colonne inutile peut être supprimée). Dans une cellule à plusieurs éléments, un élément "
            + "par ligne (Alt+Entrée) ; les parties d'un élément séparées par « | ». Pas de cellules fusionnées.");
        var row = 3;
        foreach (var field in ColumnMapping.Fields)
        {
            ExportRegister.Text(guide.Cell(row, 1), field);
            ExportRegister.Text(guide.Cell(row, 2), Guides.GetValueOrDefault(field, "Texte libre."));
            row++;
        }
        guide.Row(1).Style.Font.Bold = true;
        guide.Column(1).Width = 35;
        guide.Column(2).Width = 110;
        guide.Column(2).Style.Alignment.WrapText = true;

        var codes = workbook.Worksheets.Add(CodesSheet);
        ExportRegister.Text(codes.Cell(1, 1), "Liste");
        ExportRegister.Text(codes.Cell(1, 2), "Code");
        ExportRegister.Text(codes.Cell(1, 3), "Libellé");
        row = 2;
        foreach (var (list, catalog) in new (string, IReadOnlyDictionary<string, CatalogEntry>)[]
        {
            (FlatRegister.Headers.LegalBasis, catalogs.LegalBases),
            (FlatRegister.Headers.DataCategories, catalogs.DataCategories),
            (FlatRegister.Headers.DataSubjects, catalogs.DataSubjectCategories),
            (FlatRegister.Headers.Recipients, catalogs.RecipientTypes),
            (FlatRegister.Headers.SecurityMeasures, catalogs.SecurityMeasures),
            (FlatRegister.Headers.EdpbCriteria, catalogs.EdpbCriteria),
            (FlatRegister.Headers.CnilDpiaList, catalogs.CnilDpiaList),
        })
        {
            foreach (var entry in catalog.Values.Where(e => e.IsActive))
            {
                ExportRegister.Text(codes.Cell(row, 1), list);
                ExportRegister.Text(codes.Cell(row, 2), entry.Code);
                ExportRegister.Text(codes.Cell(row, 3), entry.Label);
                row++;
            }
        }
        foreach (var country in catalogs.Countries.Values.Where(c => c.Zone != TransferZone.EuropeanEconomicArea))
        {
            ExportRegister.Text(codes.Cell(row, 1), FlatRegister.Headers.Transfers);
            ExportRegister.Text(codes.Cell(row, 2), country.Code);
            ExportRegister.Text(codes.Cell(row, 3), country.Name);
            row++;
        }
        codes.Row(1).Style.Font.Bold = true;
        codes.Column(1).Width = 28;
        codes.Column(2).Width = 24;
        codes.Column(3).Width = 90;
        codes.SheetView.FreezeRows(1);

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
