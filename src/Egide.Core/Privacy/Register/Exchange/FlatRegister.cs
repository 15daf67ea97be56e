using System.Globalization;
using System.Text;
using Egide.Core.Common;
using Egide.Core.Privacy.Catalogs;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// The flat layout of the register, shared by the CSV and XLSX exports and by the flat import: one row per
/// activity, one column per field, under the French headers of <see cref="Columns"/> (in that order; the import
/// finds columns by header). Described for people in <c>docs/register-flat-format.md</c>.
/// <para>
/// <b>Single-valued cells</b> hold the text as written, line breaks included. Dates are the day in Paris,
/// <c>dd/MM/yyyy</c>. Enums are the French labels of <see cref="RegisterVocabulary"/>. The legal basis is its
/// letter, an en dash and its label: « e – Exécution d'une mission d'intérêt public… »; the import reads the
/// letter before « – ».
/// </para>
/// <para>
/// <b>Multi-valued cells</b> hold one item per line (lines separated by LF). An item's parts are separated by
/// « | » (written with a space each side) in the fixed order given for each column; every part is present,
/// empty when the field is empty, so that the n-th part is always the same field. Inside a part, « \ » is
/// written « \\ », « | » is written « \| » and a line break is written « \n », so that splitting on unescaped
/// « | » and on lines is exact. Parts are trimmed when read. Catalogue items start with the catalogue
/// <b>code</b>, which is what the import reads; the label after it is there for people and is ignored.
/// </para>
/// <para>
/// <b>Formulas</b>: in CSV, a cell whose text starts with « = », « + », « - », « @ », a tab or a carriage return is
/// written with a leading apostrophe (« '=1+1 »), so that a spreadsheet never runs it (CSV injection); the
/// import removes one leading apostrophe from such a cell. In XLSX every cell is typed as text, which a
/// spreadsheet never evaluates: no apostrophe is added.
/// </para>
/// </summary>
public static class FlatRegister
{
    /// <summary>Written in the « À propos » sheet; the import refuses a version it does not know.</summary>
    public const string FormatVersion = "egide-registre-plat/1";

    public const char PartSeparator = '|';

    public static class Headers
    {
        public const string Reference = "Référence";
        public const string Name = "Nom du traitement";
        public const string Role = "Rôle de l'organisme";
        public const string Service = "Service";
        public const string Status = "Statut";
        public const string Description = "Description";
        public const string Controller = "Responsable du traitement";
        public const string Representative = "Représentant";
        public const string JointControllers = "Responsables conjoints";
        public const string ClientControllers = "Responsables pour le compte desquels l'organisme traite";
        public const string MainPurpose = "Finalité principale";
        public const string SubPurposes = "Sous-finalités";
        public const string LegalBasis = "Base légale";
        public const string LegalBasisJustification = "Justification de la base légale";
        public const string DataCategories = "Catégories de données";
        public const string SpecialData = "Données sensibles";
        public const string DataSubjects = "Personnes concernées";
        public const string Recipients = "Destinataires";
        public const string Transfers = "Transferts hors UE";
        public const string SecurityMeasures = "Mesures de sécurité";
        public const string SecurityDetails = "Détail des mesures";
        public const string DataSource = "Source des données";
        public const string CollectionMethod = "Mode de collecte";
        public const string Software = "Logiciels";
        public const string Media = "Supports";
        public const string AiUse = "Usage de l'IA";
        public const string AiDescription = "Description de l'IA";
        public const string EdpbCriteria = "Critères CEPD";
        public const string CnilDpiaList = "Liste CNIL";
        public const string DpiaDecision = "Décision AIPD";
        public const string DpiaDecisionReason = "Justification AIPD";
        public const string DpoOpinion = "Avis du DPO";
        public const string DpoOpinionText = "Observations du DPO";
        public const string DpoOpinionBy = "Avis donné par";
        public const string DpoOpinionAt = "Avis donné le";
        public const string ValidatedBy = "Validé par";
        public const string ValidatedAt = "Validé le";
        public const string CreatedAt = "Créé le";
        public const string UpdatedAt = "Modifié le";
        public const string LastReviewedAt = "Dernière revue";
        public const string Version = "Version";
    }

    /// <summary>A column: its header, its width in the XLSX sheet (characters), and how a snapshot fills it.</summary>
    public sealed record Column(string Header, double Width, Func<ActivitySnapshot, FlatContext, string> Value);

    /// <summary>What filling a row needs besides the snapshot: catalogue labels and the organisation's processors.</summary>
    public sealed record FlatContext(RegisterCatalogs Catalogs, IReadOnlyDictionary<Guid, string> ProcessorNames);

