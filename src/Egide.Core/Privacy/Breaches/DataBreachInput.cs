using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Breaches;

/// <summary>What a person writes about a breach (everything but the decisions, the notifications and the closure). Instants in UTC.</summary>
public sealed record DataBreachInput
{
    public string Title { get; init; } = "";
    public DateTime? AwareAt { get; init; }
    public string? AwarenessCircumstances { get; init; }
    public DateTime? OccurredFrom { get; init; }
    public DateTime? OccurredUntil { get; init; }
    public bool IsOngoing { get; init; }
    public BreachNature Nature { get; init; }
    public BreachOrigin Origin { get; init; }
    public string? Cause { get; init; }
    public string? PersonCategories { get; init; }
    public int? PersonsCount { get; init; }
    public string? DataCategories { get; init; }
    public int? RecordsCount { get; init; }
    public bool HasSpecialData { get; init; }
    public string? LikelyConsequences { get; init; }
    public string? MeasuresTaken { get; init; }
    public string? MeasuresPlanned { get; init; }
    public BreachRisk Risk { get; init; }
    public string? RiskReasoning { get; init; }
    /// <summary>Why the CNIL is notified after 72 hours, when it is (art. 33(1)).</summary>
    public string? DelayReason { get; init; }
    /// <summary>The processing activities of the register that the breach concerns.</summary>
    public IReadOnlyList<Guid> ActivityIds { get; init; } = [];

    public static DataBreachInput Of(DataBreach b, IReadOnlyList<Guid> activityIds) => new()
    {
        Title = b.Title, AwareAt = Deadlines.Periods.AsUtc(b.AwareAt), AwarenessCircumstances = b.AwarenessCircumstances,
        OccurredFrom = b.OccurredFrom is { } from ? Deadlines.Periods.AsUtc(from) : null,
        OccurredUntil = b.OccurredUntil is { } until ? Deadlines.Periods.AsUtc(until) : null,
        IsOngoing = b.IsOngoing, Nature = b.Nature, Origin = b.Origin, Cause = b.Cause, PersonCategories = b.PersonCategories,
        PersonsCount = b.PersonsCount, DataCategories = b.DataCategories, RecordsCount = b.RecordsCount, HasSpecialData = b.HasSpecialData,
        LikelyConsequences = b.LikelyConsequences, MeasuresTaken = b.MeasuresTaken, MeasuresPlanned = b.MeasuresPlanned,
        Risk = b.Risk, RiskReasoning = b.RiskReasoning, DelayReason = b.DelayReason, ActivityIds = activityIds,
    };
}

