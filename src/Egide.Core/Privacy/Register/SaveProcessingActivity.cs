using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register;

/// <summary>
/// What every change of an entry ends with, in the change's own transaction: a new version in the history,
/// the links to processors, and the alerts of the entry brought up to date (new ones sent to the controller).
/// </summary>
internal static class ActivityChange
{
    public static async Task<Failure?> SaveAsync(
        EgideDb db, EgideSettings settings, TimeProvider clock, RegisterCatalogs catalogs,
        ProcessingActivity activity, RegisterActor actor, string change, CancellationToken ct)
    {
        await StageAsync(db, settings, clock, catalogs, activity, actor, change, ct);
        return await SaveChangesAsync(db, [activity], ct);
    }

    /// <summary>What <see cref="SaveAsync"/> adds to the context (version, links, alerts, mails), without saving it.</summary>
    public static async Task StageAsync(
        EgideDb db, EgideSettings settings, TimeProvider clock, RegisterCatalogs catalogs,
        ProcessingActivity activity, RegisterActor actor, string change, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        activity.UpdatedAt = now;
        activity.HasSpecialData = activity.Content.DataCategories.Any(d =>
            catalogs.DataCategories.TryGetValue(d.CategoryCode, out var e) && e.Nature is DataCategoryNature.Special or DataCategoryNature.Offence);
        db.ActivityVersions.Add(new ActivityVersion
        {
            OrganizationId = activity.OrganizationId,
            ActivityId = activity.Id,
            Number = activity.Version,
            RecordedAt = now,
            RecordedById = actor.UserId,
            RecordedByName = actor.Name,
            Change = change,
            SnapshotJson = ActivitySnapshot.Of(activity).Write(),
        });

        var wanted = activity.Content.Recipients.Where(r => r.ProcessorId is not null).Select(r => r.ProcessorId!.Value).ToHashSet();
        // An entry being created has nothing stored under its new id yet: no query (an import creates thousands).
        var isNew = db.Entry(activity).State == EntityState.Added;
        var links = isNew ? [] : await db.ActivityProcessors.Where(l => l.ActivityId == activity.Id).ToListAsync(ct);
        db.ActivityProcessors.RemoveRange(links.Where(l => !wanted.Contains(l.ProcessorId)));
        foreach (var processor in wanted.Where(p => links.All(l => l.ProcessorId != p)))
        {
            db.ActivityProcessors.Add(new ActivityProcessor { OrganizationId = activity.OrganizationId, ActivityId = activity.Id, ProcessorId = processor });
        }

        var added = await RegisterAlerts.ApplyAsync(db, [RegisterRules.SubjectOf(activity)], RegisterRules.ForActivity(activity, catalogs.Facts(now)), now, ct, noneOpen: isNew);
        await RegisterAlerts.NotifyAsync(db, settings, clock, added, ct);
    }

    /// <summary>Saves what was staged for <paramref name="activities"/> (one entry, or an import's batch).</summary>
    public static async Task<Failure?> SaveChangesAsync(EgideDb db, IReadOnlyCollection<ProcessingActivity> activities, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The reference was taken meanwhile, or two saves of the same version raced.
            var references = activities.Select(a => a.Reference).ToList();
            var ids = activities.Select(a => a.Id).ToList();
            var taken = await db.ProcessingActivities.AsNoTracking().Where(a => references.Contains(a.Reference) && !ids.Contains(a.Id))
                .Select(a => a.Reference).FirstOrDefaultAsync(ct);
            return taken is null ? Stale : ReferenceTaken(taken);
        }
    }

    public static readonly ConflictFailure Stale = new(
        "Quelqu'un a modifié cette fiche depuis que vous l'avez ouverte : rien n'a été enregistré. Rechargez la fiche pour voir ses changements, puis refaites les vôtres.");

    public static ValidationFailure ReferenceTaken(string reference)
    {
        var errors = new ValidationErrors();
        errors.Add(nameof(ActivityInput.Reference), $"La référence « {reference} » est déjà celle d'une autre fiche du registre.");
        return errors.ToFailure();
    }

    public static ActivityInput Trimmed(ActivityInput input) => input with
    {
        Reference = input.Reference.Trim(),
        Name = input.Name.Trim(),
        ResponsibleService = string.IsNullOrWhiteSpace(input.ResponsibleService) ? null : input.ResponsibleService.Trim(),
        Content = input.Content with
        {
            MainPurpose = input.Content.MainPurpose?.Trim() ?? "",
            SubPurposes = input.Content.SubPurposes.Select(s => s?.Trim() ?? "").ToList(),
        },
    };

    public static async Task<HashSet<Guid>> ProcessorIdsAsync(EgideDb db, CancellationToken ct) =>
        (await db.Processors.AsNoTracking().Select(p => p.Id).ToListAsync(ct)).ToHashSet();
}

