using System.Globalization;
using Egide.Core.Deadlines;
using Xunit;

namespace Egide.Core.Tests.Deadlines;

public sealed class PeriodsTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTime Utc(string iso) =>
        DateTime.ParseExact(iso, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

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
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture),
            Periods.AddMonths(DateOnly.Parse(start, CultureInfo.InvariantCulture), 1));

    [Theory]
    [InlineData("2026-01-31", 1, "2026-02-28")]
    [InlineData("2026-01-30", 1, "2026-02-28")]
    [InlineData("2026-01-29", 1, "2026-02-28")]
    [InlineData("2024-01-30", 1, "2024-02-29")] // leap year
    [InlineData("2000-01-31", 1, "2000-02-29")] // divisible by 400: leap
    [InlineData("2100-01-31", 1, "2100-02-28")] // divisible by 100, not by 400: not leap
    [InlineData("2100-01-29", 1, "2100-02-28")]
    [InlineData("2026-05-31", 1, "2026-06-30")]
    [InlineData("2026-08-31", 1, "2026-09-30")]
    [InlineData("2026-04-30", 1, "2026-05-30")] // not the last day of May: the same date
    [InlineData("2026-06-30", 1, "2026-07-30")]
    [InlineData("2024-02-29", 1, "2024-03-29")]
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2026-12-31", 2, "2027-02-28")]
    [InlineData("2026-11-30", 3, "2027-02-28")]
    [InlineData("2027-11-30", 3, "2028-02-29")]
    [InlineData("2026-12-15", 1, "2027-01-15")] // across the year end
    [InlineData("2026-03-10", 0, "2026-03-10")]
    public void AddMonths_MonthEndsAndLeapYears(string start, int months, string expected) =>
        Assert.Equal(D(expected), Periods.AddMonths(D(start), months));

    [Theory]
    [InlineData("2024-02-29", 1, "2025-02-28")]
    [InlineData("2024-02-29", 4, "2028-02-29")]
    [InlineData("2096-02-29", 4, "2100-02-28")] // 2100 is not leap
    [InlineData("1996-02-29", 4, "2000-02-29")] // 2000 is
    [InlineData("2023-02-28", 1, "2024-02-28")]
    [InlineData("2026-12-31", 1, "2027-12-31")]
    public void AddYears_29FebruaryGoesTo28FebruaryOfACommonYear(string start, int years, string expected) =>
        Assert.Equal(D(expected), Periods.AddYears(D(start), years));

    [Theory]
    [InlineData("2026-12-25", 7, "2027-01-01")]
    [InlineData("2024-02-28", 1, "2024-02-29")]
    [InlineData("2026-02-28", 1, "2026-03-01")]
    [InlineData("2100-02-28", 1, "2100-03-01")]
    [InlineData("2000-02-28", 1, "2000-02-29")]
    [InlineData("2026-12-31", 1, "2027-01-01")]
    public void AddDays_LastDayOfThePeriod(string start, int days, string expected) =>
        Assert.Equal(D(expected), Periods.AddDays(D(start), days));

    [Fact]
    public void Periods_NegativeLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Periods.AddDays(D("2026-01-01"), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Periods.AddMonths(D("2026-01-01"), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Periods.AddYears(D("2026-01-01"), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Periods.AddHours(Utc("2026-01-01 00:00:00"), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CalendarPeriod.Months(-2));
    }

    [Theory]
    [InlineData("2026-05-25", HolidayCalendar.Standard, false)]      // Whit Monday
    [InlineData("2026-05-26", HolidayCalendar.Standard, true)]
    [InlineData("2026-11-11", HolidayCalendar.Standard, false)]
    [InlineData("2026-11-21", HolidayCalendar.Standard, false)]      // Saturday
    [InlineData("2026-11-22", HolidayCalendar.Standard, false)]      // Sunday
    [InlineData("2026-11-23", HolidayCalendar.Standard, true)]
    [InlineData("2026-04-03", HolidayCalendar.Standard, true)]       // Good Friday
    [InlineData("2026-04-03", HolidayCalendar.AlsaceMoselle, false)]
    [InlineData("2025-12-26", HolidayCalendar.Standard, true)]
    [InlineData("2025-12-26", HolidayCalendar.AlsaceMoselle, false)]
    public void IsWorkingDay_WeekendsAndHolidays(string date, HolidayCalendar calendar, bool expected) =>
        Assert.Equal(expected, Periods.IsWorkingDay(D(date), calendar));

    [Theory]
    [InlineData("2026-11-23", HolidayCalendar.Standard, "2026-11-23")]      // a working day: itself
    [InlineData("2026-05-23", HolidayCalendar.Standard, "2026-05-26")]      // Saturday, Sunday, Whit Monday
    [InlineData("2026-12-24", HolidayCalendar.Standard, "2026-12-24")]
    [InlineData("2026-12-25", HolidayCalendar.Standard, "2026-12-28")]
    [InlineData("2027-05-01", HolidayCalendar.Standard, "2027-05-03")]      // 1 May on a Saturday: Monday, no day in lieu
    [InlineData("2027-05-08", HolidayCalendar.Standard, "2027-05-10")]
    [InlineData("2027-05-06", HolidayCalendar.Standard, "2027-05-07")]      // Ascension: the Friday ("pont") is worked
    [InlineData("2026-04-03", HolidayCalendar.AlsaceMoselle, "2026-04-07")] // Good Friday, weekend, Easter Monday
    [InlineData("2026-04-03", HolidayCalendar.Standard, "2026-04-03")]
    public void NextWorkingDay_SkipsWeekendsAndHolidays(string date, HolidayCalendar calendar, string expected) =>
        Assert.Equal(D(expected), Periods.NextWorkingDay(D(date), calendar));

    [Theory]
    [InlineData("2026-04-01", 1, HolidayCalendar.Standard, "2026-05-04")]       // Fri 1 May, weekend
    [InlineData("2027-04-01", 1, HolidayCalendar.Standard, "2027-05-03")]       // 1 May on a Saturday, Sunday
    [InlineData("2026-04-24", 1, HolidayCalendar.Standard, "2026-05-26")]       // Sunday 24 May, Whit Monday 25 May
    [InlineData("2026-03-06", 1, HolidayCalendar.Standard, "2026-04-07")]       // Easter Monday
    [InlineData("2026-03-03", 1, HolidayCalendar.Standard, "2026-04-03")]       // Good Friday is worked
    [InlineData("2026-03-03", 1, HolidayCalendar.AlsaceMoselle, "2026-04-07")]  // not in Alsace-Moselle
    [InlineData("2025-11-26", 1, HolidayCalendar.Standard, "2025-12-26")]
    [InlineData("2025-11-26", 1, HolidayCalendar.AlsaceMoselle, "2025-12-29")]  // Saint-Étienne, weekend
    [InlineData("2026-11-25", 1, HolidayCalendar.Standard, "2026-12-28")]       // Christmas on a Friday
    [InlineData("2026-11-26", 1, HolidayCalendar.AlsaceMoselle, "2026-12-28")]  // 26 December on a Saturday
    [InlineData("2026-12-01", 1, HolidayCalendar.Standard, "2027-01-04")]       // year end: 1 January on a Friday
    [InlineData("2025-12-01", 1, HolidayCalendar.Standard, "2026-01-02")]       // 1 January on a Thursday
    [InlineData("2026-01-31", 1, HolidayCalendar.Standard, "2026-03-02")]       // 28 February 2026 is a Saturday
    [InlineData("2024-01-31", 1, HolidayCalendar.Standard, "2024-02-29")]       // a Thursday
    [InlineData("2100-01-31", 1, HolidayCalendar.Standard, "2100-03-01")]       // 28 February 2100 is a Sunday
    [InlineData("2000-01-31", 1, HolidayCalendar.Standard, "2000-02-29")]       // a Tuesday
    [InlineData("2026-06-14", 2, HolidayCalendar.Standard, "2026-08-14")]       // appeal: a Friday
    [InlineData("2026-06-15", 2, HolidayCalendar.Standard, "2026-08-17")]       // appeal: 15 August on a Saturday
    [InlineData("2026-08-01", 3, HolidayCalendar.Standard, "2026-11-02")]       // Toussaint on a Sunday
    [InlineData("2026-08-11", 3, HolidayCalendar.Standard, "2026-11-12")]       // 11 November
    [InlineData("2026-04-14", 3, HolidayCalendar.Standard, "2026-07-15")]       // 14 July
    public void LegalDeadline_Months_LastDayMovedToTheNextWorkingDay(string start, int months, HolidayCalendar calendar, string expected) =>
        Assert.Equal(D(expected), Periods.LegalDeadline(D(start), CalendarPeriod.Months(months), calendar));

    [Theory]
    [InlineData("2026-05-15", 10, "2026-05-26")] // Monday 25 May: Whit Monday
    [InlineData("2026-12-18", 14, "2027-01-04")]
    [InlineData("2026-11-20", 3, "2026-11-23")]
    public void LegalDeadline_Days_LastDayMovedToTheNextWorkingDay(string start, int days, string expected) =>
        Assert.Equal(D(expected), Periods.LegalDeadline(D(start), CalendarPeriod.Days(days)));

    [Theory]
    [InlineData("2026-08-15", 1, "2027-08-16")] // 15 August 2027 is a Sunday
    [InlineData("2024-02-29", 1, "2025-02-28")] // a Friday
    public void LegalDeadline_Years_LastDayMovedToTheNextWorkingDay(string start, int years, string expected) =>
        Assert.Equal(D(expected), Periods.LegalDeadline(D(start), CalendarPeriod.Years(years)));

    [Theory]
    [InlineData("2027-04-01", 1, "2027-05-01")] // a contractual notice is not moved off a holiday
    [InlineData("2026-01-31", 1, "2026-02-28")]
    public void CalendarDeadline_NeverMoved(string start, int months, string expected) =>
        Assert.Equal(D(expected), Periods.CalendarDeadline(D(start), CalendarPeriod.Months(months)));

    [Theory]
    [InlineData("2026-05-26", "2026-05-26 21:59:59", false)] // 23:59:59 in Paris (summer time)
    [InlineData("2026-05-26", "2026-05-26 22:00:00", true)]  // midnight in Paris
    [InlineData("2026-12-28", "2026-12-28 22:59:59", false)] // winter time
    [InlineData("2026-12-28", "2026-12-28 23:00:00", true)]
    [InlineData("2026-03-29", "2026-03-29 21:59:59", false)] // the 23-hour day
    [InlineData("2026-10-25", "2026-10-25 22:59:59", false)] // the 25-hour day
    [InlineData("2026-10-25", "2026-10-25 23:00:00", true)]
    public void IsPast_ADueDateFallsDueAtTheEndOfItsParisDay(string dueDate, string nowUtc, bool expected) =>
        Assert.Equal(expected, Periods.IsPast(D(dueDate), Utc(nowUtc)));

    [Fact]
    public void DueAt_IsTheEndOfTheParisDay() =>
        Assert.Equal(Utc("2026-05-26 22:00:00") - Tick, Periods.DueAt(D("2026-05-26")));

    [Theory]
    [InlineData("2026-05-26", "2026-05-19 08:00:00", 7)]
    [InlineData("2026-05-26", "2026-05-24 21:59:59", 2)]  // 23:59:59 on the 24th in Paris
    [InlineData("2026-05-26", "2026-05-25 22:30:00", 0)]  // already 00:30 on the 26th in Paris
    [InlineData("2026-05-26", "2026-05-26 21:30:00", 0)]
    [InlineData("2026-05-26", "2026-05-27 08:00:00", -1)]
    public void DaysLeft_CountsParisCalendarDays(string dueDate, string nowUtc, int expected) =>
        Assert.Equal(expected, Periods.DaysLeft(D(dueDate), Utc(nowUtc)));

    [Theory]
    [InlineData("2026-03-28 09:00:00", 24, "2026-03-29 09:00:00")] // across the spring change: 24 real hours
    [InlineData("2026-10-24 09:00:00", 24, "2026-10-25 09:00:00")] // across the autumn change
    public void AddHours_RealElapsedHours(string startUtc, int hours, string expectedUtc) =>
        Assert.Equal(Utc(expectedUtc), Periods.AddHours(Utc(startUtc), hours));

    [Fact]
    public void AddHours_LocalTime_Throws() =>
        Assert.Throws<ArgumentException>(() => Periods.AddHours(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local), 1));
}
