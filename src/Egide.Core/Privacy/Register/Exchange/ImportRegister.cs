using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Core.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register.Exchange;

public enum ImportChange
{
    Create,
    Update,
    Unchanged,
}

/// <summary>One entry the import would write, and how.</summary>
public sealed record PlannedActivity(string Sheet, ImportChange Change, ActivityInput Input, Guid? ExistingId, int? ExistingVersion);

/// <summary>What an import would do, and every problem found, before anything is written.</summary>
/// <param name="Organization">What the workbook's list sheet says of the controller, representative and DPO; null without a list sheet.</param>
public sealed record ImportPreview(IReadOnlyList<PlannedActivity> Activities, IReadOnlyList<ImportProblem> Problems, CnilOrganizationBlock? Organization = null)
{
    public bool CanConfirm => Activities.Count > 0 && !Problems.Any(p => p.Blocking);

    /// <summary>Written in the history of each entry the import changes.</summary>
    public string ChangeReason { get; init; } = "Import du modèle CNIL";
}

/// <summary>
/// Imports a register kept in the CNIL's simplified model (.ods): a preview first, which writes nothing; then,
/// once a preview without blocking problems is confirmed, every entry in one transaction — all or nothing. An
/// entry whose reference is already in the register is updated with what the model carries (name, actors,
/// purposes, data, persons, recipients, transfers, measures); what the model has no place for (legal basis,
/// DPIA, AI use…) is kept, unless the fiche carries Egide's own block (a file exported by Egide), which makes it a
/// whole entry.
/// <para>
/// The list sheet (« 2_-_Liste_des_traitements ») is read too: its controller and representative become those of the
/// entries whose fiche leaves them empty; its DPO is compared with the organisation's, a difference being a
/// warning (the organisation's contacts are never changed by an import); each of its rows is tied to a fiche by
/// reference — a row without fiche becomes an entry made of its name, reference and purpose, a fiche without row
/// or a name that differs is a warning, a reference listed twice is an error.
/// </para>
/// </summary>
public static class ImportRegister
{
    public sealed class Handler(EgideDb db, EgideSettings settings, TimeProvider clock)
    {
        public async Task<ImportPreview> PreviewCnilModelAsync(Stream file, CancellationToken ct)
        {
            IReadOnlyList<Sheet> sheets;
            try
            {
                sheets = SpreadsheetReader.Read(file);
            }
            catch (SpreadsheetException e)
            {
                return new ImportPreview([], [new ImportProblem("", 0, 0, e.Message)]);
            }
            return await PreviewCnilModelAsync(sheets, ct);
        }

        /// <summary>The preview of a workbook already read (its sheets laid out like the CNIL model).</summary>
        public async Task<ImportPreview> PreviewCnilModelAsync(IReadOnlyList<Sheet> sheets, CancellationToken ct)
        {
            var problems = new List<ImportProblem>();
            var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
            var processors = (await db.Processors.AsNoTracking().Select(p => p.Id).ToListAsync(ct)).ToHashSet();
            var existing = await db.ProcessingActivities.AsNoTracking().ToDictionaryAsync(a => a.Reference, ct);
            var plan = new ImportPlan(catalogs, processors, existing, problems);
            var fiches = new Dictionary<string, (string Sheet, string Name)>(StringComparer.Ordinal);
            var list = sheets.FirstOrDefault(CnilList.IsListSheet) is { } listSheet ? CnilList.Read(listSheet) : null;
            if (list is not null)
            {
                problems.AddRange(list.Problems);
                problems.AddRange(await CompareDpoAsync(list, ct));
            }

            void Plan(string sheet, ActivityInput input) => plan.Record(sheet, sheet, 0, input, _ => 0);

            foreach (var sheet in sheets.Where(CnilSheet.IsActivitySheet))
            {
                var read = CnilSheet.Read(sheet, catalogs);
                if (read.IsBlank)
                {
                    problems.Add(new ImportProblem(sheet.Name, 0, 0, "Fiche modèle vide : ignorée.", Blocking: false));
                    continue;
                }
                problems.AddRange(read.Problems);
                if (read.Activity is not { } input)
                {
                    continue;
                }
                if (fiches.TryGetValue(input.Reference, out var other))
                {
                    problems.Add(new ImportProblem(sheet.Name, 0, 0, $"La référence « {input.Reference} » est déjà celle de la feuille « {other.Sheet} » : chaque fiche a la sienne."));
                    continue;
                }
                fiches[input.Reference] = (sheet.Name, input.Name);
                var current = existing.GetValueOrDefault(input.Reference);
                if (read.HasEgideBlock)
                {
                    input = current is null ? input : WithProcessors(ActivityInput.Of(current), input);
                }
                else
                {
                    if (current is not null)
                    {
                        input = Merged(ActivityInput.Of(current), input);
                    }
                    input = WithListContacts(input, list, sheet.Name, problems);
                }
                Plan(sheet.Name, input);
            }
            if (list is not null)
            {
                PlanListRows(list, fiches, existing, Plan, problems);
            }
            if (plan.Activities.Count == 0 && !problems.Any(p => p.Blocking))
            {
                problems.Add(new ImportProblem("", 0, 0, "Ce classeur ne contient aucune fiche de registre remplie (une feuille avec « Nom du traitement » en colonne A)."));
            }
            return new ImportPreview(plan.Activities, problems, list?.Block);
        }

