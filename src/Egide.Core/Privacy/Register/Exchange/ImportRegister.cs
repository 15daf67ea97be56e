using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
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
public sealed record ImportPreview(IReadOnlyList<PlannedActivity> Activities, IReadOnlyList<ImportProblem> Problems)
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
/// DPIA, AI use…) is kept.
/// </summary>
public static class ImportRegister
{
    public sealed class Handler(EgideDb db, EgideSettings settings, TimeProvider clock)
    {
        public async Task<ImportPreview> PreviewCnilModelAsync(Stream file, CancellationToken ct)
        {
            var problems = new List<ImportProblem>();
            IReadOnlyList<Sheet> sheets;
            try
            {
                sheets = SpreadsheetReader.Read(file);
            }
            catch (SpreadsheetException e)
            {
                return new ImportPreview([], [new ImportProblem("", 0, 0, e.Message)]);
            }
            var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
            var processors = (await db.Processors.AsNoTracking().Select(p => p.Id).ToListAsync(ct)).ToHashSet();
            var existing = await db.ProcessingActivities.AsNoTracking().ToDictionaryAsync(a => a.Reference, ct);
            var planned = new List<PlannedActivity>();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
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
                if (seen.TryGetValue(input.Reference, out var other))
                {
                    problems.Add(new ImportProblem(sheet.Name, 0, 0, $"La référence « {input.Reference} » est déjà celle de la feuille « {other} » : chaque fiche a la sienne."));
                    continue;
                }
                seen[input.Reference] = sheet.Name;
                var current = existing.GetValueOrDefault(input.Reference);
                if (current is not null)
                {
                    input = Merged(ActivityInput.Of(current), input);
                }
                foreach (var (field, messages) in ActivityValidation.Check(input, catalogs, processors).ToFailure().Errors)
                {
                    problems.AddRange(messages.Select(m => new ImportProblem(sheet.Name, 0, 0, $"{m} ({field})")));
                }
                var change = current is null ? ImportChange.Create
                    : Same(ActivityInput.Of(current), input) ? ImportChange.Unchanged : ImportChange.Update;
                planned.Add(new PlannedActivity(sheet.Name, change, input, current?.Id, current?.Version));
            }
            if (planned.Count == 0 && !problems.Any(p => p.Blocking))
            {
                problems.Add(new ImportProblem("", 0, 0, "Ce classeur ne contient aucune fiche de registre remplie (une feuille avec « Nom du traitement » en colonne A)."));
            }
            return new ImportPreview(planned, problems);
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
                var (created, updated) = (0, 0);
                foreach (var entry in preview.Activities.Where(a => a.Change != ImportChange.Unchanged))
                {
                    Failure? failure;
                    if (entry.Change == ImportChange.Create)
                    {
                        failure = (await create.Handle(entry.Input, actor, ct)).Failure;
                        created++;
                    }
                    else
                    {
                        failure = (await update.Handle(new UpdateProcessingActivity.Command(entry.ExistingId!.Value, entry.ExistingVersion!.Value, entry.Input, preview.ChangeReason), actor, ct)).Failure;
                        updated++;
                    }
                    if (failure is not null)
                    {
                        await transaction.RollbackAsync(ct);
                        db.ChangeTracker.Clear();
                        return failure is ValidationFailure v
                            ? new ValidationFailure(v.Errors.ToDictionary(e => $"{entry.Sheet} › {e.Key}", e => e.Value))
                            : failure;
                    }
                }
                await transaction.CommitAsync(ct);
                return (created, updated);
            });
        }
    }

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

    private static bool Same(ActivityInput a, ActivityInput b) =>
        a.Reference == b.Reference && a.Name == b.Name && a.Role == b.Role && a.ResponsibleService == b.ResponsibleService
        && a.Content.Write() == b.Content.Write();
}
