using Egide.Core.Deadlines;
using Xunit;

namespace Egide.Core.Tests.Deadlines;

public sealed class PeriodsTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Theory]
    [InlineData(2026, 1, 31, 23)]  // winter: Paris is UTC+1, the day ends at 23:00 UTC
    [InlineData(2026, 7, 14, 22)]  // summer: UTC+2, 22:00 UTC
    [InlineData(2026, 3, 29, 22)]  // the 23-hour day (clocks go forward): ends in summer time
    [InlineData(2026, 10, 25, 23)] // the 25-hour day (clocks go back): ends in winter time
    public void EndOfParisDay_LastInstantBeforeParisMidnight(int year, int month, int day, int midnightUtcHour)
    {
        var nextMidnightUtc = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).AddHours(midnightUtcHour);
        Assert.Equal(nextMidnightUtc - Tick, Periods.EndOfParisDay(new DateOnly(year, month, day)));
        Assert.Equal(new DateOnly(year, month, day), Periods.ParisDate(nextMidnightUtc - Tick));
        Assert.Equal(new DateOnly(year, month, day).AddDays(1), Periods.ParisDate(nextMidnightUtc));
    }

    [Theory]
    [InlineData("2026-01-31", "2026-02-28")]
    [InlineData("2024-01-31", "2024-02-29")]
    [InlineData("2026-03-31", "2026-04-30")]
    [InlineData("2026-02-28", "2026-03-28")]
    public void AddMonths_SameDateOrLastDayOfAShorterMonth(string start, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Periods.AddMonths(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), 1));
}
