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
/// <param name="HasEgideBlock">The fiche carries the block Egide's export adds (<see cref="CnilSheet.EgideBlockTitle"/>): it is a
/// whole entry, legal basis, DPIA and the rest included, not only what the model has a place for.</param>
public sealed record CnilSheetResult(
    ActivityInput? Activity, IReadOnlyList<ImportProblem> Problems, DateOnly? CreatedOn, DateOnly? UpdatedOn, bool IsBlank = false, bool HasEgideBlock = false);

/// <summary>
/// Reads one activity sheet of the CNIL's simplified register model (sheets « 3_-_Modèle_de_fiche_de_registre »
/// and « 4_-_Exemple_de_fiche »): labels in column A, values to their right, each table found by its header row.
/// The CNIL's wording of categories, recipients, measures and safeguards is mapped to Egide's catalogue codes; what
/// cannot be mapped is named with its cell. The CNIL model has no legal basis: imported entries get none (and the
/// alert that says so) — unless the fiche was written by Egide's export, whose block « Compléments Egide » at the
/// bottom carries what the model has no row for; it is read back here.
/// </summary>
public static class CnilSheet
{
    /// <summary>Column A of the row that opens the block of what the model has no row for; labels below are <see cref="FlatRegister.Headers"/>.</summary>
    public const string EgideBlockTitle = "Compléments Egide (hors modèle CNIL)";

    /// <summary>
    /// In the Egide block: one line per category of the entry, in the entry's order (the model's two tables split the
    /// sensitive ones from the others): « code | libellé | sort final ».
    /// </summary>
    public const string FinalFatesLabel = "Sort final des données";

    /// <summary>In the Egide block: one line per category of persons, in its order: « code | libellé | nombre estimé ».</summary>
    public const string VolumesLabel = "Nombre estimé de personnes";

    private enum Section
    {
        None,
        Actors,
        DataCategories,
        Subjects,
        Recipients,
        Measures,
        Transfers,
        Egide,
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
        var emptyCategories = new List<bool>();
        var subjects = new List<DataSubjectUse>();
        var recipients = new List<RecipientUse>();
        var measures = new List<SecurityMeasureUse>();
        var transfers = new List<TransferUse>();
        var section = Section.None;
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        var egide = new EgideFields();

        foreach (var row in sheet.Cells.Where(c => c.Column == 1).OrderBy(c => c.Row))
        {
            var label = Key(row.Text);
            SheetCell? At(int column) => column > 0 ? sheet[row.Row, column] : null;
            string? Value(int column) => At(column) is { } cell && Key(cell.Text) is var k && k.Length > 0 && !k.StartsWith(CnilVocabulary.Placeholder, StringComparison.Ordinal) ? cell.Text.Trim() : null;
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
                _ when label == Key(EgideBlockTitle) => Section.Egide,
                _ => Section.None,
            };
            if (startsSection != Section.None)
            {
                section = startsSection;
                egide.Present |= section == Section.Egide;
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
                    var empty = description is null && retention is null;
                    if (CnilVocabulary.DataCategories.Code(row.Text, catalogs.DataCategories) is { } category)
                    {
                        categories.Add(new DataCategoryUse { CategoryCode = category, Description = description, RetentionPeriod = retention });
                        emptyCategories.Add(empty);
                    }
                    else if (!empty)
                    {
                        Problem(row, $"Catégorie de données inconnue : « {row.Text.Trim()} ».");
                    }
                    break;
                case Section.Subjects when Value(2) is { } subject:
                    if (CnilVocabulary.Subjects.Code(subject, catalogs.DataSubjectCategories) is { } subjectCode)
                    {
                        subjects.Add(new DataSubjectUse { CategoryCode = subjectCode, Details = Value(Col("Précisions")) });
                    }
                    else
                    {
                        Problem(At(2)!, $"Catégorie de personnes inconnue : « {subject} ».");
                    }
                    break;
                case Section.Recipients when Value(2) is { } recipient:
                    if (CnilVocabulary.Recipients.Code(recipient, catalogs.RecipientTypes) is { } recipientCode)
                    {
                        recipients.Add(new RecipientUse { TypeCode = recipientCode, Details = Value(Col("Précisions")) });
                    }
                    else
                    {
                        Problem(At(2)!, $"Type de destinataire inconnu : « {recipient} ».");
                    }
                    break;
                case Section.Measures when Value(2) is { } measure:
                    if (CnilVocabulary.Measures.Code(measure, catalogs.SecurityMeasures) is { } measureCode)
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
                    if (safeguardText is not null && !CnilVocabulary.TryParseSafeguard(safeguardText, out safeguard))
                    {
                        // The Privacy Shield was invalidated in July 2020 (CJEU, C-311/18): it frames nothing any more.
                        Problem(At(Col("Type de Garanties"))!, Key(safeguardText) == "privacy shield"
                            ? "Le « Privacy Shield » est invalidé depuis juillet 2020 : le transfert est importé sans garantie ; indiquez celle qui s'applique aujourd'hui."
                            : $"Garantie inconnue : « {safeguardText} » : le transfert est importé sans garantie.", blocking: false);
                    }
                    transfers.Add(new TransferUse { Recipient = transferRecipient, CountryCode = country.Code, Safeguard = safeguard, Documentation = Value(Col("Liens vers la documentation")) });
                    break;
                case Section.Egide:
                    egide.Read(row, label, Value, At, catalogs, Problem);
                    break;
            }
        }