    /// <summary>
    /// Every column, in order. Multi-valued columns and their parts:
    /// <list type="bullet">
    /// <item>Responsable du traitement, Représentant (one item), Responsables conjoints, Responsables pour le compte
    /// desquels l'organisme traite: <c>nom | adresse | code postal | ville | pays | téléphone | courriel</c>;</item>
    /// <item>Sous-finalités: one purpose per line (one part);</item>
    /// <item>Catégories de données: <c>code | libellé | description | durée de conservation | sort final</c>;</item>
    /// <item>Données sensibles: « Oui » or « Non », computed from the catalogue (art. 9 and 10); not read back;</item>
    /// <item>Personnes concernées: <c>code | libellé | précisions | volume estimé</c> (a whole number, no spaces);</item>
    /// <item>Destinataires: <c>code | libellé | précisions | sous-traitant</c> (the processor's name, empty if none);</item>
    /// <item>Transferts hors UE: <c>destinataire | code pays (ISO 3166-1 alpha-2) | pays | garantie | documentation</c>;</item>
    /// <item>Mesures de sécurité: <c>code | libellé | précisions</c>;</item>
    /// <item>Critères CEPD, Liste CNIL: <c>code | libellé</c>.</item>
    /// </list>
    /// </summary>
    public static readonly IReadOnlyList<Column> Columns =
    [
        new(Headers.Reference, 12, (s, _) => s.Reference),
        new(Headers.Name, 35, (s, _) => s.Name),
        new(Headers.Role, 22, (s, _) => RegisterVocabulary.Roles.Label(s.Role)),
        new(Headers.Service, 20, (s, _) => s.ResponsibleService ?? ""),
        new(Headers.Status, 18, (s, _) => RegisterVocabulary.Statuses.Label(s.Status)),
        new(Headers.Description, 45, (s, _) => s.Content.Description ?? ""),
        new(Headers.Controller, 35, (s, _) => s.Content.Controller is { } c ? Contact(c) : ""),
        new(Headers.Representative, 35, (s, _) => s.Content.Representative is { } c ? Contact(c) : ""),
        new(Headers.JointControllers, 35, (s, _) => Lines(s.Content.JointControllers.Select(Contact))),
        new(Headers.ClientControllers, 35, (s, _) => Lines(s.Content.ClientControllers.Select(Contact))),
        new(Headers.MainPurpose, 40, (s, _) => s.Content.MainPurpose),
        new(Headers.SubPurposes, 40, (s, _) => Lines(s.Content.SubPurposes.Select(p => Item(p)))),
        new(Headers.LegalBasis, 35, (s, x) => LegalBasis(s.Content.LegalBasisCode, x.Catalogs)),
        new(Headers.LegalBasisJustification, 40, (s, _) => s.Content.LegalBasisJustification ?? ""),
        new(Headers.DataCategories, 60, (s, x) => Lines(s.Content.DataCategories.Select(d => Item(
            d.CategoryCode, x.Catalogs.Label(x.Catalogs.DataCategories, d.CategoryCode), d.Description, d.RetentionPeriod,
            d.FinalFate is { } fate ? RegisterVocabulary.FinalFates.Label(fate) : null)))),
        new(Headers.SpecialData, 10, (s, x) => s.Content.DataCategories.Any(d =>
            x.Catalogs.DataCategories.TryGetValue(d.CategoryCode, out var e) && e.Nature is DataCategoryNature.Special or DataCategoryNature.Offence)
            ? "Oui" : "Non"),
        new(Headers.DataSubjects, 45, (s, x) => Lines(s.Content.DataSubjects.Select(d => Item(
            d.CategoryCode, x.Catalogs.Label(x.Catalogs.DataSubjectCategories, d.CategoryCode), d.Details,
            d.EstimatedVolume?.ToString(CultureInfo.InvariantCulture))))),
        new(Headers.Recipients, 45, (s, x) => Lines(s.Content.Recipients.Select(r => Item(
            r.TypeCode, x.Catalogs.Label(x.Catalogs.RecipientTypes, r.TypeCode), r.Details,
            r.ProcessorId is { } p && x.ProcessorNames.TryGetValue(p, out var name) ? name : null)))),
        new(Headers.Transfers, 50, (s, x) => Lines(s.Content.Transfers.Select(t => Item(
            t.Recipient, t.CountryCode, x.Catalogs.Countries.TryGetValue(t.CountryCode, out var country) ? country.Name : null,
            RegisterVocabulary.Safeguards.Label(t.Safeguard), t.Documentation)))),
        new(Headers.SecurityMeasures, 45, (s, x) => Lines(s.Content.SecurityMeasures.Select(m => Item(
            m.MeasureCode, x.Catalogs.Label(x.Catalogs.SecurityMeasures, m.MeasureCode), m.Details)))),
        new(Headers.SecurityDetails, 40, (s, _) => s.Content.SecurityDetails ?? ""),
        new(Headers.DataSource, 30, (s, _) => s.Content.DataSource ?? ""),
        new(Headers.CollectionMethod, 30, (s, _) => s.Content.CollectionMethod ?? ""),
        new(Headers.Software, 25, (s, _) => s.Content.Software ?? ""),
        new(Headers.Media, 25, (s, _) => s.Content.Media ?? ""),
        new(Headers.AiUse, 30, (s, _) => RegisterVocabulary.AiUses.Label(s.Content.AiUse)),
        new(Headers.AiDescription, 35, (s, _) => s.Content.AiDescription ?? ""),
        new(Headers.EdpbCriteria, 40, (s, x) => Lines(s.Content.EdpbCriteria.Select(c => Item(c, x.Catalogs.Label(x.Catalogs.EdpbCriteria, c))))),
        new(Headers.CnilDpiaList, 40, (s, x) => Lines(s.Content.CnilDpiaListMatches.Select(c => Item(c, x.Catalogs.Label(x.Catalogs.CnilDpiaList, c))))),
        new(Headers.DpiaDecision, 20, (s, _) => RegisterVocabulary.DpiaDecisions.Label(s.Content.DpiaDecision)),
        new(Headers.DpiaDecisionReason, 35, (s, _) => s.Content.DpiaDecisionReason ?? ""),
        new(Headers.DpoOpinion, 20, (s, _) => s.DpoOpinion is { } o ? RegisterVocabulary.DpoOpinions.Label(o) : ""),
        new(Headers.DpoOpinionText, 35, (s, _) => s.DpoOpinionText ?? ""),
        new(Headers.DpoOpinionBy, 20, (s, _) => s.DpoOpinionBy ?? ""),
        new(Headers.DpoOpinionAt, 12, (s, _) => Date(s.DpoOpinionAt)),
        new(Headers.ValidatedBy, 20, (s, _) => s.ValidatedBy ?? ""),
        new(Headers.ValidatedAt, 12, (s, _) => Date(s.ValidatedAt)),
        new(Headers.CreatedAt, 12, (s, _) => Date(s.CreatedAt)),
        new(Headers.UpdatedAt, 12, (s, _) => Date(s.UpdatedAt)),
        new(Headers.LastReviewedAt, 12, (s, _) => Date(s.LastReviewedAt)),
        new(Headers.Version, 9, (s, _) => s.Version.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The row of one activity, a cell per column, before any formula neutralisation.</summary>
    public static IReadOnlyList<string> Row(ActivitySnapshot snapshot, FlatContext context) =>
        Columns.Select(c => c.Value(snapshot, context)).ToList();

    /// <summary>« e – Exécution d'une mission… », or empty when no basis is chosen.</summary>
    public static string LegalBasis(string? code, RegisterCatalogs catalogs) =>
        code is null ? "" : $"{code} – {catalogs.Label(catalogs.LegalBases, code)}";

    /// <summary>dd/MM/yyyy, the day in Paris; empty for no date.</summary>
    public static string Date(DateTime? utc) => utc is { } instant ? FrenchFormat.Date(instant) : "";

    /// <summary>One item of a multi-valued cell: its parts escaped and joined by « | ».</summary>
    public static string Item(params string?[] parts) =>
        string.Join($" {PartSeparator} ", parts.Select(p => Escape(p ?? "")));

    /// <summary>Splits an item back into its trimmed, unescaped parts (the import's side of <see cref="Item"/>).</summary>
    public static IReadOnlyList<string> Parts(string item)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < item.Length; i++)
        {
            var c = item[i];
            if (c == '\\' && i + 1 < item.Length)
            {
                var next = item[++i];
                current.Append(next switch { 'n' => '\n', _ => next });
            }
            else if (c == PartSeparator)
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        parts.Add(current.ToString().Trim());
        return parts;
    }

    /// <summary>The items of a multi-valued cell (one per non-empty line).</summary>
    public static IReadOnlyList<string> Items(string cell) =>
        cell.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToList();

    /// <summary>True when a spreadsheet would take the cell for a formula.</summary>
    public static bool LooksLikeFormula(string cell) => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The CSV writer's neutralisation: a leading apostrophe before formula-like text.</summary>
    public static string Neutralise(string cell) => LooksLikeFormula(cell) ? "'" + cell : cell;

    /// <summary>The import's side of <see cref="Neutralise"/>: removes the apostrophe it added.</summary>
    public static string Restore(string cell) => cell.Length > 1 && cell[0] == '\'' && LooksLikeFormula(cell[1..]) ? cell[1..] : cell;

    private static string Escape(string part) =>
        part.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\n", StringComparison.Ordinal);

    private static string Lines(IEnumerable<string> items) => string.Join("\n", items);

    private static string Contact(ActorContact c) => Item(c.Name, c.Address, c.PostalCode, c.City, c.Country, c.Phone, c.Email);
}
