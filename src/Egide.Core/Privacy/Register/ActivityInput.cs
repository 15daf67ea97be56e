using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register;

/// <summary>What a person writes in an entry: its own fields and its content.</summary>
public sealed record ActivityInput
{
    public string Reference { get; init; } = "";
    public string Name { get; init; } = "";
    public ProcessingRole Role { get; init; }
    public string? ResponsibleService { get; init; }
    public ActivityContent Content { get; init; } = new();

    public static ActivityInput Of(ProcessingActivity a) => new()
    {
        Reference = a.Reference,
        Name = a.Name,
        Role = a.Role,
        ResponsibleService = a.ResponsibleService,
        Content = a.Content,
    };
}

/// <summary>The catalogues and the organisation's processors, loaded once to check and to explain an entry.</summary>
public sealed record RegisterCatalogs(
    IReadOnlyDictionary<string, CatalogEntry> LegalBases,
    IReadOnlyDictionary<string, CatalogEntry> DataCategories,
    IReadOnlyDictionary<string, CatalogEntry> DataSubjectCategories,
    IReadOnlyDictionary<string, CatalogEntry> RecipientTypes,
    IReadOnlyDictionary<string, CatalogEntry> SecurityMeasures,
    IReadOnlyDictionary<string, CatalogEntry> CnilDpiaList,
    IReadOnlyDictionary<string, CatalogEntry> EdpbCriteria,
    IReadOnlyDictionary<string, Country> Countries)
{
    public static async Task<RegisterCatalogs> LoadAsync(EgideDb db, CancellationToken ct)
    {
        var entries = await db.CatalogEntries.AsNoTracking().OrderBy(e => e.SortOrder).ToListAsync(ct);
        var countries = await db.Countries.AsNoTracking().ToListAsync(ct);
        IReadOnlyDictionary<string, CatalogEntry> Of(CatalogKind kind) =>
            entries.Where(e => e.Kind == kind).ToDictionary(e => e.Code, StringComparer.Ordinal);
        return new RegisterCatalogs(
            Of(CatalogKind.LegalBasis), Of(CatalogKind.DataCategory), Of(CatalogKind.DataSubjectCategory),
            Of(CatalogKind.RecipientType), Of(CatalogKind.SecurityMeasure), Of(CatalogKind.CnilDpiaList),
            Of(CatalogKind.EdpbCriterion),
            countries.OrderBy(c => c.Name, StringComparer.Create(FrenchFormat.Culture, ignoreCase: true))
                .ToDictionary(c => c.Code, StringComparer.Ordinal));
    }

    public RegisterFacts Facts(DateTime now) => new(DataCategories, Countries, now);

    public string Label(IReadOnlyDictionary<string, CatalogEntry> catalog, string? code) =>
        code is not null && catalog.TryGetValue(code, out var entry) ? entry.Label : code ?? "";
}

/// <summary>The checks an entry passes before it is saved, whatever its status; field keys follow the input's shape.</summary>
public static class ActivityValidation
{
    public const int TextMaxLength = 4000;

    public static ValidationErrors Check(ActivityInput input, RegisterCatalogs catalogs, IReadOnlySet<Guid> processorIds)
    {
        var errors = new ValidationErrors();
        var c = input.Content;
        if (string.IsNullOrWhiteSpace(input.Reference))
        {
            errors.Add(nameof(input.Reference), "Indiquez la référence de la fiche (par exemple « RH-001 »).");
        }
        else if (input.Reference.Trim().Length > ProcessingActivity.ReferenceMaxLength)
        {
            errors.Add(nameof(input.Reference), $"La référence tient en {ProcessingActivity.ReferenceMaxLength} caractères au plus.");
        }
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add(nameof(input.Name), "Indiquez le nom du traitement (par exemple « Gestion de la paie »).");
        }
        else if (input.Name.Trim().Length > ProcessingActivity.NameMaxLength)
        {
            errors.Add(nameof(input.Name), $"Le nom tient en {ProcessingActivity.NameMaxLength} caractères au plus.");
        }
        if (!Enum.IsDefined(input.Role))
        {
            errors.Add(nameof(input.Role), "Choisissez le rôle de l'organisme : responsable, responsable conjoint ou sous-traitant.");
        }
        if (input.ResponsibleService?.Length > 200)
        {
            errors.Add(nameof(input.ResponsibleService), "Le service tient en 200 caractères au plus.");
        }