        // The model lists every category with empty cells to fill: an empty one is not processed. Egide's export writes
        // only the entry's categories, described or not.
        if (!egide.Present)
        {
            categories = categories.Where((_, i) => !emptyCategories[i]).ToList();
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
                Role = egide.Role ?? (joint.Count > 0 ? ProcessingRole.JointController : ProcessingRole.Controller),
                ResponsibleService = egide.Service,
                Content = new ActivityContent
                {
                    Description = egide.Description,
                    ClientControllers = egide.ClientControllers,
                    LegalBasisCode = egide.LegalBasis,
                    LegalBasisJustification = egide.Justification,
                    SecurityDetails = egide.SecurityDetails,
                    DataSource = egide.DataSource,
                    CollectionMethod = egide.CollectionMethod,
                    Software = egide.Software,
                    Media = egide.Media,
                    AiUse = egide.AiUse,
                    AiDescription = egide.AiDescription,
                    EdpbCriteria = egide.EdpbCriteria,
                    CnilDpiaListMatches = egide.CnilDpiaList,
                    DpiaDecision = egide.DpiaDecision,
                    DpiaDecisionReason = egide.DpiaDecisionReason,
                    Controller = controller,
                    Representative = representative,
                    JointControllers = joint,
                    MainPurpose = mainPurpose ?? "",
                    SubPurposes = subPurposes,
                    DataCategories = egide.WithFates(categories),
                    DataSubjects = egide.WithVolumes(subjects),
                    Recipients = recipients,
                    Transfers = transfers,
                    SecurityMeasures = measures,
                },
            };
        // The model's own template carries a sample reference (« ref-001 ») and nothing else.
        var isBlank = name is null && mainPurpose is null && subPurposes.Count == 0 && categories.Count == 0 && subjects.Count == 0
            && recipients.Count == 0 && measures.Count == 0 && transfers.Count == 0;
        return new CnilSheetResult(activity, problems, created, updated, isBlank, egide.Present);
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

    private static string Key(string text) => CnilVocabulary.Key(text);

    /// <summary>What the Egide block says, read row by row, its labels those of the flat layout.</summary>
    private sealed class EgideFields
    {
        private IReadOnlyList<string> _fates = [];
        private IReadOnlyList<string> _volumes = [];

        public bool Present { get; set; }
        public ProcessingRole? Role { get; private set; }
        public string? Service { get; private set; }
        public string? Description { get; private set; }
        public List<ActorContact> ClientControllers { get; } = [];
        public string? LegalBasis { get; private set; }
        public string? Justification { get; private set; }
        public string? SecurityDetails { get; private set; }
        public string? DataSource { get; private set; }
        public string? CollectionMethod { get; private set; }
        public string? Software { get; private set; }
        public string? Media { get; private set; }
        public ArtificialIntelligenceUse AiUse { get; private set; }
        public string? AiDescription { get; private set; }
        public List<string> EdpbCriteria { get; private set; } = [];
        public List<string> CnilDpiaList { get; private set; } = [];
        public DpiaDecision DpiaDecision { get; private set; }
        public string? DpiaDecisionReason { get; private set; }

