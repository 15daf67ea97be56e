using Egide.Core.Common;

namespace Egide.Core.Deadlines;

/// <summary>
/// How Egide counts periods (domain.md, « How periods are counted »): the one place every clock is computed.
/// Days, months and years follow Regulation (EEC, Euratom) No 1182/71: the day of the event is not counted, a
/// period ends at the end of its last day; a month ends on the same date of the later month, or on that month's
/// last day when it has no such date. Days are Paris calendar days: an instant is first placed on its Paris date.
/// Periods in hours are real elapsed hours in UTC (<see cref="HoursClock"/>).
/// </summary>
public static class Periods
{
    /// <summary>The calendar date in Europe/Paris of a UTC instant.</summary>
    public static DateOnly ParisDate(DateTime utc) => DateOnly.FromDateTime(FrenchFormat.ToParis(utc));

    /// <summary>The last instant (UTC) of a Paris calendar day, whatever its length (23 or 25 hours on change days).</summary>
    public static DateTime EndOfParisDay(DateOnly day)
    {
        var nextMidnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(nextMidnight, FrenchFormat.Paris).AddTicks(-1);
    }

    /// <summary>The instant (UTC) a due date falls due: the end of that Paris day, so the whole day is still in time.</summary>
    public static DateTime DueAt(DateOnly dueDate) => EndOfParisDay(dueDate);

    /// <summary>Whether a due date has passed at <paramref name="nowUtc"/> (it has once its Paris day is over).</summary>
    public static bool IsPast(DateOnly dueDate, DateTime nowUtc) => AsUtc(nowUtc) > DueAt(dueDate);

    /// <summary>Paris calendar days from the Paris date of <paramref name="nowUtc"/> to <paramref name="dueDate"/>: 0 on the day, negative once past.</summary>
    public static int DaysLeft(DateOnly dueDate, DateTime nowUtc) => dueDate.DayNumber - ParisDate(AsUtc(nowUtc)).DayNumber;

    /// <summary>The last day of a period of <paramref name="days"/> days from the event on <paramref name="start"/> (not counted).</summary>
    public static DateOnly AddDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return start.AddDays(days);
    }

    /// <summary><paramref name="start"/> plus whole months, clamped to the end of a shorter month (31/01 + 1 month = 28/02 or 29/02).</summary>
    public static DateOnly AddMonths(DateOnly start, int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(months);
        return start.AddMonths(months);
    }

    /// <summary><paramref name="start"/> plus whole years; 29/02 + 1 year = 28/02 (the last day of that February).</summary>
    public static DateOnly AddYears(DateOnly start, int years)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(years);
        return start.AddYears(years);
    }

    /// <summary>Real elapsed hours from a UTC instant: a daylight-saving change does not shorten or lengthen them.</summary>
    public static DateTime AddHours(DateTime utc, int hours)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        return AsUtc(utc).AddHours(hours);
    }

    /// <summary>
    /// Whether a period of <paramref name="months"/> that started on the Paris date of <paramref name="startUtc"/>
    /// has run its course on the Paris date of <paramref name="nowUtc"/> (reached on the same date, months later).
    /// </summary>
    public static bool MonthsElapsed(DateTime startUtc, int months, DateTime nowUtc) =>
        ParisDate(nowUtc) >= AddMonths(ParisDate(startUtc), months);

    /// <summary>Not a Saturday, a Sunday nor a public holiday of <paramref name="calendar"/>.</summary>
    public static bool IsWorkingDay(DateOnly date, HolidayCalendar calendar = HolidayCalendar.Standard) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !FrenchPublicHolidays.IsHoliday(date, calendar);

    /// <summary><paramref name="date"/> itself when it is a working day, else the first working day after it.</summary>
    public static DateOnly NextWorkingDay(DateOnly date, HolidayCalendar calendar = HolidayCalendar.Standard)
    {
        while (!IsWorkingDay(date, calendar))
        {
            date = date.AddDays(1);
        }
        return date;
    }

    /// <summary>
    /// The due date of a legal period (a rights request, an appeal): its last day, moved to the next working day
    /// when it falls on a Saturday, a Sunday or a public holiday (Regulation 1182/71, art. 3(4)).
    /// </summary>
    public static DateOnly LegalDeadline(DateOnly start, CalendarPeriod period, HolidayCalendar calendar = HolidayCalendar.Standard) =>
        NextWorkingDay(period.LastDayFrom(start), calendar);

    /// <summary>
    /// The last day of a plain calendar period (a contractual notice), never moved. Named so that a caller
    /// chooses between this and <see cref="LegalDeadline"/> knowingly.
    /// </summary>
    public static DateOnly CalendarDeadline(DateOnly start, CalendarPeriod period) => period.LastDayFrom(start);

    internal static DateTime AsUtc(DateTime instant) => instant.Kind switch
    {
        DateTimeKind.Utc => instant,
        // Values read back from a database often come without a kind; Egide stores every instant in UTC.
        DateTimeKind.Unspecified => DateTime.SpecifyKind(instant, DateTimeKind.Utc),
        _ => throw new ArgumentException("An instant must be given in UTC, not in local time.", nameof(instant)),
    };
}
