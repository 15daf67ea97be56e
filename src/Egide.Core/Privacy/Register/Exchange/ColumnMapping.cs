using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Egide.Core.Common;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// Which column of a flat file feeds which field of the register: Egide's field (a header of
/// <see cref="FlatRegister.Headers"/>) → the file's header. A field left out is not imported: an entry already in the
/// register keeps its value, a new one starts empty. Saved per organisation and per set of headers, so that the next
/// file laid out the same way is mapped without asking (<see cref="RegisterImportMapping"/>); also written as a JSON
/// file for the CLI: <c>{ "Nom du traitement": "Intitulé", … }</c>.
/// </summary>
public sealed record ColumnMapping(IReadOnlyDictionary<string, string> Columns)
{
    /// <summary>The fields an import can write, in the flat layout's order; the others (status, opinion, dates, version) are Egide's.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        FlatRegister.Headers.Reference, FlatRegister.Headers.Name, FlatRegister.Headers.Role, FlatRegister.Headers.Service,
        FlatRegister.Headers.Description, FlatRegister.Headers.Controller, FlatRegister.Headers.Representative,
        FlatRegister.Headers.JointControllers, FlatRegister.Headers.ClientControllers, FlatRegister.Headers.MainPurpose,
        FlatRegister.Headers.SubPurposes, FlatRegister.Headers.LegalBasis, FlatRegister.Headers.LegalBasisJustification,
        FlatRegister.Headers.DataCategories, FlatRegister.Headers.DataSubjects, FlatRegister.Headers.Recipients,
        FlatRegister.Headers.Transfers, FlatRegister.Headers.SecurityMeasures, FlatRegister.Headers.SecurityDetails,
        FlatRegister.Headers.DataSource, FlatRegister.Headers.CollectionMethod, FlatRegister.Headers.Software,
        FlatRegister.Headers.Media, FlatRegister.Headers.AiUse, FlatRegister.Headers.AiDescription,
        FlatRegister.Headers.EdpbCriteria, FlatRegister.Headers.CnilDpiaList, FlatRegister.Headers.DpiaDecision,
        FlatRegister.Headers.DpiaDecisionReason,
    ];

    /// <summary>Without these two, no row can be matched to an entry nor named.</summary>
    public static readonly IReadOnlyList<string> RequiredFields = [FlatRegister.Headers.Reference, FlatRegister.Headers.Name];

    /// <summary>Headers people commonly give these fields in their own spreadsheets (compared without case or accents).</summary>
    private static readonly Dictionary<string, string[]> Synonyms = new()
    {
        [FlatRegister.Headers.Reference] = ["Réf", "Ref.", "Réf.", "N°", "N° / RÉF", "Numéro", "Identifiant", "Code"],
        [FlatRegister.Headers.Name] = ["Traitement", "Nom", "Intitulé", "Intitulé du traitement", "Libellé"],
        [FlatRegister.Headers.MainPurpose] = ["Finalité", "Finalités", "Finalité du traitement", "Objectif"],
        [FlatRegister.Headers.Service] = ["Service responsable", "Direction", "Service gestionnaire"],
        [FlatRegister.Headers.LegalBasis] = ["Base juridique", "Fondement juridique", "Licéité"],
        [FlatRegister.Headers.DataCategories] = ["Données", "Données traitées", "Catégories de données personnelles"],
        [FlatRegister.Headers.DataSubjects] = ["Catégories de personnes", "Personnes", "Catégories de personnes concernées"],
        [FlatRegister.Headers.Recipients] = ["Destinataire", "Destinataires des données"],
        [FlatRegister.Headers.Transfers] = ["Transferts", "Transfert hors UE"],
        [FlatRegister.Headers.SecurityMeasures] = ["Sécurité", "Mesures de sécurité techniques et organisationnelles"],
        [FlatRegister.Headers.Software] = ["Logiciel", "Application", "Applications"],
    };

    private static readonly HashSet<string> EgideOnly = new(
        FlatRegister.Columns.Select(c => c.Header).Except(Fields).Select(TextSearch.Key), StringComparer.Ordinal);

    /// <summary>Each field whose header, or a usual synonym, is a header of the file.</summary>
    public static ColumnMapping Automatic(IReadOnlyList<string> headers)
    {
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in headers.Where(h => h.Length > 0))
        {
            byKey.TryAdd(TextSearch.Key(header), header);
        }
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            if (byKey.TryGetValue(TextSearch.Key(field), out var header) && used.Add(header))
            {
                columns[field] = header;
            }
        }
        foreach (var field in Fields.Where(f => !columns.ContainsKey(f) && Synonyms.ContainsKey(f)))
        {
            foreach (var synonym in Synonyms[field])
            {
                if (byKey.TryGetValue(TextSearch.Key(synonym), out var header) && used.Add(header))
                {
                    columns[field] = header;
                    break;
                }
            }
        }
        return new ColumnMapping(columns);
    }

    /// <summary>What is wrong with this mapping for these headers, in French; empty when it can be used.</summary>
    public IReadOnlyList<string> Check(IReadOnlyList<string> headers)
    {
        var problems = new List<string>();
        var present = headers.Where(h => h.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var field in RequiredFields.Where(f => !Columns.ContainsKey(f)))
        {
            problems.Add($"Indiquez la colonne qui contient le champ « {field} » : il est nécessaire pour reconnaître chaque traitement.");
        }
        foreach (var (field, header) in Columns)
        {
            if (!Fields.Contains(field))
            {
                problems.Add($"« {field} » n'est pas un champ que l'import peut remplir.");
            }
            else if (!present.Contains(header))
            {
                problems.Add($"Le champ « {field} » est associé à la colonne « {header} », qui n'est pas dans ce fichier.");
            }
        }
        foreach (var twice in Columns.GroupBy(c => c.Value, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"La colonne « {twice.Key} » est associée à plusieurs champs ({string.Join(", ", twice.Select(c => $"« {c.Key} »"))}) : une colonne n'en remplit qu'un.");
        }
        return problems;
    }

    /// <summary>Headers of the file no field reads, except Egide's own computed columns (status, dates, version…), which are ignored silently.</summary>
    public IReadOnlyList<string> Ignored(IReadOnlyList<string> headers)
    {
        var read = Columns.Values.ToHashSet(StringComparer.Ordinal);
        return headers.Where(h => h.Length > 0 && !read.Contains(h) && !EgideOnly.Contains(TextSearch.Key(h))).ToList();
    }

    /// <summary>Identifies a layout: the same headers in the same order give the same signature.</summary>
    public static string Signature(IReadOnlyList<string> headers) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", headers.Select(h => h.Trim())))));

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(Fields.Where(Columns.ContainsKey).ToDictionary(f => f, f => Columns[f]), JsonOptions);

    /// <exception cref="FormatException">The text is not a JSON object of strings; the message is French.</exception>
    public static ColumnMapping FromJson(string json)
    {
        try
        {
            var columns = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
            if (columns is null)
            {
                throw new FormatException("La correspondance est vide.");
            }
            return new ColumnMapping(columns.Where(c => !string.IsNullOrWhiteSpace(c.Value))
                .ToDictionary(c => c.Key.Trim(), c => c.Value.Trim(), StringComparer.Ordinal));
        }
        catch (JsonException)
        {
            throw new FormatException("La correspondance n'est pas un objet JSON de la forme { \"Nom du traitement\": \"Intitulé\", … }.");
        }
    }
}