        /// <summary>The DPO the list names, against the organisation's: each difference a warning on its cell.</summary>
        private async Task<IReadOnlyList<ImportProblem>> CompareDpoAsync(CnilListResult list, CancellationToken ct)
        {
            var cells = list.DpoCells;
            if (list.Block.Dpo is null && list.Block.DpoCompany is null)
            {
                return [];
            }
            var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == db.TenantOrganizationId, ct);
            var dpo = organization.Dpo;
            var problems = new List<ImportProblem>();
            const string Kept = "L'import ne modifie pas les coordonnées de l'organisme : corrigez celles qui sont fausses (page de l'organisme dans Egide, ou le classeur).";
            void Warn(string field, string message)
            {
                var cell = cells.GetValueOrDefault(field) ?? cells.Values.OrderBy(v => v.Row).ThenBy(v => v.Column).First();
                problems.Add(new ImportProblem(list.Sheet, cell.Row, cell.Column, $"{message} {Kept}", Blocking: false));
            }
            if (dpo.Kind == DpoKind.NotDesignated)
            {
                Warn("nom", $"Le classeur nomme un DPO (« {list.Block.Dpo?.Name ?? list.Block.DpoCompany} ») ; Egide n'en connaît aucun pour l'organisme.");
                return problems;
            }
            var listed = list.Block.Dpo;
            if (listed is not null && cells.ContainsKey("nom") && !SameWords(listed.Name, dpo.PersonName))
            {
                Warn("nom", $"DPO : « {listed.Name} » dans le classeur, « {dpo.PersonName ?? "(aucun nom)"} » dans Egide.");
            }
            if (listed?.Email is { } email && !string.Equals(email.Trim(), dpo.Email?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                Warn("adresse mel", $"Adresse mél du DPO : « {email} » dans le classeur, « {dpo.Email ?? "(aucune)"} » dans Egide.");
            }
            if (listed?.Phone is { } phone && Digits(phone) != Digits(dpo.Phone ?? ""))
            {
                Warn("telephone", $"Téléphone du DPO : « {phone} » dans le classeur, « {dpo.Phone ?? "(aucun)"} » dans Egide.");
            }
            if (list.Block.DpoCompany is { } company)
            {
                var known = dpo.Kind != DpoKind.External ? null
                    : dpo.ExternalOrganizationId is { } bodyId
                        ? await db.Organizations.AsNoTracking().Where(o => o.Id == bodyId).Select(o => o.Name).FirstOrDefaultAsync(ct)
                        : dpo.ExternalBodyName;
                if (!SameWords(company, known))
                {
                    Warn("societe", known is null
                        ? $"Société du DPO : « {company} » dans le classeur ; pour Egide, le DPO est interne à l'organisme."
                        : $"Société du DPO : « {company} » dans le classeur, « {known} » dans Egide.");
                }
            }
            return problems;
        }

