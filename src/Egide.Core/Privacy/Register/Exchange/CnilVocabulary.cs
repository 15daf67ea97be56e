using Egide.Core.Common;
using Egide.Core.Privacy.Catalogs;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// The CNIL simplified model's wording of categories, persons, recipients, measures and safeguards, both ways:
/// the import (<see cref="CnilSheet"/>) reads it into Egide's catalogue codes, the export (<see cref="CnilModelExport"/>)
/// writes a code back with the model's own label. A code the model has no label for is written with Egide's label,
/// which the import also reads.
/// </summary>
public static class CnilVocabulary
{
    /// <summary>The prompt the model leaves in list cells nobody filled.</summary>
    public const string Placeholder = "selectionnez un element dans cette liste deroulante";

    // The first label given for a code is the one the export writes (the model's current wording, typo included).
    public static readonly CnilLabels DataCategories = new(
        ("État civil, identité, données d'identification, images…", "etat-civil"),
        ("Vie personnelle (habitudes de vie, situation familiale, etc.)", "vie-personnelle"),
        ("Vie professionnelle (CV, scolarité, formation professionnelle, distinctions, etc.)", "vie-professionnelle"),
        ("Informations d'ordre économique et financier (revenus, situation financière, situation fiscale, etc.)", "economique-financier"),
        ("Données de connexion (adress IP, logs, etc.)", "connexion"),
        ("Données de connexion (adresse IP, logs, etc.)", "connexion"),
        ("Données de localisation (déplacements, données GPS, GSM, etc.)", "localisation"),
        ("Numéro de Sécurité Sociale (ou NIR)", "nir"),
        ("Données révélant l'origine raciale ou ethnique", "origine-ethnique"),
        ("Données révélant les opinions politiques", "opinions-politiques"),
        ("Données révélant les convictions religieuses ou philosophiques", "convictions"),
        ("Données révélant l'appartenance syndicale", "syndicat"),
        ("Données génétiques", "genetiques"),
        ("Données biométriques aux fins d'identifier une personne physique de manière unique", "biometriques"),
        ("Données concernant la santé", "sante"),
        ("Données concernant la vie sexuelle ou l'orientation sexuelle", "vie-sexuelle"),
        ("Données relatives à des condamnations pénales ou infractions", "infractions"));

    public static readonly CnilLabels Subjects = new(
        ("Salariés", "agents"), ("Services Internes", "agents"), ("Clients", "usagers"), ("Fournisseurs", "fournisseurs"),
        ("Prestataires", "fournisseurs"), ("Autres (préciser)", "autres"), ("Prospects", "autres"), ("Candidats", "candidats"));

    public static readonly CnilLabels Recipients = new(
        ("Service interne qui traite les données", "service-interne"), ("Sous-traitants", "sous-traitant"),
        ("Destinataires dans des pays tiers ou organisations internationales", "pays-tiers"),
        ("Partenaires institutionnels ou commerciaux", "partenaire"), ("Autre (Préciser)", "autre"));

    public static readonly CnilLabels Measures = new(
        ("Mesures de traçabilité", "tracabilite"), ("Mesures de protection des logiciels", "protection-logiciels"),
        ("Sauvegarde des données", "sauvegarde"), ("Chiffrement des données", "chiffrement"),
        ("Contrôle d'accès des utilisateurs", "controle-acces"), ("Contrôle des sous-traitants", "controle-sous-traitants"),
        ("Autres mesures (à préciser)", "autres"));

    private static readonly (string Label, TransferSafeguard Value)[] SafeguardLabels =
    [
        ("Clauses contractuelles types (CCT)", TransferSafeguard.StandardContractualClauses),
        ("Règles d'entreprise contraignantes (BCR)", TransferSafeguard.BindingCorporateRules),
        ("Pays adéquat", TransferSafeguard.AdequacyDecision),
        ("Code de conduite", TransferSafeguard.CodeOfConduct),
        ("Certification", TransferSafeguard.Certification),
        ("Dérogations (art 49)", TransferSafeguard.Derogation),
    ];

    private static readonly Dictionary<string, TransferSafeguard> SafeguardsByKey =
        SafeguardLabels.ToDictionary(s => Key(s.Label), s => s.Value, StringComparer.Ordinal);

    /// <summary>A safeguard from the model's list, or Egide's own label (for those the model lacks).</summary>
    public static bool TryParseSafeguard(string text, out TransferSafeguard safeguard) =>
        SafeguardsByKey.TryGetValue(Key(text), out safeguard) || RegisterVocabulary.Safeguards.TryParse(text, out safeguard);

    /// <summary>The model's label of a safeguard; Egide's for the ones it lacks; empty for none.</summary>
    public static string SafeguardLabel(TransferSafeguard safeguard) =>
        safeguard == TransferSafeguard.None ? ""
        : SafeguardLabels.Where(s => s.Value == safeguard).Select(s => s.Label).FirstOrDefault() ?? RegisterVocabulary.Safeguards.Label(safeguard);

    /// <summary>Labels compared without case, accents, trailing ellipsis or extra spaces.</summary>
    public static string Key(string text) =>
        TextSearch.Key(text.Replace("…", "", StringComparison.Ordinal).Replace("...", "", StringComparison.Ordinal)).TrimEnd(' ', ',');
}

/// <summary>One of the model's lists: its labels, each with the catalogue code it stands for.</summary>
public sealed class CnilLabels
{
    private readonly Dictionary<string, string> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);

    public CnilLabels(params (string Label, string Code)[] entries)
    {
        foreach (var (label, code) in entries)
        {
            _codes.Add(CnilVocabulary.Key(label), code);
            _labels.TryAdd(code, label);
        }
    }

    /// <summary>True when the text is one of the model's labels (not Egide's).</summary>
    public bool IsModelLabel(string text) => _codes.ContainsKey(CnilVocabulary.Key(text));

    /// <summary>The code of a model label, or of an Egide catalogue label (a file exported from Egide, or typed from its list).</summary>
    public string? Code(string text, IReadOnlyDictionary<string, CatalogEntry> catalog)
    {
        var key = CnilVocabulary.Key(text);
        return _codes.TryGetValue(key, out var code) ? code : catalog.Values.FirstOrDefault(e => CnilVocabulary.Key(e.Label) == key)?.Code;
    }

    /// <summary>The model's label of a code, or the catalogue's when the model has none.</summary>
    public string Label(string code, IReadOnlyDictionary<string, CatalogEntry> catalog) =>
        _labels.TryGetValue(code, out var label) ? label : catalog.TryGetValue(code, out var entry) ? entry.Label : code;
}
