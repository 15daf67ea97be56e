using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Breaches;

public enum BreachFilter
{
    Open,
    Closed,
    All,
}

/// <summary>The breach register (art. 33(5)): open breaches first, then by awareness, the latest first.</summary>
public static class ListDataBreaches
{
    public sealed record Item(
        Guid Id, string Reference, string Title, DateTime AwareAt, BreachRisk Risk, NotificationDecision Decision,
        DateTime? ClosedAt, BreachClockState Clock);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<IReadOnlyList<Item>>> Handle(BreachFilter filter, Register.RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(actor);
            if (!actor.CanSeeBreaches)
            {
                return Register.RegisterActor.NotCaseworker;
            }
            var query = db.DataBreaches.AsNoTracking();
            query = filter switch
            {
                BreachFilter.Open => query.Where(b => b.ClosedAt == null),
                BreachFilter.Closed => query.Where(b => b.ClosedAt != null),
                _ => query,
            };
            var rows = await query
                .Select(b => new
                {
                    b.Id, b.Reference, b.Title, b.AwareAt, b.Risk, b.Decision, b.ClosedAt,
                    FirstNotifiedAt = db.BreachNotifications.Where(n => n.BreachId == b.Id).Min(n => (DateTime?)n.NotifiedAt),
                })
                .ToListAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            return rows
                .OrderBy(r => r.ClosedAt is null ? 0 : 1).ThenByDescending(r => r.AwareAt).ThenByDescending(r => r.Reference, StringComparer.Ordinal)
                .Select(r => new Item(r.Id, r.Reference, r.Title, Deadlines.Periods.AsUtc(r.AwareAt), r.Risk, r.Decision, r.ClosedAt,
                    BreachClockState.Of(r.AwareAt, r.Decision, r.FirstNotifiedAt, now)))
                .ToList();
        }
    }
}

/// <summary>One breach with the register's activities it concerns, the notifications made, and its CNIL clock.</summary>
public static class GetDataBreach
{
    public sealed record ActivityItem(Guid Id, string Reference, string Name);

    public sealed record Details(DataBreach Breach, IReadOnlyList<ActivityItem> Activities, IReadOnlyList<BreachNotification> Notifications, BreachClockState Clock)
    {
        public bool HasNotification => Notifications.Count > 0;

        /// <summary>The kind a new notification would have: complementary once a complete or initial one is recorded.</summary>
        public NotificationKind NextKind => Notifications.Any(n => n.Kind is NotificationKind.Complete or NotificationKind.Initial)
            ? NotificationKind.Complementary
            : NotificationKind.Complete;

        /// <summary>A complementary notification may be recorded, even on a closed breach: an initial one was.</summary>
        public bool TakesComplementary => Notifications.Any(n => n.Kind == NotificationKind.Initial);
    }

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Details>> Handle(Guid id, Register.RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(actor);
            if (!actor.CanSeeBreaches)
            {
                return Register.RegisterActor.NotCaseworker;
            }
            var breach = await db.DataBreaches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
            if (breach is null)
            {
                return BreachFailures.NotFound;
            }
            var activities = await BreachQueries.ActivitiesAsync(db, id, ct);
            var notifications = await db.BreachNotifications.AsNoTracking().Where(n => n.BreachId == id).ToListAsync(ct);
            notifications = [.. notifications.OrderBy(n => n.NotifiedAt).ThenBy(n => n.RecordedAt)];
            var state = BreachClockState.Of(breach.AwareAt, breach.Decision, notifications.FirstOrDefault()?.NotifiedAt, clock.GetUtcNow().UtcDateTime);
            return new Details(breach, activities, notifications, state);
        }
    }
}

/// <summary>The text to submit to the CNIL for a notification of the chosen kind made now (a preview; nothing is saved).</summary>
public static class PrepareBreachNotification
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        /// <param name="notifiedAtUtc">When it would be made; now by default.</param>
        public async Task<Result<string>> Handle(Guid id, NotificationKind kind, DateTime? notifiedAtUtc, Register.RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(actor);
            if (!actor.CanSeeBreaches)
            {
                return Register.RegisterActor.NotCaseworker;
            }
            var breach = await db.DataBreaches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
            if (breach is null)
            {
                return BreachFailures.NotFound;
            }
            var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == breach.OrganizationId, ct);
            var previous = await db.BreachNotifications.AsNoTracking().Where(n => n.BreachId == id).ToListAsync(ct);
            var activities = await BreachQueries.ActivityNamesAsync(db, id, ct);
            var at = notifiedAtUtc is { } given ? Deadlines.Periods.AsUtc(given) : clock.GetUtcNow().UtcDateTime;
            return BreachNotificationContent.Assemble(breach, organization, activities, kind, at, previous, actor.Name);
        }
    }
}

internal static class BreachQueries
{
    public static async Task<IReadOnlyList<GetDataBreach.ActivityItem>> ActivitiesAsync(EgideDb db, Guid breachId, CancellationToken ct)
    {
        var activities = await db.DataBreachActivities.AsNoTracking().Where(l => l.BreachId == breachId)
            .Join(db.ProcessingActivities, l => l.ActivityId, a => a.Id, (l, a) => new GetDataBreach.ActivityItem(a.Id, a.Reference, a.Name))
            .ToListAsync(ct);
        return [.. activities.OrderBy(a => a.Reference, StringComparer.Create(FrenchFormat.Culture, ignoreCase: true))];
    }

    public static async Task<IReadOnlyList<string>> ActivityNamesAsync(EgideDb db, Guid breachId, CancellationToken ct) =>
        [.. (await ActivitiesAsync(db, breachId, ct)).Select(a => $"{a.Reference} – {a.Name}")];
}