        /// <summary>Writes a confirmed preview, all or nothing; a change made meanwhile (stale version) undoes it all.</summary>
        /// <returns>How many entries were created and updated.</returns>
        public async Task<Result<(int Created, int Updated)>> ConfirmAsync(ImportPreview preview, RegisterActor actor, CancellationToken ct)
        {
            if (!actor.CanEdit)
            {
                return RegisterActor.NotAKeeper;
            }
            if (!preview.CanConfirm)
            {
                var errors = new ValidationErrors();
                foreach (var problem in preview.Problems.Where(p => p.Blocking))
                {
                    errors.Add(problem.Sheet, problem.Message);
                }
                if (errors.IsEmpty)
                {
                    errors.Add("", "Rien à importer.");
                }
                return errors.ToFailure();
            }
            var create = new CreateProcessingActivity.Handler(db, settings, clock);
            var update = new UpdateProcessingActivity.Handler(db, settings, clock);
            var strategy = db.Database.CreateExecutionStrategy();
            return await strategy.ExecuteAsync<Result<(int Created, int Updated)>>(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // Loaded once in the transaction, not once per entry: the same for all of them.
                var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
                var processorIds = await ActivityChange.ProcessorIdsAsync(db, ct);
                // Checked here rather than by one query per new entry; the unique index still guards the save.
                var references = (await db.ProcessingActivities.AsNoTracking().Select(a => a.Reference).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
                var staged = new List<(PlannedActivity Entry, ProcessingActivity Activity)>();
                var (created, updated) = (0, 0);

                async Task<Result<(int, int)>> Undo(PlannedActivity entry, Failure failure)
                {
                    await transaction.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return failure is ValidationFailure v
                        ? new ValidationFailure(v.Errors.ToDictionary(e => $"{entry.Sheet} › {e.Key}", e => e.Value))
                        : failure;
                }

                // New entries are saved by batches, each with everything its creation writes (version, links, alerts,
                // mails, audit entries); then the context forgets them, so that a save never scans the ones before.
                async Task<Failure?> SaveStaged()
                {
                    if (staged.Count == 0)
                    {
                        return null;
                    }
                    var failure = await ActivityChange.SaveChangesAsync(db, staged.Select(s => s.Activity).ToList(), ct);
                    if (failure is null)
                    {
                        staged.Clear();
                        db.ChangeTracker.Clear();
                    }
                    return failure;
                }

                PlannedActivity EntryOf(Failure failure) =>
                    failure is ValidationFailure { Errors: var errors } && errors.Values.SelectMany(m => m).FirstOrDefault() is { } message
                        && staged.FirstOrDefault(s => message.Contains($"« {s.Activity.Reference} »", StringComparison.Ordinal)) is { Entry: { } entry }
                        ? entry
                        : staged[^1].Entry;

                foreach (var entry in preview.Activities.Where(a => a.Change != ImportChange.Unchanged))
                {
                    if (entry.Change == ImportChange.Create)
                    {
                        var stage = await create.StageAsync(entry.Input, actor, catalogs, processorIds, ct, references);
                        if (!stage.IsSuccess)
                        {
                            return await Undo(entry, stage.Failure!);
                        }
                        staged.Add((entry, stage.Value));
                        created++;
                        if (staged.Count == SaveBatch && await SaveStaged() is { } failed)
                        {
                            return await Undo(EntryOf(failed), failed);
                        }
                        continue;
                    }
                    if (await SaveStaged() is { } failure)
                    {
                        return await Undo(EntryOf(failure), failure);
                    }
                    var result = await update.Handle(new UpdateProcessingActivity.Command(entry.ExistingId!.Value, entry.ExistingVersion!.Value, entry.Input, preview.ChangeReason), actor, ct);
                    updated++;
                    if (result.Failure is { } refused)
                    {
                        return await Undo(entry, refused);
                    }
                    db.ChangeTracker.Clear();
                }
                if (await SaveStaged() is { } last)
                {
                    return await Undo(EntryOf(last), last);
                }
                await transaction.CommitAsync(ct);
                return (created, updated);
            });
        }
    }

    /// <summary>New entries saved together: fewer round trips (and audit chain reads) than one save each, and a context that stays small.</summary>
    private const int SaveBatch = 250;

    /// <summary>The list's controller and representative for a fiche that leaves them empty.</summary>
    private static ActivityInput WithListContacts(ActivityInput input, CnilListResult? list, string sheet, List<ImportProblem> problems)
    {
        if (list is null)
        {
            return input;
        }
        var content = input.Content;
        if (content.Controller is null && list.Block.Controller is { } controller)
        {
            content = content with { Controller = controller };
            problems.Add(new ImportProblem(sheet, 0, 0, $"Responsable du traitement vide : celui de la feuille « {list.Sheet} » (« {controller.Name} ») est repris.", Blocking: false));
        }
        if (content.Representative is null && list.Block.Representative is { } representative)
        {
            content = content with { Representative = representative };
            problems.Add(new ImportProblem(sheet, 0, 0, $"Représentant vide : celui de la feuille « {list.Sheet} » (« {representative.Name} ») est repris.", Blocking: false));
        }
        return input with { Content = content };
    }

