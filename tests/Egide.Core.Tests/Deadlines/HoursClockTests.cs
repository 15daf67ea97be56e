using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Deadlines;
using Xunit;

namespace Egide.Core.Tests.Deadlines;

public sealed class HoursClockTests
{
    private static DateTime Utc(string iso) =>
        DateTime.ParseExact(iso, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [Theory]
    // Spring 2026: clocks go forward on Sunday 29 March (02:00 CET → 03:00 CEST). Aware on Friday at 10 h 00 in
    // Paris (09:00 UTC); 72 real hours later it is Monday 09:00 UTC, 11 h 00 in Paris.
    [InlineData("2026-03-27 09:00", "2026-03-30 09:00", "30/03/2026 à 11 h 00")]
    // Autumn 2026: clocks go back on Sunday 25 October (03:00 CEST → 02:00 CET). Aware on Friday at 10 h 00 in
    // Paris (08:00 UTC); 72 real hours later it is Monday 08:00 UTC, 9 h 00 in Paris.
    [InlineData("2026-10-23 08:00", "2026-10-26 08:00", "26/10/2026 à 9 h 00")]
    // Aware in the hour that happens twice (02:30 CEST, then 02:30 CET): two different instants, two due times.
    [InlineData("2026-10-25 00:30", "2026-10-28 00:30", "28/10/2026 à 1 h 30")]
    [InlineData("2026-10-25 01:30", "2026-10-28 01:30", "28/10/2026 à 2 h 30")]
    // Aware just before the spring gap (01:30 CET): due at 01:30 UTC, 3 h 30 in Paris.
    [InlineData("2026-03-29 00:30", "2026-04-01 00:30", "01/04/2026 à 2 h 30")]
    public void CnilBreach_72RealHoursAcrossADaylightSavingChange(string awareUtc, string dueUtc, string dueInParis)
    {
        var clock = HoursClock.CnilBreach(Utc(awareUtc));
        Assert.Equal(Utc(dueUtc), clock.DueAt);
        Assert.Equal(DateTimeKind.Utc, clock.DueAt.Kind);
        Assert.Equal(dueInParis, FrenchFormat.DateAndTime(clock.DueAt));
        Assert.Equal(TimeSpan.FromHours(72), clock.Remaining(clock.StartUtc));
    }

    [Theory]
    // Aware on Friday 27 March 2026 at 09:00 UTC (10 h 00 in Paris), the weekend the clocks go forward.
    [InlineData("2026-03-27 09:00", 72 * 60, false, 0)]
    [InlineData("2026-03-28 08:59", (48 * 60) + 1, false, 0)]
    [InlineData("2026-03-28 09:00", 48 * 60, false, 1)]  // 24 h: 10 h 00 in Paris
    [InlineData("2026-03-29 09:00", 24 * 60, false, 2)]  // 48 h: 11 h 00 in Paris, the clocks have changed
    [InlineData("2026-03-30 03:00", 6 * 60, false, 3)]   // 66 h
    [InlineData("2026-03-30 09:00", 0, false, 3)]   // due: still in time
    [InlineData("2026-03-30 10:30", -90, true, 3)] // overdue by an hour and a half
    public void Remaining_IsOverdue_MarksReached(string nowUtc, int remainingMinutes, bool overdue, int marksReached)
    {
        var clock = HoursClock.CnilBreach(Utc("2026-03-27 09:00"));
        var now = Utc(nowUtc);
        Assert.Equal(TimeSpan.FromMinutes(remainingMinutes), clock.Remaining(now));
        Assert.Equal(overdue, clock.IsOverdue(now));
        Assert.Equal(HoursClock.BreachReminderMarks.Take(marksReached), clock.MarksReached(now, HoursClock.BreachReminderMarks));
    }

    [Fact]
    public void IsOverdue_OneTickAfterDueAt() =>
        Assert.True(HoursClock.CnilBreach(Utc("2026-10-23 08:00")).IsOverdue(Utc("2026-10-26 08:00").AddTicks(1)));

    [Theory]
    [InlineData(24, "2026-10-24 08:00", "24/10/2026 à 10 h 00")] // summer time
    [InlineData(48, "2026-10-25 08:00", "25/10/2026 à 9 h 00")]  // winter time: the same UTC hour, an hour earlier in Paris
    [InlineData(66, "2026-10-26 02:00", "26/10/2026 à 3 h 00")]
    public void InstantOf_ReminderMarksInUtcShownInParis(int hours, string expectedUtc, string expectedParis)
    {
        var at = HoursClock.CnilBreach(Utc("2026-10-23 08:00")).InstantOf(TimeSpan.FromHours(hours));
        Assert.Equal(Utc(expectedUtc), at);
        Assert.Equal(expectedParis, FrenchFormat.DateAndTime(at));
    }

    [Fact]
    public void HoursClock_UnspecifiedKind_IsTakenAsUtc() =>
        Assert.Equal(Utc("2026-03-30 09:00"), HoursClock.CnilBreach(new DateTime(2026, 3, 27, 9, 0, 0, DateTimeKind.Unspecified)).DueAt);

    [Fact]
    public void HoursClock_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => HoursClock.CnilBreach(new DateTime(2026, 3, 27, 9, 0, 0, DateTimeKind.Local)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HoursClock(Utc("2026-03-27 09:00"), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => HoursClock.CnilBreach(Utc("2026-03-27 09:00")).InstantOf(TimeSpan.FromHours(-1)));
    }

    [Fact]
    public void NewHoursClock_Nis2EarlyWarning_24RealHours() =>
        Assert.Equal(Utc("2026-03-29 08:00"), new HoursClock(Utc("2026-03-28 08:00"), TimeSpan.FromHours(24)).DueAt);
}