/// <summary>The checks and the writing shared by <see cref="RecordDataBreach"/> and <see cref="UpdateDataBreach"/>.</summary>
internal static class BreachInputRules
{
    /// <summary>A browser's or a server's clock a little ahead: an awareness « now » is not refused for it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static async Task<ValidationErrors> CheckAsync(EgideDb db, DataBreachInput input, DateTime nowUtc, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var latest = nowUtc + ClockSkew;
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > DataBreach.TitleMaxLength)
        {
            errors.Add(nameof(input.Title), "Indiquez un intitulé court de la violation (300 caractères au plus).");
        }
        if (input.AwareAt is not { } aware)
        {
            errors.Add(nameof(input.AwareAt), "Indiquez la date et l'heure de la prise de connaissance : le délai de 72 heures part de là.");
        }
        else if (Deadlines.Periods.AsUtc(aware) > latest)
        {
            errors.Add(nameof(input.AwareAt), "La prise de connaissance ne peut pas être dans le futur.");
        }
        if (input.OccurredFrom is { } from)
        {
            if (Deadlines.Periods.AsUtc(from) > latest)
            {
                errors.Add(nameof(input.OccurredFrom), "Le début de la violation ne peut pas être dans le futur.");
            }
            else if (input.AwareAt is { } awareAt && Deadlines.Periods.AsUtc(from) > Deadlines.Periods.AsUtc(awareAt))
            {
                errors.Add(nameof(input.OccurredFrom), "La violation ne peut pas avoir commencé après sa prise de connaissance.");
            }
        }
        if (input.OccurredUntil is { } until)
        {
            if (input.IsOngoing)
            {
                errors.Add(nameof(input.OccurredUntil), "Une violation toujours en cours n'a pas encore de fin : videz la date de fin ou décochez « toujours en cours ».");
            }
            else if (Deadlines.Periods.AsUtc(until) > latest)
            {
                errors.Add(nameof(input.OccurredUntil), "La fin de la violation ne peut pas être dans le futur.");
            }
            else if (input.OccurredFrom is { } start && Deadlines.Periods.AsUtc(until) < Deadlines.Periods.AsUtc(start))
            {
                errors.Add(nameof(input.OccurredUntil), "La fin de la violation ne peut pas précéder son début.");
            }
        }
        if (input.PersonsCount < 0)
        {
            errors.Add(nameof(input.PersonsCount), "Le nombre de personnes concernées ne peut pas être négatif.");
        }
        if (input.RecordsCount < 0)
        {
            errors.Add(nameof(input.RecordsCount), "Le nombre d'enregistrements concernés ne peut pas être négatif.");
        }
        if (!Enum.IsDefined(input.Origin))
        {
            errors.Add(nameof(input.Origin), "Origine inconnue.");
        }
        if (!Enum.IsDefined(input.Risk))
        {
            errors.Add(nameof(input.Risk), "Niveau de risque inconnu.");
        }
        else if (input.Risk != BreachRisk.NotAssessed)
        {
            if ((input.Nature & (BreachNature.Confidentiality | BreachNature.Integrity | BreachNature.Availability)) == BreachNature.None)
            {
                errors.Add(nameof(input.Nature), "Le risque est évalué : cochez au moins une nature de violation (confidentialité, intégrité, disponibilité).");
            }
            if (string.IsNullOrWhiteSpace(input.RiskReasoning))
            {
                errors.Add(nameof(input.RiskReasoning), "Motivez le niveau de risque retenu : c'est lui qui décide de la notification et de l'information des personnes.");
            }
            if (input.Risk == BreachRisk.HighRisk && input.PersonsCount == 0 && string.IsNullOrWhiteSpace(input.RiskReasoning))
            {
                errors.Add(nameof(input.PersonsCount),
                    "Un risque élevé pour 0 personne concernée doit être expliqué : corrigez le nombre de personnes ou justifiez ce niveau de risque dans la motivation.");
            }
        }
        Long(errors, nameof(input.AwarenessCircumstances), input.AwarenessCircumstances, DataBreach.TextMaxLength, "Les circonstances de la découverte");
        Long(errors, nameof(input.Cause), input.Cause, DataBreach.TextMaxLength, "La description de la cause");
        Long(errors, nameof(input.PersonCategories), input.PersonCategories, 2000, "Les catégories de personnes");
        Long(errors, nameof(input.DataCategories), input.DataCategories, 2000, "Les catégories de données");
        Long(errors, nameof(input.LikelyConsequences), input.LikelyConsequences, DataBreach.TextMaxLength, "Les conséquences probables");
        Long(errors, nameof(input.MeasuresTaken), input.MeasuresTaken, DataBreach.TextMaxLength, "Les mesures prises");
        Long(errors, nameof(input.MeasuresPlanned), input.MeasuresPlanned, DataBreach.TextMaxLength, "Les mesures envisagées");
        Long(errors, nameof(input.RiskReasoning), input.RiskReasoning, DataBreach.TextMaxLength, "La motivation du risque");
        Long(errors, nameof(input.DelayReason), input.DelayReason, DataBreach.TextMaxLength, "Les motifs du retard");

        var wanted = input.ActivityIds.Distinct().ToList();
        if (wanted.Count > 0)
        {
            // The tenancy filter: another organisation's activity is as unknown as one that does not exist.
            var known = await db.ProcessingActivities.AsNoTracking().Where(a => wanted.Contains(a.Id)).CountAsync(ct);
            if (known != wanted.Count)
            {
                errors.Add(nameof(input.ActivityIds), "Un des traitements choisis n'existe pas dans le registre de l'organisme.");
            }
        }
        return errors;
    }

    private static void Long(ValidationErrors errors, string field, string? value, int max, string what)
    {
        if (value?.Trim().Length > max)
        {
            errors.Add(field, $"{what} tiennent en {FrenchFormat.Number(max)} caractères au plus.");
        }
    }

    public static void Apply(DataBreach b, DataBreachInput input)
    {
        b.Title = input.Title.Trim();
        b.AwareAt = Deadlines.Periods.AsUtc(input.AwareAt!.Value);
        b.AwarenessCircumstances = Blank(input.AwarenessCircumstances);
        b.OccurredFrom = input.OccurredFrom is { } from ? Deadlines.Periods.AsUtc(from) : null;
        b.OccurredUntil = input.OccurredUntil is { } until && !input.IsOngoing ? Deadlines.Periods.AsUtc(until) : null;
        b.IsOngoing = input.IsOngoing;
        b.Nature = input.Nature & (BreachNature.Confidentiality | BreachNature.Integrity | BreachNature.Availability);
        b.Origin = input.Origin;
        b.Cause = Blank(input.Cause);
        b.PersonCategories = Blank(input.PersonCategories);
        b.PersonsCount = input.PersonsCount;
        b.DataCategories = Blank(input.DataCategories);
        b.RecordsCount = input.RecordsCount;
        b.HasSpecialData = input.HasSpecialData;
        b.LikelyConsequences = Blank(input.LikelyConsequences);
        b.MeasuresTaken = Blank(input.MeasuresTaken);
        b.MeasuresPlanned = Blank(input.MeasuresPlanned);
        b.Risk = input.Risk;
        b.RiskReasoning = Blank(input.RiskReasoning);
        b.DelayReason = Blank(input.DelayReason);
        // A risk that becomes high reopens what a lower one allowed: the CNIL must be notified (the clock runs again)
        // and the persons informed, or an exemption justified (art. 33 and 34).
        if (b.Risk == BreachRisk.HighRisk)
        {
            if (b.Decision == NotificationDecision.DoNotNotify)
            {
                b.Decision = NotificationDecision.Pending;
                b.DecisionReason = null;
                b.DecidedAt = null;
                b.DecidedByName = null;
            }
            if (b.PersonsCommunication == PersonsCommunication.NotRequired)
            {
                b.PersonsCommunication = PersonsCommunication.NotDecided;
            }
        }
    }

    public static void LinkActivities(EgideDb db, DataBreach breach, IReadOnlyList<DataBreachActivity> current, IReadOnlyList<Guid> wanted)
    {
        var set = wanted.ToHashSet();
        db.DataBreachActivities.RemoveRange(current.Where(l => !set.Contains(l.ActivityId)));
        foreach (var id in set.Where(id => current.All(l => l.ActivityId != id)))
        {
            db.DataBreachActivities.Add(new DataBreachActivity { OrganizationId = breach.OrganizationId, BreachId = breach.Id, ActivityId = id });
        }
    }

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Records a breach in the organisation's breach register (art. 33(5)); its 72-hour CNIL clock starts at the awareness.</summary>
public static class RecordDataBreach
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Guid>> Handle(DataBreachInput input, Register.RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(actor);
            if (db.TenantOrganizationId == Guid.Empty)
            {
                throw new InvalidOperationException("No organisation: call EgideDb.UseOrganization first.");
            }
            if (!actor.CanSeeBreaches)
            {
                return Register.RegisterActor.NotCaseworker;
            }
            if (!actor.CanHandleCasework)
            {
                return BreachFailures.NotHandler;
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var errors = await BreachInputRules.CheckAsync(db, input, now, ct);
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            // Two people recording at once may take the same number: the unique index refuses the second, who takes the next.
            for (var attempt = 1; ; attempt++)
            {
                var breach = new DataBreach
                {
                    OrganizationId = db.TenantOrganizationId,
                    CreatedAt = now,
                    UpdatedAt = now,
                    CreatedByName = actor.Name,
                    Version = 1,
                };
                BreachInputRules.Apply(breach, input);
                breach.Reference = await NextReferenceAsync(db, breach.AwareAt, ct);
                db.DataBreaches.Add(breach);
                BreachInputRules.LinkActivities(db, breach, [], input.ActivityIds);
                try
                {
                    await db.SaveChangesAsync(ct);
                    return breach.Id;
                }
                catch (DbUpdateException e) when (attempt == 1 && DbErrors.IsUniqueViolation(e))
                {
                    db.ChangeTracker.Clear();
                }
            }
        }

        /// <summary>« VD-2026-007 »: the year is the Paris year of the awareness; numbers run per organisation and year.</summary>
        private static async Task<string> NextReferenceAsync(EgideDb db, DateTime awareAtUtc, CancellationToken ct)
        {
            var prefix = $"VD-{Deadlines.Periods.ParisDate(awareAtUtc).Year}-";
            var taken = await db.DataBreaches.AsNoTracking().Where(b => b.Reference.StartsWith(prefix)).Select(b => b.Reference).ToListAsync(ct);
            var last = taken.Select(r => int.TryParse(r.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
                .DefaultIfEmpty(0).Max();
            return $"{prefix}{last + 1:000}";
        }
    }
}

/// <summary>Changes what is recorded of a breach (optimistic concurrency); a closed breach no longer changes.</summary>
public static class UpdateDataBreach
{
    public sealed record Command(Guid Id, int Version, DataBreachInput Input);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<int>> Handle(Command command, Register.RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(actor);
            var access = await BreachAccess.ForHandlingAsync(db, command.Id, command.Version, actor, ct);
            if (!access.IsSuccess)
            {
                return access.Failure!;
            }
            var breach = access.Value;
            var now = clock.GetUtcNow().UtcDateTime;
            var errors = await BreachInputRules.CheckAsync(db, command.Input, now, ct);
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            BreachInputRules.Apply(breach, command.Input);
            var links = await db.DataBreachActivities.Where(l => l.BreachId == breach.Id).ToListAsync(ct);
            BreachInputRules.LinkActivities(db, breach, links, command.Input.ActivityIds);
            return await BreachFailures.SaveAsync(db, breach, now, ct);
        }
    }
}

