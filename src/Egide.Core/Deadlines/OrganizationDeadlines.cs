using Egide.Core.Data;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Requests;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Deadlines;

public enum DeadlineKind
{
    /// <summary>The answer to a rights request (art. 12(3)): a due date, the whole Paris day in time.</summary>
    RightsRequestAnswer,
    /// <summary>The CNIL notification of a breach (art. 33(1)): an instant, 72 real hours after awareness.</summary>
    BreachNotification,
}

/// <summary>
/// One deadline still to meet. <see cref="DueAt"/> is the last instant in time (UTC); <see cref="DueDate"/> is set for
/// deadlines that are whole days (a calendar shows them as all-day events). <see cref="Sequence"/> grows each time the
/// record behind it changes, so a calendar application replaces its copy (iCalendar SEQUENCE).
/// The title names the record by reference and kind, never the person: it travels to third-party calendars.
/// </summary>
public sealed record Deadline(
    DeadlineKind Kind,
    Guid SubjectId,
    string Reference,
    string Title,
    DateTime DueAt,
    DateOnly? DueDate,
    int Sequence,
    DateTime UpdatedAt,
    string Path)
{
    public bool IsOverdue(DateTime nowUtc) => Periods.AsUtc(nowUtc) > DueAt;

    /// <summary>The key that names this deadline for good (calendar UID, reminder keys).</summary>
    public string Key => $"{(Kind == DeadlineKind.RightsRequestAnswer ? "request" : "breach")}-{SubjectId:D}";
}

/// <summary>
/// Every deadline of the organisation the context works in that is still to meet, soonest first: the one list the
/// dashboard, the calendar feed, the reminders and <c>egide deadlines</c> read. A request is due until answered or
/// refused; a breach's CNIL clock runs until a notification is recorded, the decision not to notify is taken, or the
/// breach is closed.
/// </summary>
public static class OrganizationDeadlines
{
    /// <param name="dueBeforeUtc">Only those falling due at or before this instant (overdue ones included); null: all.</param>
    public static async Task<IReadOnlyList<Deadline>> ListAsync(EgideDb db, DateTime? dueBeforeUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var requestsQuery = db.RightsRequests.AsNoTracking()
            .Where(r => r.Status == RightsRequestStatus.Received || r.Status == RightsRequestStatus.InProgress);
        if (dueBeforeUtc is { } limit)
        {
            // A due date is in time until the end of its Paris day: any day up to the limit's Paris date may fall due by then.
            var lastDay = Periods.ParisDate(Periods.AsUtc(limit)).AddDays(1);
            requestsQuery = requestsQuery.Where(r => r.DueDate <= lastDay);
        }
        var requests = await requestsQuery
            .Select(r => new { r.Id, r.Reference, r.Kind, r.DueDate, r.ExtensionMonths, r.Version, r.UpdatedAt })
            .ToListAsync(ct);

        var breachesQuery = db.DataBreaches.AsNoTracking()
            .Where(b => b.ClosedAt == null && b.Decision != NotificationDecision.DoNotNotify
                && !db.BreachNotifications.Any(n => n.BreachId == b.Id));
        if (dueBeforeUtc is { } breachLimit)
        {
            var awareBefore = Periods.AsUtc(breachLimit) - HoursClock.CnilBreachNotification;
            breachesQuery = breachesQuery.Where(b => b.AwareAt <= awareBefore);
        }
        var breaches = await breachesQuery
            .Select(b => new { b.Id, b.Reference, b.AwareAt, b.Version, b.UpdatedAt })
            .ToListAsync(ct);

        var deadlines = new List<Deadline>(requests.Count + breaches.Count);
        foreach (var r in requests)
        {
            deadlines.Add(new Deadline(DeadlineKind.RightsRequestAnswer, r.Id, r.Reference,
                $"Réponse due – {RequestKindTitle(r.Kind)} {r.Reference}{(r.ExtensionMonths is null ? "" : " (délai prolongé)")}",
                Periods.DueAt(r.DueDate), r.DueDate, r.Version, r.UpdatedAt, $"/demandes/{r.Id:D}"));
        }
        foreach (var b in breaches)
        {
            deadlines.Add(new Deadline(DeadlineKind.BreachNotification, b.Id, b.Reference,
                $"Notification à la CNIL – violation de données {b.Reference} (72 heures)",
                HoursClock.CnilBreach(b.AwareAt).DueAt, null, b.Version, b.UpdatedAt, $"/violations/{b.Id:D}"));
        }
        return dueBeforeUtc is { } until
            ? [.. deadlines.Where(d => d.DueAt <= Periods.AsUtc(until) || d.DueDate is { } day && day <= Periods.ParisDate(Periods.AsUtc(until))).OrderBy(d => d.DueAt).ThenBy(d => d.Reference, StringComparer.Ordinal)]
            : [.. deadlines.OrderBy(d => d.DueAt).ThenBy(d => d.Reference, StringComparer.Ordinal)];
    }

    private static string RequestKindTitle(RightsRequestKind kind) => kind switch
    {
        RightsRequestKind.Access => "demande d'accès",
        RightsRequestKind.Rectification => "demande de rectification",
        RightsRequestKind.Erasure => "demande d'effacement",
        RightsRequestKind.Restriction => "demande de limitation",
        RightsRequestKind.Portability => "demande de portabilité",
        RightsRequestKind.Objection => "opposition",
        _ => "demande d'exercice de droits",
    };
}