        const string P = "Content.";
        Text(errors, P + nameof(c.Description), c.Description, "La description");
        Text(errors, P + nameof(c.MainPurpose), c.MainPurpose, "La finalité principale");
        for (var i = 0; i < c.SubPurposes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(c.SubPurposes[i]))
            {
                errors.Add($"{P}SubPurposes[{i}]", "Une sous-finalité est vide : écrivez-la ou retirez-la.");
            }
            Text(errors, $"{P}SubPurposes[{i}]", c.SubPurposes[i], "Une sous-finalité");
        }
        if (c.LegalBasisCode is not null && !catalogs.LegalBases.ContainsKey(c.LegalBasisCode))
        {
            errors.Add(P + nameof(c.LegalBasisCode), $"Base légale inconnue : « {c.LegalBasisCode} ». Choisissez l'une des bases de l'article 6(1).");
        }
        Text(errors, P + nameof(c.LegalBasisJustification), c.LegalBasisJustification, "La justification de la base légale");

        Codes(errors, $"{P}{nameof(c.DataCategories)}", c.DataCategories.Select(d => d.CategoryCode), catalogs.DataCategories, "Catégorie de données inconnue");
        for (var i = 0; i < c.DataCategories.Count; i++)
        {
            var d = c.DataCategories[i];
            if (d.FinalFate is { } fate && !Enum.IsDefined(fate))
            {
                errors.Add($"{P}DataCategories[{i}].FinalFate", "Sort final inconnu.");
            }
            Text(errors, $"{P}DataCategories[{i}].RetentionPeriod", d.RetentionPeriod, "La durée de conservation");
            Text(errors, $"{P}DataCategories[{i}].Description", d.Description, "La description");
        }
        Duplicates(errors, $"{P}{nameof(c.DataCategories)}", c.DataCategories.Select(d => d.CategoryCode), "Cette catégorie de données figure deux fois : réunissez les deux lignes.");

        Codes(errors, $"{P}{nameof(c.DataSubjects)}", c.DataSubjects.Select(d => d.CategoryCode), catalogs.DataSubjectCategories, "Catégorie de personnes inconnue");
        for (var i = 0; i < c.DataSubjects.Count; i++)
        {
            if (c.DataSubjects[i].EstimatedVolume is < 0)
            {
                errors.Add($"{P}DataSubjects[{i}].EstimatedVolume", "Le nombre estimé de personnes ne peut pas être négatif.");
            }
        }
        Codes(errors, $"{P}{nameof(c.Recipients)}", c.Recipients.Select(r => r.TypeCode), catalogs.RecipientTypes, "Type de destinataire inconnu");
        for (var i = 0; i < c.Recipients.Count; i++)
        {
            if (c.Recipients[i].ProcessorId is { } processor && !processorIds.Contains(processor))
            {
                errors.Add($"{P}Recipients[{i}].ProcessorId", "Ce sous-traitant ne figure pas au registre des sous-traitants de l'organisme.");
            }
        }
        for (var i = 0; i < c.Transfers.Count; i++)
        {
            var t = c.Transfers[i];
            if (string.IsNullOrWhiteSpace(t.Recipient))
            {
                errors.Add($"{P}Transfers[{i}].Recipient", "Indiquez l'organisme destinataire du transfert.");
            }
            if (!catalogs.Countries.ContainsKey(t.CountryCode))
            {
                errors.Add($"{P}Transfers[{i}].CountryCode", $"Pays inconnu : « {t.CountryCode} ».");
            }
            else if (catalogs.Countries[t.CountryCode].Zone == TransferZone.EuropeanEconomicArea)
            {
                errors.Add($"{P}Transfers[{i}].CountryCode", "Ce pays est dans l'Espace économique européen : ce n'est pas un transfert hors UE.");
            }
            if (!Enum.IsDefined(t.Safeguard))
            {
                errors.Add($"{P}Transfers[{i}].Safeguard", "Garantie inconnue.");
            }
        }
        Codes(errors, $"{P}{nameof(c.SecurityMeasures)}", c.SecurityMeasures.Select(m => m.MeasureCode), catalogs.SecurityMeasures, "Mesure de sécurité inconnue");
        Text(errors, P + nameof(c.SecurityDetails), c.SecurityDetails, "Le détail des mesures");
        Text(errors, P + nameof(c.DataSource), c.DataSource, "La source des données");
        Text(errors, P + nameof(c.CollectionMethod), c.CollectionMethod, "Le mode de collecte");
        Text(errors, P + nameof(c.Software), c.Software, "Les logiciels");
        Text(errors, P + nameof(c.Media), c.Media, "Les supports");
        if (!Enum.IsDefined(c.AiUse))
        {
            errors.Add(P + nameof(c.AiUse), "Usage de l'intelligence artificielle inconnu.");
        }
        else if (c.AiUse != ArtificialIntelligenceUse.None && string.IsNullOrWhiteSpace(c.AiDescription))
        {
            errors.Add(P + nameof(c.AiDescription), "Décrivez le système d'intelligence artificielle utilisé et ce qu'il fait.");
        }
        Text(errors, P + nameof(c.AiDescription), c.AiDescription, "La description de l'usage de l'IA");
        Codes(errors, $"{P}{nameof(c.EdpbCriteria)}", c.EdpbCriteria, catalogs.EdpbCriteria, "Critère du CEPD inconnu");
        Codes(errors, $"{P}{nameof(c.CnilDpiaListMatches)}", c.CnilDpiaListMatches, catalogs.CnilDpiaList, "Type de traitement de la liste CNIL inconnu");
        if (!Enum.IsDefined(c.DpiaDecision))
        {
            errors.Add(P + nameof(c.DpiaDecision), "Décision sur l'AIPD inconnue.");
        }
        Text(errors, P + nameof(c.DpiaDecisionReason), c.DpiaDecisionReason, "La justification de la décision");
        return errors;
    }

    /// <summary>What a submission needs on top: the entry says what, why, on what basis, about whom.</summary>
    public static ValidationErrors CheckComplete(ActivityContent c)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(c.MainPurpose))
        {
            errors.Add("Content.MainPurpose", "Avant de soumettre la fiche, indiquez la finalité principale du traitement.");
        }
        if (c.LegalBasisCode is null)
        {
            errors.Add("Content.LegalBasisCode", "Avant de soumettre la fiche, choisissez la base légale.");
        }
        if (c.DataCategories.Count == 0)
        {
            errors.Add("Content.DataCategories", "Avant de soumettre la fiche, indiquez au moins une catégorie de données.");
        }
        if (c.DataSubjects.Count == 0)
        {
            errors.Add("Content.DataSubjects", "Avant de soumettre la fiche, indiquez au moins une catégorie de personnes concernées.");
        }
        return errors;
    }

    private static void Text(ValidationErrors errors, string key, string? value, string what)
    {
        if (value?.Length > TextMaxLength)
        {
            errors.Add(key, $"{what} tient en {FrenchFormat.Number(TextMaxLength)} caractères au plus.");
        }
    }

    private static void Codes(ValidationErrors errors, string key, IEnumerable<string> codes, IReadOnlyDictionary<string, CatalogEntry> catalog, string message)
    {
        var i = 0;
        foreach (var code in codes)
        {
            if (!catalog.ContainsKey(code ?? ""))
            {
                errors.Add($"{key}[{i}]", $"{message} : « {code} ».");
            }
            i++;
        }
    }

    private static void Duplicates(ValidationErrors errors, string key, IEnumerable<string> codes, string message)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var code in codes)
        {
            if (!seen.Add(code))
            {
                errors.Add($"{key}[{i}]", message);
            }
            i++;
        }
    }
}
