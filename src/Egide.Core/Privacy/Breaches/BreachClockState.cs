using Egide.Core.Common;
using Egide.Core.Deadlines;

namespace Egide.Core.Privacy.Breaches;

public enum BreachClockStatus
{
    /// <summary>The 72 hours are running: a notification is still in time.</summary>
    Running,
    /// <summary>Past the 72 hours without a notification: the notification will need its reasons for the delay.</summary>
    Overdue,
    /// <summary>A notification is recorded: the clock stopped.</summary>
    Notified,
    /// <summary>The decision not to notify is taken, with its reason: no clock.</summary>
    NotNotified,
}

/// <summary>
/// Where a breach stands against its 72-hour CNIL clock (<see cref="HoursClock.CnilBreach"/>), as the register, the
/// breach's page and the API show it. The same rule as <see cref="OrganizationDeadlines"/>: the clock runs until a
/// notification is recorded or the decision not to notify is taken. A closed breach has one or the other.
/// </summary>
public sealed record BreachClockState(BreachClockStatus Status, DateTime DueAt, TimeSpan Remaining, DateTime? NotifiedAt)
{
    public static BreachClockState Of(DateTime awareAtUtc, NotificationDecision decision, DateTime? firstNotifiedAtUtc, DateTime nowUtc)
    {
        var clock = HoursClock.CnilBreach(awareAtUtc);
        var remaining = clock.Remaining(nowUtc);
        if (firstNotifiedAtUtc is { } notified)
        {
            return new(BreachClockStatus.Notified, clock.DueAt, remaining, Periods.AsUtc(notified));
        }
        if (decision == NotificationDecision.DoNotNotify)
        {
            return new(BreachClockStatus.NotNotified, clock.DueAt, remaining, null);
        }
        return new(clock.IsOverdue(nowUtc) ? BreachClockStatus.Overdue : BreachClockStatus.Running, clock.DueAt, remaining, null);
    }

    public bool IsRunning => Status is BreachClockStatus.Running or BreachClockStatus.Overdue;

    /// <summary>« reste 47 h 12 min », « délai dépassé de 3 h 05 min », « notifiée le 25/11/2026 à 14 h 05 », « non notifiée (décision motivée) ».</summary>
    public string Text => Status switch
    {
        BreachClockStatus.Running => $"reste {FrenchFormat.Duration(Remaining)}",
        BreachClockStatus.Overdue => $"délai dépassé de {FrenchFormat.Duration(Remaining)}",
        BreachClockStatus.Notified => $"notifiée le {FrenchFormat.DateAndTime(NotifiedAt!.Value)}",
        _ => "non notifiée (décision motivée)",
    };

    /// <summary>« (échéance le 25/11/2026 à 14 h 05) » while the clock runs; empty otherwise.</summary>
    public string DueText => IsRunning ? $"(échéance le {FrenchFormat.DateAndTime(DueAt)})" : "";

    /// <summary>« Notification à la CNIL : reste 47 h 12 min (échéance le 25/11/2026 à 14 h 05) ».</summary>
    public string Sentence => IsRunning ? $"Notification à la CNIL : {Text} {DueText}" : $"Notification à la CNIL : {Text}";
}
