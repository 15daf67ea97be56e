using Egide.Core.Common;
using Egide.Core.Privacy.Catalogs;
using Egide.Core.Spreadsheets;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>A problem found in a file to import, where a person can find it: sheet, row, column.</summary>
/// <param name="Blocking">Nothing is imported while a blocking problem remains; the others are warnings.</param>
public sealed record ImportProblem(string Sheet, int Row, int Column, string Message, bool Blocking = true)
{
    public string Cell => Row > 0 && Column > 0 ? SheetCell.ColumnName(Column) + Row : "";
}

/// <summary>One activity read from a sheet laid out like the CNIL's « Modèle de fiche de registre ».</summary>
/// <param name="IsBlank">No name and nothing else filled: a fiche nobody filled (such as the model's own template).</param>
public sealed record CnilSheetResult(ActivityInput? Activity, IReadOnlyList<ImportProblem> Problems, DateOnly? CreatedOn, DateOnly? UpdatedOn, bool IsBlank = false);

/// <summary>
/// Reads one activity sheet of the CNIL's simplified register model (sheets « 3_-_Modèle_de_fiche_de_registre »
/// and « 4_-_Exemple_de_fiche »): labels in column A, values to their right, each table found by its header row.
/// The CNIL's wording of categories, recipients, measures and safeguards is mapped to Egide's catalogue codes; what
/// cannot be mapped is named with its cell. The CNIL model has no legal basis: imported entries get none (and the
/// alert that says so).
/// </summary>
public static class CnilSheet
{
    /// <summary>The prompt the model leaves in list cells nobody filled.</summary>
    private const string Placeholder = "selectionnez un element dans cette liste deroulante";

