using Egide.Core.Common;

namespace Egide.Core.Deadlines;

/// <summary>
/// How Egide counts periods (domain.md, « How periods are counted »): the one place every clock is computed.
/// Months follow Regulation (EEC, Euratom) No 1182/71: the same date of the later month, or that month's last
/// day when it has no such date. Days are Paris calendar days: an instant is first placed on its Paris date.
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

    /// <summary><paramref name="start"/> plus whole months, clamped to the end of a shorter month (31/01 + 1 month = 28/02 or 29/02).</summary>
    public static DateOnly AddMonths(DateOnly start, int months) => start.AddMonths(months);

    /// <summary>
    /// Whether a period of <paramref name="months"/> that started on the Paris date of <paramref name="startUtc"/>
    /// has run its course on the Paris date of <paramref name="nowUtc"/> (reached on the same date, months later).
    /// </summary>
    public static bool MonthsElapsed(DateTime startUtc, int months, DateTime nowUtc) =>
        ParisDate(nowUtc) >= AddMonths(ParisDate(startUtc), months);
}
