using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Catalogs;
using Egide.Core.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// The register in the CNIL's simplified model (.ods), as the import reads it back: the sheet
/// « 2_-_Liste_des_traitements » (the organisation's controller and DPO at the top, one row per entry below), then one
/// sheet per entry laid out like « 3_-_Modèle_de_fiche_de_registre » — the model's labels in column A, its tables and
/// its wording of categories, persons, recipients, measures and safeguards. What the model has no row for (legal
/// basis, DPIA, AI use, status, version…) follows at the bottom of each fiche under « Compléments Egide ».
/// </summary>
public static class CnilModelExport
{
    public const string ContentType = "application/vnd.oasis.opendocument.spreadsheet";
    public const string ListSheet = "2_-_Liste_des_traitements";

    /// <summary>The widths of the model's fiche columns, in centimetres.</summary>
    private static readonly double[] FicheWidths = [7.5, 5, 4, 2.6, 3.5, 3, 3.2, 4.5];
    private static readonly double[] ListWidths = [6.5, 2.8, 3.6, 3.6, 4, 4, 4, 3, 4, 1, 6];

    /// <summary>What the organisation block of the list sheet says: the organisation and its DPO, as Egide knows them.</summary>
    public sealed record OrganizationBlock(ActorContact Controller, ActorContact? Dpo, string? DpoCompany);