    private static readonly Dictionary<string, string> DataCategories = Map(
        ("État civil, identité, données d'identification, images", "etat-civil"),
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

    private static readonly Dictionary<string, string> Subjects = Map(
        ("Salariés", "agents"), ("Services Internes", "agents"), ("Clients", "usagers"), ("Fournisseurs", "fournisseurs"),
        ("Prestataires", "fournisseurs"), ("Prospects", "autres"), ("Candidats", "candidats"), ("Autres (préciser)", "autres"));

    private static readonly Dictionary<string, string> Recipients = Map(
        ("Service interne qui traite les données", "service-interne"), ("Sous-traitants", "sous-traitant"),
        ("Destinataires dans des pays tiers ou organisations internationales", "pays-tiers"),
        ("Partenaires institutionnels ou commerciaux", "partenaire"), ("Autre (Préciser)", "autre"));

    private static readonly Dictionary<string, string> Measures = Map(
        ("Mesures de traçabilité", "tracabilite"), ("Mesures de protection des logiciels", "protection-logiciels"),
        ("Sauvegarde des données", "sauvegarde"), ("Chiffrement des données", "chiffrement"),
        ("Contrôle d'accès des utilisateurs", "controle-acces"), ("Contrôle des sous-traitants", "controle-sous-traitants"),
        ("Autres mesures (à préciser)", "autres"));

    private static readonly Dictionary<string, TransferSafeguard> Safeguards = new(StringComparer.Ordinal)
    {
        [Key("Clauses contractuelles types (CCT)")] = TransferSafeguard.StandardContractualClauses,
        [Key("Règles d'entreprise contraignantes (BCR)")] = TransferSafeguard.BindingCorporateRules,
        [Key("Pays adéquat")] = TransferSafeguard.AdequacyDecision,
        [Key("Code de conduite")] = TransferSafeguard.CodeOfConduct,
        [Key("Certification")] = TransferSafeguard.Certification,
        [Key("Dérogations (art 49)")] = TransferSafeguard.Derogation,
    };

    private enum Section
    {
        None,
        Actors,
        DataCategories,
        Subjects,
        Recipients,
        Measures,
        Transfers,
    }

    /// <summary>A fiche: « Nom du traitement » and « N° / RÉF » as labels in column A (the list sheet has them as column headers).</summary>
    public static bool IsActivitySheet(Sheet sheet)
    {
        var labels = sheet.Cells.Where(c => c.Column == 1).Select(c => Key(c.Text)).ToHashSet(StringComparer.Ordinal);
        return labels.Contains("nom du traitement") && labels.Contains("n° / ref");
    }

    public static CnilSheetResult Read(Sheet sheet, RegisterCatalogs catalogs)
    {
        var problems = new List<ImportProblem>();
        void Problem(SheetCell cell, string message, bool blocking = true) => problems.Add(new ImportProblem(sheet.Name, cell.Row, cell.Column, message, blocking));

        string? name = null, reference = null, mainPurpose = null;
        DateOnly? created = null, updated = null;
        ActorContact? controller = null, representative = null;
        var joint = new List<ActorContact>();
        var subPurposes = new List<string>();
        var categories = new List<DataCategoryUse>();
        var subjects = new List<DataSubjectUse>();
        var recipients = new List<RecipientUse>();
        var measures = new List<SecurityMeasureUse>();
        var transfers = new List<TransferUse>();
        var section = Section.None;
        var header = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var row in sheet.Cells.Where(c => c.Column == 1).OrderBy(c => c.Row))
        {
            var label = Key(row.Text);
            SheetCell? At(int column) => column > 0 ? sheet[row.Row, column] : null;
            string? Value(int column) => At(column) is { } cell && Key(cell.Text) is var k && k.Length > 0 && !k.StartsWith(Placeholder, StringComparison.Ordinal) ? cell.Text.Trim() : null;
            int Col(string title) => header.TryGetValue(Key(title), out var c) ? c : 0;
            foreach (var cell in sheet.Cells.Where(c => c.Row == row.Row && c.IsFormula))
            {
                Problem(cell, "Cellule calculée par une formule : sa valeur affichée est reprise telle quelle.", blocking: false);
            }

            var startsSection = label switch
            {
                "acteurs" => Section.Actors,
                _ when label.StartsWith("categories de donnees personnelles", StringComparison.Ordinal) || label == "donnees sensibles" => Section.DataCategories,
                "categories de personnes concernees" => Section.Subjects,
                "destinataires" => Section.Recipients,
                "mesures de securite" => Section.Measures,
                "transferts hors ue" => Section.Transfers,
                _ => Section.None,
            };
            if (startsSection != Section.None)
            {
                section = startsSection;
                header = sheet.Cells.Where(c => c.Row == row.Row && c.Column > 1).GroupBy(c => Key(c.Text))
                    .ToDictionary(g => g.Key, g => g.First().Column, StringComparer.Ordinal);
                continue;
            }

            switch (label)
            {
                case "nom du traitement":
                    name = Value(2);
                    section = Section.None;
                    continue;
                case "n° / ref":
                    reference = Value(2);
                    continue;
                case "date de creation du traitement":
                    created = DateOf(At(2), Problem);
                    continue;
                case "mise a jour du traitement":
                    updated = DateOf(At(2), Problem);
                    continue;
                case "finalite principale":
                    mainPurpose = Value(2);
                    section = Section.None;
                    continue;
                case var s when s.StartsWith("sous-finalite", StringComparison.Ordinal):
                    if (Value(2) is { } sub)
                    {
                        subPurposes.Add(sub);
                    }
                    continue;
            }

            switch (section)
            {
                case Section.Actors:
                    var contact = Value(Col("Nom")) is { } actorName
                        ? new ActorContact
                        {
                            Name = actorName, Address = Value(Col("Adresse")), PostalCode = Value(Col("Code Postal")), City = Value(Col("Ville")),
                            Country = Value(Col("Pays")), Phone = Value(Col("Téléphone")), Email = Value(Col("Adresse mél")),
                        }
                        : null;
                    if (contact is null)
                    {
                        break;
                    }
                    if (label == "responsable du traitement")
                    {
                        controller = contact;
                    }
                    else if (label == "representant")
                    {
                        representative = contact;
                    }
                    else if (label.StartsWith("responsable(s) conjoint", StringComparison.Ordinal))
                    {
                        joint.Add(contact);
                    }
                    // The DPO is the organisation's (its page in Egide), not one per entry: not read here.
                    break;
                case Section.DataCategories:
                    var description = Value(Col("Description"));
                    var retention = Value(Col("Durée de conservation"));
                    if (description is null && retention is null)
                    {
                        break; // a category of the model left empty: not processed
                    }
                    if (Code(DataCategories, row.Text, catalogs.DataCategories) is { } category)
                    {
                        categories.Add(new DataCategoryUse { CategoryCode = category, Description = description, RetentionPeriod = retention });
                    }
                    else
                    {
                        Problem(row, $"Catégorie de données inconnue : « {row.Text.Trim()} ».");
                    }
                    break;
                case Section.Subjects when Value(2) is { } subject:
                    if (Code(Subjects, subject, catalogs.DataSubjectCategories) is { } subjectCode)
                    {
                        subjects.Add(new DataSubjectUse { CategoryCode = subjectCode, Details = Value(Col("Précisions")) ?? (Subjects.ContainsKey(Key(subject)) ? null : subject) });
                    }
                    else
                    {
                        Problem(At(2)!, $"Catégorie de personnes inconnue : « {subject} ».");
                    }
                    break;
                case Section.Recipients when Value(2) is { } recipient:
                    if (Code(Recipients, recipient, catalogs.RecipientTypes) is { } recipientCode)
                    {
                        recipients.Add(new RecipientUse { TypeCode = recipientCode, Details = Value(Col("Précisions")) });
                    }
                    else
                    {
                        Problem(At(2)!, $"Type de destinataire inconnu : « {recipient} ».");
                    }
                    break;
                case Section.Measures when Value(2) is { } measure:
                    if (Code(Measures, measure, catalogs.SecurityMeasures) is { } measureCode)
                    {
                        measures.Add(new SecurityMeasureUse { MeasureCode = measureCode, Details = Value(Col("Précisions")) });
                    }
                    else
                    {
                        Problem(At(2)!, $"Mesure de sécurité inconnue : « {measure} ».");
                    }
                    break;
                case Section.Transfers when Value(2) is { } transferRecipient:
                    var countryName = Value(Col("Pays"));
                    var country = catalogs.Countries.Values.FirstOrDefault(c => Key(c.Name) == Key(countryName ?? ""));
                    if (country is null)
                    {
                        Problem(At(Col("Pays")) ?? row, countryName is null ? "Transfert sans pays : indiquez le pays du destinataire." : $"Pays inconnu : « {countryName} ».");
                        break;
                    }
                    var safeguardText = Value(Col("Type de Garanties"));
                    var safeguard = TransferSafeguard.None;
                    if (safeguardText is not null && !Safeguards.TryGetValue(Key(safeguardText), out safeguard))
                    {
                        // The Privacy Shield was invalidated in July 2020 (CJEU, C-311/18): it frames nothing any more.
                        Problem(At(Col("Type de Garanties"))!, Key(safeguardText) == "privacy shield"
                            ? "Le « Privacy Shield » est invalidé depuis juillet 2020 : le transfert est importé sans garantie ; indiquez celle qui s'applique aujourd'hui."
                            : $"Garantie inconnue : « {safeguardText} » : le transfert est importé sans garantie.", blocking: false);
                    }
                    transfers.Add(new TransferUse { Recipient = transferRecipient, CountryCode = country.Code, Safeguard = safeguard, Documentation = Value(Col("Liens vers la documentation")) });
                    break;
            }
        }

        var nameCell = sheet.Cells.FirstOrDefault(c => c.Column == 1 && Key(c.Text) == "nom du traitement");
        if (name is null)
        {
            problems.Add(new ImportProblem(sheet.Name, nameCell?.Row ?? 0, nameCell is null ? 0 : 2, "Le nom du traitement est vide : il est obligatoire."));
        }
        if (reference is null)
        {
            var referenceCell = sheet.Cells.FirstOrDefault(c => c.Column == 1 && Key(c.Text) == "n° / ref");
            problems.Add(new ImportProblem(sheet.Name, referenceCell?.Row ?? 0, referenceCell is null ? 0 : 2, "La référence (N° / RÉF) est vide : elle est obligatoire."));
        }
        var activity = name is null || reference is null
            ? null
            : new ActivityInput
            {
                Reference = reference,
                Name = name,
                Role = joint.Count > 0 ? ProcessingRole.JointController : ProcessingRole.Controller,
                Content = new ActivityContent
                {
                    Controller = controller,
                    Representative = representative,
                    JointControllers = joint,
                    MainPurpose = mainPurpose ?? "",
                    SubPurposes = subPurposes,
                    DataCategories = categories,
                    DataSubjects = subjects,
                    Recipients = recipients,
                    Transfers = transfers,
                    SecurityMeasures = measures,
                },
            };
        // The model's own template carries a sample reference (« ref-001 ») and nothing else.
        var isBlank = name is null && mainPurpose is null && subPurposes.Count == 0 && categories.Count == 0 && subjects.Count == 0
            && recipients.Count == 0 && measures.Count == 0 && transfers.Count == 0;
        return new CnilSheetResult(activity, problems, created, updated, isBlank);
    }