/// <summary>A new entry of the register, as a draft.</summary>
public static class CreateProcessingActivity
{
    public sealed class Handler(EgideDb db, EgideSettings settings, TimeProvider clock)
    {
        public async Task<Result<Guid>> Handle(ActivityInput input, RegisterActor actor, CancellationToken ct)
        {
            if (db.TenantOrganizationId == Guid.Empty)
            {
                throw new InvalidOperationException("No organisation: call EgideDb.UseOrganization first.");
            }
            if (!actor.CanEdit)
            {
                return RegisterActor.NotAKeeper;
            }
            var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
            var staged = await StageAsync(input, actor, catalogs, await ActivityChange.ProcessorIdsAsync(db, ct), ct);
            if (!staged.IsSuccess)
            {
                return staged.Failure!;
            }
            var failure = await ActivityChange.SaveChangesAsync(db, [staged.Value], ct);
            return failure is null ? staged.Value.Id : failure;
        }

        /// <summary>
        /// The new entry and all its creation writes (version, links, alerts, mails) added to the context, unsaved:
        /// an import stages many, then saves them at once (<see cref="ActivityChange.SaveChangesAsync"/>).
        /// </summary>
        /// <param name="references">The references in the register, read once in the caller's transaction; null: asked of the database.</param>
        internal async Task<Result<ProcessingActivity>> StageAsync(
            ActivityInput input, RegisterActor actor, RegisterCatalogs catalogs, IReadOnlySet<Guid> processorIds, CancellationToken ct,
            ISet<string>? references = null)
        {
            input = ActivityChange.Trimmed(input);
            var errors = ActivityValidation.Check(input, catalogs, processorIds);
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            if (references is not null ? !references.Add(input.Reference) : await db.ProcessingActivities.AnyAsync(a => a.Reference == input.Reference, ct))
            {
                return ActivityChange.ReferenceTaken(input.Reference);
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var activity = new ProcessingActivity
            {
                OrganizationId = db.TenantOrganizationId,
                Reference = input.Reference,
                Name = input.Name,
                Role = input.Role,
                ResponsibleService = input.ResponsibleService,
                Status = ActivityStatus.Draft,
                CreatedAt = now,
                LastReviewedAt = now,
                StatusChangedAt = now,
                Version = 1,
            };
            activity.Content = input.Content;
            db.ProcessingActivities.Add(activity);
            await ActivityChange.StageAsync(db, settings, clock, catalogs, activity, actor, "Création", ct);
            return activity;
        }
    }
}

/// <summary>
/// Changes an entry (one section from the form, or all of it from the API). A submitted, reviewed or validated
/// entry goes back to draft: the opinion and the validation were given on what it said before.
/// </summary>
public static class UpdateProcessingActivity
{
    public sealed record Command(Guid Id, int Version, ActivityInput Input, string Section);