        public void Read(SheetCell row, string label, Func<int, string?> value, Func<int, SheetCell?> at, RegisterCatalogs catalogs, Action<SheetCell, string, bool> problem)
        {
            var text = value(2);
            var cell = at(2) ?? row;
            bool Is(string header) => label == Key(header);
            T Parse<T>(FrenchLabels<T> labels, string unknown, T fallback)
                where T : struct, Enum
            {
                if (text is null)
                {
                    return fallback;
                }
                if (labels.TryParse(text, out var parsed))
                {
                    return parsed;
                }
                problem(cell, $"{unknown} : « {text} » ; valeurs possibles : {string.Join(", ", labels.All.Select(l => $"« {l} »"))}.", true);
                return fallback;
            }
            List<string> Codes(IReadOnlyDictionary<string, Catalogs.CatalogEntry> catalog, string what)
            {
                var codes = new List<string>();
                foreach (var line in FlatRegister.Items(text ?? ""))
                {
                    var code = FlatRegister.Parts(line)[0];
                    if (catalog.ContainsKey(code))
                    {
                        codes.Add(code);
                    }
                    else
                    {
                        problem(cell, $"{what} inconnu : « {code} ».", true);
                    }
                }
                return codes;
            }

            if (Is(FlatRegister.Headers.Role))
            {
                Role = Parse(RegisterVocabulary.Roles, "Rôle de l'organisme inconnu", ProcessingRole.Controller);
            }
            else if (Is(FlatRegister.Headers.Service))
            {
                Service = text;
            }
            else if (Is(FlatRegister.Headers.Description))
            {
                Description = text;
            }
            else if (Is(FlatRegister.Headers.ClientControllers))
            {
                if (text is not null)
                {
                    ClientControllers.Add(new ActorContact
                    {
                        Name = text, Address = value(3), PostalCode = value(4), City = value(5), Country = value(6), Phone = value(7), Email = value(8),
                    });
                }
            }
            else if (Is(FlatRegister.Headers.LegalBasis))
            {
                // « e – Exécution d'une mission… »: the letter before the dash is what counts.
                var code = text?.Split('–', 2)[0].Trim();
                if (code is not null && !catalogs.LegalBases.ContainsKey(code))
                {
                    problem(cell, $"Base légale inconnue : « {text} » ; écrivez la lettre de l'article 6(1), de « a » à « f ».", true);
                    code = null;
                }
                LegalBasis = code;
            }
            else if (Is(FlatRegister.Headers.LegalBasisJustification))
            {
                Justification = text;
            }
            else if (Is(FinalFatesLabel))
            {
                _fates = FlatRegister.Items(text ?? "");
            }
            else if (Is(VolumesLabel))
            {
                _volumes = FlatRegister.Items(text ?? "");
            }
            else if (Is(FlatRegister.Headers.SecurityDetails))
            {
                SecurityDetails = text;
            }
            else if (Is(FlatRegister.Headers.DataSource))
            {
                DataSource = text;
            }
            else if (Is(FlatRegister.Headers.CollectionMethod))
            {
                CollectionMethod = text;
            }
            else if (Is(FlatRegister.Headers.Software))
            {
                Software = text;
            }
            else if (Is(FlatRegister.Headers.Media))
            {
                Media = text;
            }
            else if (Is(FlatRegister.Headers.AiUse))
            {
                AiUse = Parse(RegisterVocabulary.AiUses, "Usage de l'IA inconnu", ArtificialIntelligenceUse.None);
            }
            else if (Is(FlatRegister.Headers.AiDescription))
            {
                AiDescription = text;
            }
            else if (Is(FlatRegister.Headers.EdpbCriteria))
            {
                EdpbCriteria = Codes(catalogs.EdpbCriteria, "Critère du CEPD");
            }
            else if (Is(FlatRegister.Headers.CnilDpiaList))
            {
                CnilDpiaList = Codes(catalogs.CnilDpiaList, "Type de traitement de la liste CNIL");
            }
            else if (Is(FlatRegister.Headers.DpiaDecision))
            {
                DpiaDecision = Parse(RegisterVocabulary.DpiaDecisions, "Décision sur l'AIPD inconnue", DpiaDecision.NotDecided);
            }
            else if (Is(FlatRegister.Headers.DpiaDecisionReason))
            {
                DpiaDecisionReason = text;
            }
            // Status, version, DPO opinion and validation are the history's: shown, never read back.
        }

        /// <summary>The categories in the order of the block's lines (« code | libellé | sort final »), each with its final fate.</summary>
        public List<DataCategoryUse> WithFates(List<DataCategoryUse> categories)
        {
            if (_fates.Count == 0)
            {
                return categories;
            }
            var left = new List<DataCategoryUse>(categories);
            var ordered = new List<DataCategoryUse>();
            foreach (var line in _fates)
            {
                var parts = FlatRegister.Parts(line);
                var index = left.FindIndex(c => c.CategoryCode == parts[0]);
                if (index < 0)
                {
                    continue;
                }
                var category = left[index];
                left.RemoveAt(index);
                ordered.Add(parts.Count >= 3 && RegisterVocabulary.FinalFates.TryParse(parts[2], out var fate) ? category with { FinalFate = fate } : category);
            }
            ordered.AddRange(left);
            return ordered;
        }

        /// <summary>The persons with the estimated number of the line of the same rank (« code | libellé | nombre »).</summary>
        public List<DataSubjectUse> WithVolumes(List<DataSubjectUse> subjects)
        {
            for (var i = 0; i < Math.Min(subjects.Count, _volumes.Count); i++)
            {
                var parts = FlatRegister.Parts(_volumes[i]);
                if (parts.Count >= 3 && int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var volume))
                {
                    subjects[i] = subjects[i] with { EstimatedVolume = volume };
                }
            }
            return subjects;
        }
    }
}