    private static DateOnly? DateOf(SheetCell? cell, Action<SheetCell, string, bool> problem)
    {
        if (cell is null || Key(cell.Text).Length == 0)
        {
            return null;
        }
        if (cell.Type == CellType.Date && cell.Date is { } date)
        {
            return DateOnly.FromDateTime(date);
        }
        if (DateOnly.TryParseExact(cell.Text.Trim(), "dd/MM/yyyy", out var written))
        {
            problem(cell, "Date écrite comme du texte : elle est lue au format jj/mm/aaaa.", false);
            return written;
        }
        problem(cell, $"« {cell.Text.Trim()} » n'est pas une date (jj/mm/aaaa) : elle est ignorée.", false);
        return null;
    }

    private static string? Code(Dictionary<string, string> map, string text, IReadOnlyDictionary<string, CatalogEntry> catalog)
    {
        var key = Key(text);
        if (map.TryGetValue(key, out var code))
        {
            return code;
        }
        // Egide's own label (a file exported from Egide, or typed from its list).
        return catalog.Values.FirstOrDefault(e => Key(e.Label) == key)?.Code;
    }

    private static Dictionary<string, string> Map(params (string Label, string Code)[] entries) =>
        entries.ToDictionary(e => Key(e.Label), e => e.Code, StringComparer.Ordinal);

    /// <summary>Labels compared without case, accents, trailing ellipsis or extra spaces.</summary>
    private static string Key(string text) =>
        string.Join(' ', TextSearch.Fold(text).Replace("…", "", StringComparison.Ordinal).Replace("...", "", StringComparison.Ordinal)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd(' ', ',');
}