/// <summary>The refusals the breach use cases share, and their common save.</summary>
public static class BreachFailures
{
    public static NotFoundFailure NotFound { get; } = new("Cette violation n'existe pas dans le registre des violations de l'organisme.");

    public static ForbiddenFailure NotHandler { get; } =
        new("Seuls le référent RGPD, le DPO et l'administrateur de l'organisme enregistrent les violations et les mènent à leur terme.");

    public static ForbiddenFailure NotDecider { get; } =
        new("Seuls le responsable de traitement, le DPO, le référent RGPD et l'administrateur de l'organisme décident de la notification et de l'information des personnes.");

    public static ConflictFailure Stale { get; } =
        new("Quelqu'un a modifié cette violation depuis que vous l'avez ouverte : rien n'a été enregistré. Rechargez la page pour voir ses changements.");

    public static ConflictFailure Closed { get; } = new("Cette violation est close : elle ne se modifie plus.");

    public static ConflictFailure ClosedButComplementary { get; } =
        new("Cette violation est close : seule une notification complémentaire peut encore être enregistrée.");

    /// <summary>Raises the version (the concurrency token, and the calendar's SEQUENCE) and saves; a concurrent save wins.</summary>
    internal static async Task<Result<int>> SaveAsync(EgideDb db, DataBreach breach, DateTime now, CancellationToken ct)
    {
        breach.Version++;
        breach.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale;
        }
        return breach.Version;
    }
}
