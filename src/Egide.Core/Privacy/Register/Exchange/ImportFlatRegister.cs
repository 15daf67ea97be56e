using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// Imports a register kept as one row per activity (Egide's flat export, or a spreadsheet of one's own) through a
/// column mapping. The preview writes nothing: each row becomes an entry to create, to update (its reference is in
/// the register: only the mapped fields change) or left unchanged, and every problem is named by row and column. A
/// preview without blocking problems is confirmed by <see cref="ImportRegister.Handler.ConfirmAsync"/>, all or nothing.
/// </summary>
public static class ImportFlatRegister
{
    public const string ChangeReason = "Import d'un tableau";

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<ImportPreview> PreviewAsync(FlatTable table, ColumnMapping mapping, CancellationToken ct)
        {
            var problems = new List<ImportProblem>(table.Problems);
            foreach (var message in mapping.Check(table.Headers))
            {
                problems.Add(new ImportProblem(table.Source, 0, 0, message));
            }
            foreach (var ignored in mapping.Ignored(table.Headers))
            {
                problems.Add(new ImportProblem(table.Source, 0, 0, $"La colonne « {ignored} » n'est associée à aucun champ : elle n'est pas importée.", Blocking: false));
            }
            if (problems.Any(p => p.Blocking && p.Row == 0))
            {
                return new ImportPreview([], problems) { ChangeReason = ChangeReason };
            }

            var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
            var processors = await db.Processors.AsNoTracking().Where(p => p.ArchivedAt == null).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
            var processorsByName = processors.GroupBy(p => p.Name.Trim(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
            var existing = await db.ProcessingActivities.AsNoTracking().ToDictionaryAsync(a => a.Reference, ct);
            var reader = new FlatRowReader(table, mapping, catalogs, processorsByName);
            var plan = new ImportPlan(catalogs, processors.Select(p => p.Id).ToHashSet(), existing, problems);
            foreach (var row in table.Rows)
            {
                var reference = reader.Cell(row, FlatRegister.Headers.Reference);
                var current = existing.GetValueOrDefault(reference);
                var rowProblems = new List<ImportProblem>();
                var input = reader.Apply(current is null ? new ActivityInput() : ActivityInput.Of(current), row, rowProblems);
                problems.AddRange(rowProblems);
                plan.Add(table.Source, row.Number, input, field => reader.ColumnOf(FieldHeader(field)));
            }
            if (table.Rows.Count == 0)
            {
                problems.Add(new ImportProblem(table.Source, 0, 0, "Ce tableau n'a aucune ligne sous ses en-têtes : rien à importer."));
            }
            return new ImportPreview(plan.Activities, problems) { ChangeReason = ChangeReason };
        }

        /// <summary>The mapping saved for files with these headers, else the automatic one; and whether it was saved.</summary>
        public async Task<(ColumnMapping Mapping, bool Saved)> MappingForAsync(IReadOnlyList<string> headers, CancellationToken ct)
        {
            var signature = ColumnMapping.Signature(headers);
            var saved = await db.Set<RegisterImportMapping>().AsNoTracking().Where(m => m.Signature == signature)
                .Select(m => m.MappingJson).SingleOrDefaultAsync(ct);
            return saved is null ? (ColumnMapping.Automatic(headers), false) : (ColumnMapping.FromJson(saved), true);
        }

        /// <summary>Keeps the mapping for the next file with the same headers (replacing the one saved before).</summary>
        public async Task SaveMappingAsync(IReadOnlyList<string> headers, ColumnMapping mapping, Guid personId, CancellationToken ct)
        {
            var signature = ColumnMapping.Signature(headers);
            var row = await db.Set<RegisterImportMapping>().SingleOrDefaultAsync(m => m.Signature == signature, ct);
            if (row is null)
            {
                row = new RegisterImportMapping { OrganizationId = db.TenantOrganizationId, Signature = signature };
                db.Add(row);
            }
            row.MappingJson = mapping.ToJson();
            row.SavedAt = clock.GetUtcNow().UtcDateTime;
            row.SavedById = personId;
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>« Content.DataCategories[2].RetentionPeriod » → « Catégories de données »: the column a validation message belongs to.</summary>
    private static string FieldHeader(string field)
    {
        var name = field.StartsWith("Content.", StringComparison.Ordinal) ? field["Content.".Length..] : field;
        var end = name.IndexOfAny(['[', '.']);
        return (end < 0 ? name : name[..end]) switch
        {
            nameof(ActivityInput.Reference) => FlatRegister.Headers.Reference,
            nameof(ActivityInput.Name) => FlatRegister.Headers.Name,
            nameof(ActivityInput.Role) => FlatRegister.Headers.Role,
            nameof(ActivityInput.ResponsibleService) => FlatRegister.Headers.Service,
            nameof(ActivityContent.Description) => FlatRegister.Headers.Description,
            nameof(ActivityContent.MainPurpose) => FlatRegister.Headers.MainPurpose,
            nameof(ActivityContent.SubPurposes) => FlatRegister.Headers.SubPurposes,
            nameof(ActivityContent.LegalBasisCode) => FlatRegister.Headers.LegalBasis,
            nameof(ActivityContent.LegalBasisJustification) => FlatRegister.Headers.LegalBasisJustification,
            nameof(ActivityContent.DataCategories) => FlatRegister.Headers.DataCategories,
            nameof(ActivityContent.DataSubjects) => FlatRegister.Headers.DataSubjects,
            nameof(ActivityContent.Recipients) => FlatRegister.Headers.Recipients,
            nameof(ActivityContent.Transfers) => FlatRegister.Headers.Transfers,
            nameof(ActivityContent.SecurityMeasures) => FlatRegister.Headers.SecurityMeasures,
            nameof(ActivityContent.SecurityDetails) => FlatRegister.Headers.SecurityDetails,
            nameof(ActivityContent.DataSource) => FlatRegister.Headers.DataSource,
            nameof(ActivityContent.CollectionMethod) => FlatRegister.Headers.CollectionMethod,
            nameof(ActivityContent.Software) => FlatRegister.Headers.Software,
            nameof(ActivityContent.Media) => FlatRegister.Headers.Media,
            nameof(ActivityContent.AiUse) => FlatRegister.Headers.AiUse,
            nameof(ActivityContent.AiDescription) => FlatRegister.Headers.AiDescription,
            nameof(ActivityContent.EdpbCriteria) => FlatRegister.Headers.EdpbCriteria,
            nameof(ActivityContent.CnilDpiaListMatches) => FlatRegister.Headers.CnilDpiaList,
            nameof(ActivityContent.DpiaDecision) => FlatRegister.Headers.DpiaDecision,
            nameof(ActivityContent.DpiaDecisionReason) => FlatRegister.Headers.DpiaDecisionReason,
            _ => "",
        };
    }
}

/// <summary>
/// What an import would do with entries read from a file: create, update or leave each one, refusing a reference read
/// twice and naming what the register's validation refuses. Shared by every source an import reads.
/// </summary>
internal sealed class ImportPlan(
    RegisterCatalogs catalogs, IReadOnlySet<Guid> processors, IReadOnlyDictionary<string, ProcessingActivity> existing, List<ImportProblem> problems)
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly List<PlannedActivity> _activities = [];

    public IReadOnlyList<PlannedActivity> Activities => _activities;

    /// <summary>Plans an entry read from a row, refusing a reference already read from another row.</summary>
    /// <param name="columnOf">The column (1-based) a validation field key belongs to; 0 when unknown.</param>
    public void Add(string source, int row, ActivityInput input, Func<string, int> columnOf)
    {
        if (input.Reference.Length > 0 && _seen.TryGetValue(input.Reference, out var other))
        {
            problems.Add(new ImportProblem(source, row, columnOf(nameof(ActivityInput.Reference)),
                $"La référence « {input.Reference} » est déjà celle de la ligne {other} : chaque traitement a la sienne."));
            return;
        }
        if (input.Reference.Length > 0)
        {
            _seen[input.Reference] = row;
        }
        Record($"{source} › ligne {row}", source, row, input, columnOf);
    }

    /// <summary>
    /// Plans an entry (the caller has made sure its reference is read once): validation problems named by row and
    /// column, or by field when the column is unknown; create, update or unchanged against the register.
    /// </summary>
    /// <param name="origin">Where the entry comes from, as the preview lists it.</param>
    public void Record(string origin, string source, int row, ActivityInput input, Func<string, int> columnOf)
    {
        var current = existing.GetValueOrDefault(input.Reference);
        foreach (var (field, messages) in ActivityValidation.Check(input, catalogs, processors).ToFailure().Errors)
        {
            var column = columnOf(field);
            problems.AddRange(messages.Select(m => new ImportProblem(source, row, column, column > 0 ? m : $"{m} ({field})")));
        }
        var change = current is null ? ImportChange.Create
            : Same(ActivityInput.Of(current), input) ? ImportChange.Unchanged : ImportChange.Update;
        _activities.Add(new PlannedActivity(origin, change, input, current?.Id, current?.Version));
    }

    public static bool Same(ActivityInput a, ActivityInput b) =>
        a.Reference == b.Reference && a.Name == b.Name && a.Role == b.Role && a.ResponsibleService == b.ResponsibleService
        && a.Content.Write() == b.Content.Write();
}