    public static async Task<byte[]> WriteAsync(EgideDb db, IReadOnlyList<ActivitySnapshot> snapshots, RegisterCatalogs catalogs, DateTime nowUtc, DateTime? atUtc, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == db.TenantOrganizationId, ct);
        Organization? dpoBody = organization.Dpo.ExternalOrganizationId is { } bodyId
            ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == bodyId, ct)
            : null;
        return Write(organization.Name, BlockOf(organization, dpoBody), snapshots, catalogs, nowUtc, atUtc);
    }

    /// <summary>The controller is the organisation itself; the DPO is its designated one, at its body's address when external.</summary>
    public static OrganizationBlock BlockOf(Organization organization, Organization? dpoBody)
    {
        var controller = new ActorContact
        {
            Name = organization.Name,
            Address = organization.Address.Street,
            PostalCode = organization.Address.PostalCode,
            City = organization.Address.City,
            Email = organization.FunctionalMailbox,
        };
        var dpo = organization.Dpo;
        if (dpo.Kind == DpoKind.NotDesignated)
        {
            return new OrganizationBlock(controller, null, null);
        }
        var company = dpo.Kind == DpoKind.External ? dpoBody?.Name ?? dpo.ExternalBodyName : null;
        var address = dpo.Kind == DpoKind.External ? dpoBody?.Address : organization.Address;
        return new OrganizationBlock(controller, new ActorContact
        {
            Name = dpo.PersonName ?? company ?? "",
            Address = address?.Street,
            PostalCode = address?.PostalCode,
            City = address?.City,
            Phone = dpo.Phone,
            Email = dpo.Email,
        }, company);
    }

    public static byte[] Write(string organization, OrganizationBlock block, IReadOnlyList<ActivitySnapshot> snapshots, RegisterCatalogs catalogs, DateTime nowUtc, DateTime? atUtc)
    {
        var about = $"Registre de {organization} exporté d'Egide le {FrenchFormat.DateAndTime(nowUtc)}"
            + (atUtc is { } at ? $", tel qu'il était le {FrenchFormat.Date(Periods.ParisDate(at))} au soir." : ".");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ListSheet };
        var sheets = new List<OdsSheet> { List(block, snapshots, catalogs, about) };
        foreach (var snapshot in snapshots)
        {
            sheets.Add(Fiche(SheetName(snapshot.Reference, names), snapshot, block, catalogs, about));
        }
        return OdsWriter.Write(sheets, nowUtc);
    }

    /// <summary>
    /// A sheet name from a reference: without the characters sheet names refuse (<c>[]*?:/\</c>, leading or trailing
    /// apostrophes), at most 31 characters, and unique in the workbook (« RH-001 (2) »).
    /// </summary>
    public static string SheetName(string reference, ISet<string> taken)
    {
        var clean = new string(reference.Where(c => !OdsWriter.ForbiddenInSheetName.Contains(c) && !char.IsControl(c)).ToArray()).Trim().Trim('\'').Trim();
        if (clean.Length == 0)
        {
            clean = "Fiche";
        }
        clean = Cut(clean, OdsWriter.SheetNameMaxLength);
        var name = clean;
        for (var n = 2; !taken.Add(name); n++)
        {
            var suffix = $" ({n})";
            name = Cut(clean, OdsWriter.SheetNameMaxLength - suffix.Length) + suffix;
        }
        return name;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd();

    private static OdsSheet List(OrganizationBlock block, IReadOnlyList<ActivitySnapshot> snapshots, RegisterCatalogs catalogs, string about)
    {
        var cells = new List<OdsCell>();
        void Label(int row, int column, string text) => cells.Add(new OdsCell(row, column, text, Style: OdsStyle.Bold));
        void Value(int row, int column, string? text) => cells.Add(new OdsCell(row, column, text));
        void Person(int row, string title, ActorContact? contact, bool dpo = false, string? company = null)
        {
            Label(row, 1, title);
            Label(row, 2, "Nom :");
            Value(row, 3, contact?.Name);
            Label(row, 4, "Prénom :");
            if (dpo)
            {
                Label(row, 6, "Société (si DPO externe) :");
                Value(row, 7, company);
                Label(row, 8, "Adresse :");
                Value(row, 9, contact?.Address);
                Label(row + 1, 2, "Code postal :");
                Value(row + 1, 3, contact?.PostalCode);
                Label(row + 1, 4, "Ville :");
                Value(row + 1, 5, contact?.City);
                Label(row + 1, 6, "Téléphone :");
                Value(row + 1, 7, contact?.Phone);
                Label(row + 1, 8, "Adresse mél :");
                Value(row + 1, 9, contact?.Email);
                return;
            }
            Label(row, 6, "Adresse :");
            Value(row, 7, contact?.Address);
            Label(row, 8, "Adresse mél :");
            Value(row, 9, contact?.Email);
            Label(row + 1, 2, "Code postal :");
            Value(row + 1, 3, contact?.PostalCode);
            Label(row + 1, 4, "Ville :");
            Value(row + 1, 5, contact?.City);
            Label(row + 1, 6, "Téléphone :");
            Value(row + 1, 7, contact?.Phone);
        }
        Person(1, "Coordonnées du responsable de l’organisme\n(responsable de traitement ou son représentant si le responsable est situé en dehors de l’UE)", block.Controller);
        Person(3, "Coordonnées du représentant\n(responsable de traitement ou son représentant si le responsable est situé en dehors de l’UE)", null);
        Person(5, "Coordonnées du délégué à la protection des données (DPO)", block.Dpo, dpo: true, company: block.DpoCompany);
        Value(1, 11, about);

        cells.Add(new OdsCell(7, 1, "Identification du traitement", Style: OdsStyle.Title, ColumnsSpanned: 4));
        cells.Add(new OdsCell(7, 5, "Finalité du traitement", Style: OdsStyle.Title, ColumnsSpanned: 3));
        cells.Add(new OdsCell(7, 8, "Données sensibles ?", Style: OdsStyle.Title, ColumnsSpanned: 2));
        Label(8, 1, "Nom du traitement");
        Label(8, 2, "N° / RÉF");
        Label(8, 3, "Date de création de la fiche");
        Label(8, 4, "Dernière mise à jour de la fiche");
        cells.Add(new OdsCell(8, 8, "Oui/non", Style: OdsStyle.Bold, ColumnsSpanned: 2));
        var row = 9;
        foreach (var s in snapshots)
        {
            Value(row, 1, s.Name);
            Value(row, 2, s.Reference);
            cells.Add(new OdsCell(row, 3, null, Periods.ParisDate(s.CreatedAt)));
            cells.Add(new OdsCell(row, 4, null, Periods.ParisDate(s.UpdatedAt)));
            cells.Add(new OdsCell(row, 5, string.Join(", ", new[] { s.Content.MainPurpose }.Concat(s.Content.SubPurposes).Where(p => !string.IsNullOrWhiteSpace(p))), ColumnsSpanned: 3));
            cells.Add(new OdsCell(row, 8, s.Content.DataCategories.Any(d => IsSensitive(d.CategoryCode, catalogs)) ? "Oui" : "Non", ColumnsSpanned: 2));
            row++;
        }
        return new OdsSheet(ListSheet, ListWidths, cells);
    }

    private static OdsSheet Fiche(string name, ActivitySnapshot s, OrganizationBlock block, RegisterCatalogs catalogs, string about)
    {
        var c = s.Content;
        var cells = new List<OdsCell>();
        var row = 1;
        void Label(int column, string text) => cells.Add(new OdsCell(row, column, text, Style: OdsStyle.Bold));
        void Wide(string label, string? value)
        {
            Label(1, label);
            cells.Add(new OdsCell(row, 2, value, ColumnsSpanned: 7));
            row++;
        }
        void Table(string title, params (int Column, string Header, int Span)[] headers)
        {
            row++;
            Label(1, title);
            foreach (var (column, header, span) in headers)
            {
                cells.Add(new OdsCell(row, column, header, Style: OdsStyle.Bold, ColumnsSpanned: span));
            }
            row++;
        }
        void Pair(string label, string? value, string? details)
        {
            Label(1, label);
            cells.Add(new OdsCell(row, 2, value, ColumnsSpanned: 3));
            cells.Add(new OdsCell(row, 5, details, ColumnsSpanned: 4));
            row++;
        }
        void Contact(string label, ActorContact? contact)
        {
            Label(1, label);
            if (contact is not null)
            {
                string?[] values = [contact.Name, contact.Address, contact.PostalCode, contact.City, contact.Country, contact.Phone, contact.Email];
                for (var i = 0; i < values.Length; i++)
                {
                    cells.Add(new OdsCell(row, i + 2, values[i]));
                }
            }
            row++;
        }

        cells.Add(new OdsCell(row, 1, "Fiche de registre", Style: OdsStyle.Title));
        cells.Add(new OdsCell(row, 8, s.Reference, Style: OdsStyle.Bold));
        row++;
        cells.Add(new OdsCell(row, 1, about + " Les lignes « Compléments Egide », en bas de la fiche, portent ce que le modèle de la CNIL ne prévoit pas.", ColumnsSpanned: 8));
        row++;
        cells.Add(new OdsCell(row++, 1, "Description du traitement ", Style: OdsStyle.Title));
        Wide("Nom du traitement", s.Name);
        Wide("N° / RÉF", s.Reference);
        Label(1, "Date de création du traitement");
        cells.Add(new OdsCell(row++, 2, null, Periods.ParisDate(s.CreatedAt), ColumnsSpanned: 7));
        Label(1, "Mise à jour du traitement");
        cells.Add(new OdsCell(row++, 2, null, Periods.ParisDate(s.UpdatedAt), ColumnsSpanned: 7));

        Table("Acteurs", (2, "Nom", 1), (3, "Adresse", 1), (4, "Code Postal", 1), (5, "Ville", 1), (6, "Pays", 1), (7, "Téléphone", 1), (8, "Adresse mél", 1));
        Contact("Responsable du traitement", c.Controller);
        Contact("Délégué à la protection des données", block.Dpo);
        Label(1, "Société du DPO (si celui-ci est externe)");
        cells.Add(new OdsCell(row++, 2, block.DpoCompany));
        Contact("Représentant", c.Representative);
        foreach (var joint in c.JointControllers.DefaultIfEmpty())
        {
            Contact("Responsable(s) conjoint(s)", joint);
        }

        row++;
        cells.Add(new OdsCell(row++, 1, "Finalité(s) du traitement effectué", Style: OdsStyle.Title));
        Wide("Finalité principale", c.MainPurpose);
        for (var i = 0; i < Math.Max(5, c.SubPurposes.Count); i++)
        {
            Wide($"Sous-finalité {i + 1}", i < c.SubPurposes.Count ? c.SubPurposes[i] : null);
        }

        // The model's two tables: ordinary categories, then the sensitive ones (art. 9 and 10).
        Table("Catégories de données personnelles concernées", (2, "Description", 3), (5, "Durée de conservation", 4));
        foreach (var d in c.DataCategories.Where(d => !IsSensitive(d.CategoryCode, catalogs)))
        {
            Pair(CnilVocabulary.DataCategories.Label(d.CategoryCode, catalogs.DataCategories), d.Description, d.RetentionPeriod);
        }
        Table("Données sensibles", (2, "Description", 3), (5, "Durée de conservation", 4));
        foreach (var d in c.DataCategories.Where(d => IsSensitive(d.CategoryCode, catalogs)))
        {
            Pair(CnilVocabulary.DataCategories.Label(d.CategoryCode, catalogs.DataCategories), d.Description, d.RetentionPeriod);
        }

        Table("Catégories de personnes concernées", (2, "Description", 3), (5, "Précisions", 4));
        for (var i = 0; i < Math.Max(2, c.DataSubjects.Count); i++)
        {
            var subject = i < c.DataSubjects.Count ? c.DataSubjects[i] : null;
            Pair($"Catégorie de personnes {i + 1}", subject is null ? null : CnilVocabulary.Subjects.Label(subject.CategoryCode, catalogs.DataSubjectCategories), subject?.Details);
        }
        Table("Destinataires", (2, "Type de destinataire", 3), (5, "Précisions", 4));
        for (var i = 0; i < Math.Max(4, c.Recipients.Count); i++)
        {
            var recipient = i < c.Recipients.Count ? c.Recipients[i] : null;
            Pair($"Destinataire {i + 1}", recipient is null ? null : CnilVocabulary.Recipients.Label(recipient.TypeCode, catalogs.RecipientTypes), recipient?.Details);
        }
        Table("Mesures de sécurité", (2, "Type de mesure de sécurité", 3), (5, "Précisions", 4));
        for (var i = 0; i < Math.Max(3, c.SecurityMeasures.Count); i++)
        {
            var measure = i < c.SecurityMeasures.Count ? c.SecurityMeasures[i] : null;
            Pair($"Mesure de sécurité {i + 1}", measure is null ? null : CnilVocabulary.Measures.Label(measure.MeasureCode, catalogs.SecurityMeasures), measure?.Details);
        }
        Table("Transferts hors UE", (2, "Destinataire", 1), (3, "Pays", 1), (4, "Type de Garanties", 2), (6, "Liens vers la documentation", 3));
        for (var i = 0; i < Math.Max(4, c.Transfers.Count); i++)
        {
            Label(1, $"Organisme destinataire {i + 1}");
            if (i < c.Transfers.Count)
            {
                var t = c.Transfers[i];
                cells.Add(new OdsCell(row, 2, t.Recipient));
                cells.Add(new OdsCell(row, 3, catalogs.Countries.TryGetValue(t.CountryCode, out var country) ? country.Name : t.CountryCode));
                cells.Add(new OdsCell(row, 4, CnilVocabulary.SafeguardLabel(t.Safeguard), ColumnsSpanned: 2));
                cells.Add(new OdsCell(row, 6, t.Documentation, ColumnsSpanned: 3));
            }
            row++;
        }

        row++;
        cells.Add(new OdsCell(row, 1, CnilSheet.EgideBlockTitle, Style: OdsStyle.Title));
        cells.Add(new OdsCell(row++, 2, "Ce que le modèle de la CNIL ne prévoit pas ; l'import d'Egide relit ces lignes (sauf statut, avis, validation et version).", ColumnsSpanned: 7));
        Wide(FlatRegister.Headers.Role, RegisterVocabulary.Roles.Label(s.Role));
        Wide(FlatRegister.Headers.Service, s.ResponsibleService);
        Wide(FlatRegister.Headers.Description, c.Description);
        foreach (var client in c.ClientControllers.DefaultIfEmpty())
        {
            Contact(FlatRegister.Headers.ClientControllers, client);
        }
        Wide(FlatRegister.Headers.LegalBasis, FlatRegister.LegalBasis(c.LegalBasisCode, catalogs));
        Wide(FlatRegister.Headers.LegalBasisJustification, c.LegalBasisJustification);
        Wide(CnilSheet.FinalFatesLabel, c.DataCategories.Count > 0
            ? Lines(c.DataCategories.Select(d => FlatRegister.Item(d.CategoryCode, catalogs.Label(catalogs.DataCategories, d.CategoryCode),
                d.FinalFate is { } fate ? RegisterVocabulary.FinalFates.Label(fate) : null)))
            : null);
        Wide(CnilSheet.VolumesLabel, c.DataSubjects.Any(d => d.EstimatedVolume is not null)
            ? Lines(c.DataSubjects.Select(d => FlatRegister.Item(d.CategoryCode, catalogs.Label(catalogs.DataSubjectCategories, d.CategoryCode),
                d.EstimatedVolume?.ToString(CultureInfo.InvariantCulture))))
            : null);
        Wide(FlatRegister.Headers.SecurityDetails, c.SecurityDetails);
        Wide(FlatRegister.Headers.DataSource, c.DataSource);
        Wide(FlatRegister.Headers.CollectionMethod, c.CollectionMethod);
        Wide(FlatRegister.Headers.Software, c.Software);
        Wide(FlatRegister.Headers.Media, c.Media);
        Wide(FlatRegister.Headers.AiUse, RegisterVocabulary.AiUses.Label(c.AiUse));
        Wide(FlatRegister.Headers.AiDescription, c.AiDescription);
        Wide(FlatRegister.Headers.EdpbCriteria, Lines(c.EdpbCriteria.Select(x => FlatRegister.Item(x, catalogs.Label(catalogs.EdpbCriteria, x)))));
        Wide(FlatRegister.Headers.CnilDpiaList, Lines(c.CnilDpiaListMatches.Select(x => FlatRegister.Item(x, catalogs.Label(catalogs.CnilDpiaList, x)))));
        Wide(FlatRegister.Headers.DpiaDecision, RegisterVocabulary.DpiaDecisions.Label(c.DpiaDecision));
        Wide(FlatRegister.Headers.DpiaDecisionReason, c.DpiaDecisionReason);
        Wide(FlatRegister.Headers.Status, RegisterVocabulary.Statuses.Label(s.Status));
        Wide(FlatRegister.Headers.DpoOpinion, s.DpoOpinion is { } opinion
            ? $"{RegisterVocabulary.DpoOpinions.Label(opinion)}{(s.DpoOpinionAt is { } on ? $", le {FrenchFormat.Date(on)}" : "")}{(s.DpoOpinionBy is { } by ? $" par {by}" : "")}"
            : null);
        Wide(FlatRegister.Headers.DpoOpinionText, s.DpoOpinionText);
        Wide(FlatRegister.Headers.ValidatedBy, s.ValidatedBy is { } validator ? $"{validator}{(s.ValidatedAt is { } at ? $", le {FrenchFormat.Date(at)}" : "")}" : null);
        Wide(FlatRegister.Headers.Version, s.Version.ToString(CultureInfo.InvariantCulture));
        return new OdsSheet(name, FicheWidths, cells);
    }

    private static bool IsSensitive(string code, RegisterCatalogs catalogs) =>
        catalogs.DataCategories.TryGetValue(code, out var entry) && entry.Nature is DataCategoryNature.Special or DataCategoryNature.Offence;

    private static string Lines(IEnumerable<string> lines) => string.Join("\n", lines);
}
