using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Privacy.Catalogs;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// Writes one row of a flat file onto an entry, field by mapped field, reading cells as <see cref="FlatRegister"/>
/// writes them; also takes what people type by hand: a catalogue label instead of its code, a legal basis by its
/// letter or its label, items separated by « ; » on one line, « 1 234 » for a number. A value that cannot be read is
/// a blocking problem naming its row and column.
/// </summary>
public sealed class FlatRowReader
{
    private readonly RegisterCatalogs _catalogs;
    private readonly IReadOnlyDictionary<string, Guid> _processors;
    private readonly IReadOnlyList<(string Field, int Column)> _columns;
    private readonly string _source;

    /// <param name="processors">The organisation's processors by name (any case), for the recipients' last part.</param>
    public FlatRowReader(FlatTable table, ColumnMapping mapping, RegisterCatalogs catalogs, IReadOnlyDictionary<string, Guid> processors)
    {
        _catalogs = catalogs;
        _processors = processors;
        _source = table.Source;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < table.Headers.Count; c++)
        {
            index.TryAdd(table.Headers[c], c);
        }
        _columns = ColumnMapping.Fields.Where(mapping.Columns.ContainsKey)
            .Where(f => index.ContainsKey(mapping.Columns[f]))
            .Select(f => (f, index[mapping.Columns[f]])).ToList();
    }

    /// <summary>The source column (1-based) of a field, 0 when the field is not mapped.</summary>
    public int ColumnOf(string field) => _columns.FirstOrDefault(c => c.Field == field) is { Field: not null } m ? m.Column + 1 : 0;

    public string Cell(FlatTableRow row, string field) =>
        _columns.FirstOrDefault(c => c.Field == field) is { Field: not null } m ? row.Cells[m.Column].Trim() : "";

    /// <summary>The entry <paramref name="start"/> with the row's mapped fields written over it.</summary>
    public ActivityInput Apply(ActivityInput start, FlatTableRow row, List<ImportProblem> problems)
    {
        var input = start;
        foreach (var (field, column) in _columns)
        {
            var cell = row.Cells[column].Trim();
            void Problem(string message) => problems.Add(new ImportProblem(_source, row.Number, column + 1, $"{field} : {message}"));
            var c = input.Content;
            input = field switch
            {
                FlatRegister.Headers.Reference => input with { Reference = cell },
                FlatRegister.Headers.Name => input with { Name = cell },
                FlatRegister.Headers.Role => input with { Role = Enum(cell, RegisterVocabulary.Roles, ProcessingRole.Controller, Problem) },
                FlatRegister.Headers.Service => input with { ResponsibleService = Text(cell) },
                _ => input with { Content = field switch
                {
                    FlatRegister.Headers.Description => c with { Description = Text(cell) },
                    FlatRegister.Headers.Controller => c with { Controller = Contacts(cell) is [var controller, ..] ? controller : null },
                    FlatRegister.Headers.Representative => c with { Representative = Contacts(cell) is [var representative, ..] ? representative : null },
                    FlatRegister.Headers.JointControllers => c with { JointControllers = Contacts(cell) },
                    FlatRegister.Headers.ClientControllers => c with { ClientControllers = Contacts(cell) },
                    FlatRegister.Headers.MainPurpose => c with { MainPurpose = cell },
                    FlatRegister.Headers.SubPurposes => c with { SubPurposes = FlatRegister.Items(cell).Select(i => FlatRegister.Parts(i)[0]).ToList() },
                    FlatRegister.Headers.LegalBasis => c with { LegalBasisCode = LegalBasis(cell, Problem) },
                    FlatRegister.Headers.LegalBasisJustification => c with { LegalBasisJustification = Text(cell) },
                    FlatRegister.Headers.DataCategories => c with { DataCategories = Items(cell).Select(p => Code(p, _catalogs.DataCategories, "catégorie de données", Problem) is { } code
                        ? new DataCategoryUse { CategoryCode = code, Description = Part(p, 2), RetentionPeriod = Part(p, 3), FinalFate = Part(p, 4) is { } fate ? Enum(fate, RegisterVocabulary.FinalFates, default, Problem) : null }
                        : null).OfType<DataCategoryUse>().ToList() },
                    FlatRegister.Headers.DataSubjects => c with { DataSubjects = Items(cell).Select(p => Code(p, _catalogs.DataSubjectCategories, "catégorie de personnes", Problem) is { } code
                        ? new DataSubjectUse { CategoryCode = code, Details = Part(p, 2), EstimatedVolume = Volume(Part(p, 3), Problem) }
                        : null).OfType<DataSubjectUse>().ToList() },
                    FlatRegister.Headers.Recipients => c with { Recipients = Items(cell).Select(p => Code(p, _catalogs.RecipientTypes, "type de destinataire", Problem) is { } code
                        ? Recipient(code, Part(p, 2), Part(p, 3), Problem)
                        : null).OfType<RecipientUse>().ToList() },
                    FlatRegister.Headers.Transfers => c with { Transfers = Items(cell).Select(p => Transfer(p, Problem)).OfType<TransferUse>().ToList() },
                    FlatRegister.Headers.SecurityMeasures => c with { SecurityMeasures = Items(cell).Select(p => Code(p, _catalogs.SecurityMeasures, "mesure de sécurité", Problem) is { } code
                        ? new SecurityMeasureUse { MeasureCode = code, Details = Part(p, 2) }
                        : null).OfType<SecurityMeasureUse>().ToList() },
                    FlatRegister.Headers.SecurityDetails => c with { SecurityDetails = Text(cell) },
                    FlatRegister.Headers.DataSource => c with { DataSource = Text(cell) },
                    FlatRegister.Headers.CollectionMethod => c with { CollectionMethod = Text(cell) },
                    FlatRegister.Headers.Software => c with { Software = Text(cell) },
                    FlatRegister.Headers.Media => c with { Media = Text(cell) },
                    FlatRegister.Headers.AiUse => c with { AiUse = Enum(cell, RegisterVocabulary.AiUses, ArtificialIntelligenceUse.None, Problem) },
                    FlatRegister.Headers.AiDescription => c with { AiDescription = Text(cell) },
                    FlatRegister.Headers.EdpbCriteria => c with { EdpbCriteria = Items(cell).Select(p => Code(p, _catalogs.EdpbCriteria, "critère du CEPD", Problem)).OfType<string>().ToList() },
                    FlatRegister.Headers.CnilDpiaList => c with { CnilDpiaListMatches = Items(cell).Select(p => Code(p, _catalogs.CnilDpiaList, "type de la liste CNIL", Problem)).OfType<string>().ToList() },
                    FlatRegister.Headers.DpiaDecision => c with { DpiaDecision = Enum(cell, RegisterVocabulary.DpiaDecisions, DpiaDecision.NotDecided, Problem) },
                    FlatRegister.Headers.DpiaDecisionReason => c with { DpiaDecisionReason = Text(cell) },
                    _ => c,
                } },
            };
        }
        return input;
    }

    private static string? Text(string cell) => cell.Length == 0 ? null : cell;

    private static string? Part(IReadOnlyList<string> parts, int index) => index < parts.Count && parts[index].Length > 0 ? parts[index] : null;

    /// <summary>Items one per line; a single line without « | » may also list them separated by « ; ».</summary>
    private static IEnumerable<IReadOnlyList<string>> Items(string cell)
    {
        var lines = FlatRegister.Items(cell);
        if (lines.Count == 1 && !lines[0].Contains(FlatRegister.PartSeparator) && lines[0].Contains(';'))
        {
            lines = lines[0].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        return lines.Select(FlatRegister.Parts);
    }

    private static List<ActorContact> Contacts(string cell) =>
        FlatRegister.Items(cell).Select(FlatRegister.Parts).Where(p => p[0].Length > 0).Select(p => new ActorContact
        {
            Name = p[0],
            Address = Part(p, 1),
            PostalCode = Part(p, 2),
            City = Part(p, 3),
            Country = Part(p, 4),
            Phone = Part(p, 5),
            Email = Part(p, 6),
        }).ToList();

    /// <summary>The catalogue code of an item: its first part as a code, or else as a label.</summary>
    private static string? Code(IReadOnlyList<string> parts, IReadOnlyDictionary<string, CatalogEntry> catalog, string what, Action<string> problem)
    {
        var first = parts[0];
        if (catalog.ContainsKey(first))
        {
            return first;
        }
        if (ByLabel(catalog, first) is { } code)
        {
            return code;
        }
        problem($"{what} inconnue « {first} ». Écrivez son code ou son libellé : {string.Join(", ", catalog.Keys.Take(12))}{(catalog.Count > 12 ? "…" : "")}.");
        return null;
    }

    private string? LegalBasis(string cell, Action<string> problem)
    {
        if (cell.Length == 0)
        {
            return null;
        }
        var dash = cell.IndexOfAny(['–', '-']);
        var code = (dash > 0 ? cell[..dash] : cell).Trim().TrimEnd(')', '.').TrimStart('(');
        if (code.Length == 1 && _catalogs.LegalBases.ContainsKey(code.ToLowerInvariant()))
        {
            return code.ToLowerInvariant();
        }
        if (ByLabel(_catalogs.LegalBases, cell) is { } basis)
        {
            return basis;
        }
        problem($"base légale inconnue « {cell} ». Écrivez la lettre de l'article 6(1) du RGPD ({string.Join(", ", _catalogs.LegalBases.Keys)}), par exemple « e – Mission d'intérêt public ».");
        return null;
    }

    /// <summary>
    /// The entry whose label (or code) is the text, compared without case, accents or ellipsis; else the only entry whose
    /// label starts with it (« Vie personnelle (habitudes de vie, situation familiale, etc.) » finds « Vie personnelle
    /// (habitudes de vie, situation familiale…) »; « Exécution d'une mission d'intérêt public », the basis (e)).
    /// </summary>
    private static string? ByLabel(IReadOnlyDictionary<string, CatalogEntry> catalog, string text)
    {
        var key = CnilVocabulary.Key(text);
        if (key.Length == 0)
        {
            return null;
        }
        if (catalog.Values.FirstOrDefault(e => CnilVocabulary.Key(e.Label) == key || CnilVocabulary.Key(e.Code) == key) is { } entry)
        {
            return entry.Code;
        }
        var prefix = key.Length >= 12 ? key : null;
        var candidates = catalog.Values.Where(e => prefix is not null && CnilVocabulary.Key(e.Label).StartsWith(prefix, StringComparison.Ordinal)).Take(2).ToList();
        if (candidates.Count == 1)
        {
            return candidates[0].Code;
        }
        // « etc.) » written where the catalogue has « …) »: compare what comes before.
        var stem = key.Split(" etc", 2)[0].TrimEnd(',', ' ');
        candidates = catalog.Values.Where(e => stem.Length >= 12 && CnilVocabulary.Key(e.Label).StartsWith(stem, StringComparison.Ordinal)).Take(2).ToList();
        return candidates.Count == 1 ? candidates[0].Code : null;
    }

    private static T Enum<T>(string cell, FrenchLabels<T> labels, T empty, Action<string> problem)
        where T : struct, System.Enum
    {
        if (cell.Length == 0)
        {
            return empty;
        }
        if (labels.TryParse(cell, out var value))
        {
            return value;
        }
        problem($"valeur inconnue « {cell} ». Valeurs possibles : {string.Join(" ; ", labels.All.Select(l => $"« {l} »"))}.");
        return empty;
    }

    private static int? Volume(string? text, Action<string> problem)
    {
        if (text is null)
        {
            return null;
        }
        var digits = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal);
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var volume))
        {
            return volume;
        }
        problem($"le volume estimé « {text} » n'est pas un nombre entier de personnes (par exemple 1 200).");
        return null;
    }

    private RecipientUse Recipient(string code, string? details, string? processor, Action<string> problem)
    {
        if (processor is null)
        {
            return new RecipientUse { TypeCode = code, Details = details };
        }
        if (_processors.TryGetValue(processor, out var id))
        {
            return new RecipientUse { TypeCode = code, Details = details, ProcessorId = id };
        }
        problem($"le sous-traitant « {processor} » n'est pas au registre des sous-traitants : créez-le d'abord, ou retirez son nom de la ligne.");
        return new RecipientUse { TypeCode = code, Details = details };
    }

    private TransferUse? Transfer(IReadOnlyList<string> parts, Action<string> problem)
    {
        var country = Part(parts, 1)?.ToUpperInvariant();
        if (country is null || !_catalogs.Countries.ContainsKey(country))
        {
            var name = Part(parts, 2) ?? Part(parts, 1);
            var folded = name is null ? "" : TextSearch.Key(name);
            country = _catalogs.Countries.Values.FirstOrDefault(c => TextSearch.Key(c.Name) == folded)?.Code;
            if (country is null)
            {
                problem($"pays inconnu « {name ?? ""} » pour le transfert vers « {parts[0]} » : écrivez son code ISO à deux lettres (US, GB, CH…) ou son nom.");
                return null;
            }
        }
        var safeguard = Part(parts, 3) is { } text ? Enum(text, RegisterVocabulary.Safeguards, TransferSafeguard.None, problem) : TransferSafeguard.None;
        return new TransferUse { Recipient = parts[0], CountryCode = country, Safeguard = safeguard, Documentation = Part(parts, 4) };
    }
}