    /// <summary>The list's rows tied to their fiches by reference; a row without fiche planned as an entry of its own.</summary>
    private static void PlanListRows(
        CnilListResult list, Dictionary<string, (string Sheet, string Name)> fiches, Dictionary<string, ProcessingActivity> existing,
        Action<string, ActivityInput> plan, List<ImportProblem> problems)
    {
        var listed = new Dictionary<string, int>(StringComparer.Ordinal);
        void Problem(CnilListRow row, int column, string message, bool blocking) =>
            problems.Add(new ImportProblem(list.Sheet, row.Row, column, message, blocking));
        foreach (var row in list.Rows)
        {
            if (row.Reference is not { } reference)
            {
                Problem(row, row.ReferenceColumn, $"La référence (N° / RÉF) de « {row.Name} » est vide : elle relie la ligne à sa fiche, elle est obligatoire.", true);
                continue;
            }
            if (listed.TryGetValue(reference, out var first))
            {
                Problem(row, row.ReferenceColumn, $"La référence « {reference} » figure déjà ligne {first} : chaque traitement a la sienne.", true);
                continue;
            }
            listed[reference] = row.Row;
            if (fiches.TryGetValue(reference, out var fiche))
            {
                if (row.Name is not null && CnilVocabulary.Key(row.Name) != CnilVocabulary.Key(fiche.Name))
                {
                    Problem(row, row.NameColumn, $"Le nom « {row.Name} » diffère de celui de la fiche « {fiche.Sheet} » (« {fiche.Name} ») : celui de la fiche est repris.", false);
                }
                continue;
            }
            if (row.Name is null)
            {
                Problem(row, row.NameColumn, $"Le nom du traitement « {reference} » est vide, et il n'a pas de fiche : il est obligatoire.", true);
                continue;
            }
            Problem(row, row.ReferenceColumn, $"Aucune fiche pour la référence « {reference} » : l'entrée est créée à partir de la ligne (nom, référence, finalité) ; complétez-la dans Egide."
                + (row.HasSensitiveData == true ? " La ligne indique des données sensibles : précisez-les dans la fiche." : ""), false);
            var current = existing.GetValueOrDefault(reference);
            var known = current is null ? null : ActivityInput.Of(current);
            // An entry already in Egide keeps its purpose: the list's is a summary (« main purpose, sub-purposes… »).
            var input = known is null
                ? new ActivityInput { Reference = reference, Name = row.Name, Content = new ActivityContent { MainPurpose = row.Purpose ?? "" } }
                : known with
                {
                    Name = row.Name,
                    Content = known.Content with { MainPurpose = string.IsNullOrWhiteSpace(known.Content.MainPurpose) ? row.Purpose ?? "" : known.Content.MainPurpose },
                };
            plan(list.Sheet, WithListContacts(input, list, list.Sheet, []));
        }
        foreach (var (reference, fiche) in fiches.Where(f => !listed.ContainsKey(f.Key)))
        {
            problems.Add(new ImportProblem(fiche.Sheet, 0, 0, $"La fiche « {reference} » ne figure pas dans la liste des traitements (feuille « {list.Sheet} ») : ajoutez-y sa ligne.", Blocking: false));
        }
    }

    /// <summary>A whole entry read back from Egide's export keeps the processors its recipients named, which the model cannot carry.</summary>
    private static ActivityInput WithProcessors(ActivityInput current, ActivityInput read)
    {
        var before = current.Content.Recipients;
        var after = read.Content.Recipients;
        if (before.Count != after.Count || before.Where((r, i) => r.TypeCode != after[i].TypeCode || r.Details != after[i].Details).Any())
        {
            return read;
        }
        return read with { Content = read.Content with { Recipients = after.Select((r, i) => r with { ProcessorId = before[i].ProcessorId }).ToList() } };
    }

    private static bool SameWords(string? a, string? b)
    {
        static string Words(string? text) => string.Join(' ', CnilVocabulary.Key(text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        return Words(a) == Words(b);
    }

    private static string Digits(string phone) => new(phone.Where(char.IsAsciiDigit).ToArray());

    private static ActivityInput Merged(ActivityInput current, ActivityInput read) => current with
    {
        Name = read.Name,
        Content = current.Content with
        {
            Controller = read.Content.Controller ?? current.Content.Controller,
            Representative = read.Content.Representative ?? current.Content.Representative,
            JointControllers = read.Content.JointControllers,
            MainPurpose = read.Content.MainPurpose,
            SubPurposes = read.Content.SubPurposes,
            DataCategories = read.Content.DataCategories,
            DataSubjects = read.Content.DataSubjects,
            Recipients = read.Content.Recipients,
            Transfers = read.Content.Transfers,
            SecurityMeasures = read.Content.SecurityMeasures,
        },
    };
}