    public sealed class Handler(EgideDb db, EgideSettings settings, TimeProvider clock)
    {
        public async Task<Result<int>> Handle(Command command, RegisterActor actor, CancellationToken ct)
        {
            var activity = await db.ProcessingActivities.FirstOrDefaultAsync(a => a.Id == command.Id, ct);
            if (activity is null)
            {
                return new NotFoundFailure("Cette fiche n'existe pas dans le registre de l'organisme.");
            }
            if (!actor.CanEdit)
            {
                return RegisterActor.NotAKeeper;
            }
            if (activity.Version != command.Version)
            {
                return ActivityChange.Stale;
            }
            if (activity.Status == ActivityStatus.Archived)
            {
                return new ConflictFailure("Cette fiche est archivée : restaurez-la avant de la modifier.");
            }
            var input = ActivityChange.Trimmed(command.Input);
            var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
            var errors = ActivityValidation.Check(input, catalogs, await ActivityChange.ProcessorIdsAsync(db, ct));
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            if (await db.ProcessingActivities.AnyAsync(a => a.Reference == input.Reference && a.Id != activity.Id, ct))
            {
                return ActivityChange.ReferenceTaken(input.Reference);
            }
            if (ActivityInput.Of(activity) is var before && before.Reference == input.Reference && before.Name == input.Name
                && before.Role == input.Role && before.ResponsibleService == input.ResponsibleService
                && before.Content.Write() == input.Content.Write())
            {
                return activity.Version; // nothing changed: no new version, status kept
            }

            var change = $"Modification : {command.Section}";
            if (activity.Status != ActivityStatus.Draft)
            {
                change += " (retour en brouillon)";
                activity.Status = ActivityStatus.Draft;
                activity.StatusChangedAt = clock.GetUtcNow().UtcDateTime;
                activity.DpoOpinion = null;
                activity.DpoOpinionText = null;
                activity.DpoOpinionBy = null;
                activity.DpoOpinionAt = null;
                activity.ValidatedBy = null;
                activity.ValidatedAt = null;
            }
            activity.Reference = input.Reference;
            activity.Name = input.Name;
            activity.Role = input.Role;
            activity.ResponsibleService = input.ResponsibleService;
            activity.Content = input.Content;
            activity.Version++;
            var failure = await ActivityChange.SaveAsync(db, settings, clock, catalogs, activity, actor, change, ct);
            return failure is null ? activity.Version : failure;
        }
    }
}

public enum ActivityAction
{
    Submit,
    GiveDpoOpinion,
    Validate,
    MarkReviewed,
    Archive,
    Restore,
}

/// <summary>The entry's life: submitted by whoever keeps the register, reviewed by the DPO, validated by the controller.</summary>
public static class ChangeActivityStatus
{
    public sealed record Command(Guid Id, int Version, ActivityAction Action, DpoOpinionKind? Opinion = null, string? OpinionText = null);

