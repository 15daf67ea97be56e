using Egide.Core.Common;

namespace Egide.Core.Deadlines;

/// <summary>
/// The due dates of a rights request (art. 12(3) GDPR): one month from receipt, extendable by at most two further
/// months when the person is told, with the reasons, within the first month. Each last day moves past a weekend
/// or a public holiday (domain.md).
/// </summary>
public static class RightsRequestClock
{
    public const int Months = 1;

    public const int MaxExtensionMonths = 2;

    /// <summary>Receipt + 1 month, moved to the next working day.</summary>
    public static DateOnly DueDate(DateOnly receivedOn, HolidayCalendar calendar = HolidayCalendar.Standard) =>
        Periods.LegalDeadline(receivedOn, CalendarPeriod.Months(Months), calendar);

    /// <summary>Receipt + 1 month + <paramref name="extensionMonths"/> (at most 2: receipt + 3 months), moved to the next working day.</summary>
    public static DateOnly ExtendedDueDate(DateOnly receivedOn, int extensionMonths = MaxExtensionMonths, HolidayCalendar calendar = HolidayCalendar.Standard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(extensionMonths, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(extensionMonths, MaxExtensionMonths);
        return Periods.LegalDeadline(receivedOn, CalendarPeriod.Months(Months + extensionMonths), calendar);
    }

    /// <summary>The due date, extended or not.</summary>
    public static DateOnly DueDate(DateOnly receivedOn, int? extensionMonths, HolidayCalendar calendar = HolidayCalendar.Standard) =>
        extensionMonths is { } months ? ExtendedDueDate(receivedOn, months, calendar) : DueDate(receivedOn, calendar);

    /// <summary>
    /// Checks an extension before it is recorded and gives the new due date. The person must be told on or after
    /// receipt and no later than the first due date; the extension is of 1 or 2 months and has a reason.
    /// Errors are keyed <c>ToldOn</c>, <c>ExtensionMonths</c> and <c>Reason</c>.
    /// </summary>
    public static Result<DateOnly> Extend(DateOnly receivedOn, DateOnly toldOn, int extensionMonths, string? reason,
        HolidayCalendar calendar = HolidayCalendar.Standard)
    {
        var errors = new ValidationErrors();
        var firstDue = DueDate(receivedOn, calendar);
        if (toldOn < receivedOn)
        {
            errors.Add("ToldOn", $"La personne ne peut pas avoir été informée de la prolongation avant la réception de sa demande ({FrenchFormat.Date(receivedOn)}).");
        }
        else if (toldOn > firstDue)
        {
            errors.Add("ToldOn", $"La prolongation devait être annoncée à la personne au plus tard le {FrenchFormat.Date(firstDue)}, un mois après la réception de sa demande : ce délai est passé.");
        }
        if (extensionMonths is < 1 or > MaxExtensionMonths)
        {
            errors.Add("ExtensionMonths", "La prolongation est d'un ou de deux mois au plus (article 12, paragraphe 3, du RGPD).");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add("Reason", "Indiquez le motif de la prolongation (complexité ou nombre des demandes).");
        }
        return errors.IsEmpty ? ExtendedDueDate(receivedOn, extensionMonths, calendar) : errors.ToFailure();
    }
}