    public sealed class Handler(EgideDb db, EgideSettings settings, TimeProvider clock)
    {
        public async Task<Result<int>> Handle(Command command, RegisterActor actor, CancellationToken ct)
        {
            var activity = await db.ProcessingActivities.FirstOrDefaultAsync(a => a.Id == command.Id, ct);
            if (activity is null)
            {
                return new NotFoundFailure("Cette fiche n'existe pas dans le registre de l'organisme.");
            }
            var now = clock.GetUtcNow().UtcDateTime;
            Failure? refused = command.Action switch
            {
                ActivityAction.Submit or ActivityAction.MarkReviewed or ActivityAction.Archive or ActivityAction.Restore when !actor.CanEdit =>
                    RegisterActor.NotAKeeper,
                ActivityAction.GiveDpoOpinion when !actor.CanGiveOpinion => new ForbiddenFailure("Seul le délégué à la protection des données donne son avis."),
                ActivityAction.Validate when !actor.CanValidate =>
                    new ForbiddenFailure("Seul le responsable de traitement (Maire, Président ou son délégué) valide une fiche."),
                _ => null,
            };
            if (refused is not null)
            {
                return refused;
            }
            if (activity.Version != command.Version)
            {
                return ActivityChange.Stale;
            }

            string change;
            switch (command.Action)
            {
                case ActivityAction.Submit:
                    if (activity.Status != ActivityStatus.Draft)
                    {
                        return new ConflictFailure("Seule une fiche en brouillon peut être soumise.");
                    }
                    var missing = ActivityValidation.CheckComplete(activity.Content);
                    if (!missing.IsEmpty)
                    {
                        return missing.ToFailure();
                    }
                    Move(activity, ActivityStatus.Submitted, now);
                    change = "Soumission à l'avis du DPO";
                    break;
                case ActivityAction.GiveDpoOpinion:
                    if (activity.Status is not (ActivityStatus.Submitted or ActivityStatus.DpoOpinionGiven))
                    {
                        return new ConflictFailure("Le DPO donne son avis sur une fiche soumise.");
                    }
                    var errors = new ValidationErrors();
                    if (command.Opinion is not { } opinion || !Enum.IsDefined(opinion))
                    {
                        errors.Add(nameof(command.Opinion), "Choisissez le sens de l'avis : favorable, favorable avec réserves ou défavorable.");
                    }
                    else if (opinion != DpoOpinionKind.Favourable && string.IsNullOrWhiteSpace(command.OpinionText))
                    {
                        errors.Add(nameof(command.OpinionText), "Un avis avec réserves ou défavorable dit pourquoi : écrivez vos observations.");
                    }
                    if (command.OpinionText?.Length > ActivityValidation.TextMaxLength)
                    {
                        errors.Add(nameof(command.OpinionText), "L'avis tient en 4 000 caractères au plus.");
                    }
                    if (!errors.IsEmpty)
                    {
                        return errors.ToFailure();
                    }
                    activity.DpoOpinion = command.Opinion;
                    activity.DpoOpinionText = string.IsNullOrWhiteSpace(command.OpinionText) ? null : command.OpinionText.Trim();
                    activity.DpoOpinionBy = actor.Name;
                    activity.DpoOpinionAt = now;
                    Move(activity, ActivityStatus.DpoOpinionGiven, now);
                    change = "Avis du DPO";
                    break;
                case ActivityAction.Validate:
                    if (activity.Status != ActivityStatus.DpoOpinionGiven)
                    {
                        return new ConflictFailure("Le responsable de traitement valide une fiche après l'avis du DPO.");
                    }
                    activity.ValidatedBy = actor.Name;
                    activity.ValidatedAt = now;
                    activity.LastReviewedAt = now;
                    Move(activity, ActivityStatus.Validated, now);
                    change = "Validation par le responsable de traitement";
                    break;
                case ActivityAction.MarkReviewed:
                    if (activity.Status == ActivityStatus.Archived)
                    {
                        return new ConflictFailure("Une fiche archivée ne se revoit pas : restaurez-la d'abord.");
                    }
                    activity.LastReviewedAt = now;
                    change = "Revue : fiche toujours exacte";
                    break;
                case ActivityAction.Archive:
                    if (activity.Status == ActivityStatus.Archived)
                    {
                        return activity.Version;
                    }
                    Move(activity, ActivityStatus.Archived, now);
                    change = "Archivage (traitement arrêté)";
                    break;
                case ActivityAction.Restore:
                    if (activity.Status != ActivityStatus.Archived)
                    {
                        return new ConflictFailure("Seule une fiche archivée peut être restaurée.");
                    }
                    Move(activity, ActivityStatus.Draft, now);
                    change = "Restauration en brouillon";
                    break;
                default:
                    return new ValidationErrors().ToFailure();
            }
            activity.Version++;
            var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
            var failure = await ActivityChange.SaveAsync(db, settings, clock, catalogs, activity, actor, change, ct);
            return failure is null ? activity.Version : failure;
        }

        private static void Move(ProcessingActivity activity, ActivityStatus status, DateTime now)
        {
            activity.Status = status;
            activity.StatusChangedAt = now;
        }
    }
}
