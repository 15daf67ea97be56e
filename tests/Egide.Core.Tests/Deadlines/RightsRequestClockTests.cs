using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Deadlines;
using Xunit;

namespace Egide.Core.Tests.Deadlines;

public sealed class RightsRequestClockTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-04-24", HolidayCalendar.Standard, "2026-05-26", "2026-07-24")]      // Sunday, Whit Monday; a Friday
    [InlineData("2027-04-01", HolidayCalendar.Standard, "2027-05-03", "2027-07-01")]      // 1 May on a Saturday
    [InlineData("2026-05-15", HolidayCalendar.Standard, "2026-06-15", "2026-08-17")]      // 15 August on a Saturday
    [InlineData("2026-09-25", HolidayCalendar.Standard, "2026-10-26", "2026-12-28")]      // Sunday 25 October; Christmas Friday
    [InlineData("2026-09-26", HolidayCalendar.AlsaceMoselle, "2026-10-26", "2026-12-28")] // Monday; 26 December on a Saturday
    [InlineData("2025-09-26", HolidayCalendar.Standard, "2025-10-27", "2025-12-26")]      // Sunday 26 October; a Friday
    [InlineData("2025-09-26", HolidayCalendar.AlsaceMoselle, "2025-10-27", "2025-12-29")] // Saint-Étienne
    [InlineData("2025-11-30", HolidayCalendar.Standard, "2025-12-30", "2026-03-02")]      // 28 February 2026 is a Saturday
    [InlineData("2026-11-30", HolidayCalendar.Standard, "2026-12-30", "2027-03-01")]      // Sunday 28 February 2027
    [InlineData("2027-11-30", HolidayCalendar.Standard, "2027-12-30", "2028-02-29")]      // leap year: a Tuesday
    [InlineData("2026-10-01", HolidayCalendar.Standard, "2026-11-02", "2027-01-04")]      // Toussaint on a Sunday; 1 January on a Friday
    public void DueDate_OneMonthAndThreeMonthsMoved(string received, HolidayCalendar calendar, string due, string extendedDue)
    {
        Assert.Equal(D(due), RightsRequestClock.DueDate(D(received), calendar));
        Assert.Equal(D(extendedDue), RightsRequestClock.ExtendedDueDate(D(received), 2, calendar));
        Assert.Equal(D(extendedDue), RightsRequestClock.DueDate(D(received), 2, calendar));
        Assert.Equal(D(due), RightsRequestClock.DueDate(D(received), null, calendar));
    }

    [Theory]
    [InlineData("2026-04-24", "2026-04-24", 2, "2026-07-24")]
    [InlineData("2026-04-24", "2026-05-26", 2, "2026-07-24")] // on the moved first due date: still in time
    [InlineData("2026-04-24", "2026-05-10", 1, "2026-06-24")] // a Wednesday
    [InlineData("2026-05-14", "2026-06-01", 1, "2026-07-15")] // 14 July
    public void Extend_WithinTheFirstMonth_GivesTheExtendedDueDate(string received, string toldOn, int months, string expected)
    {
        var result = RightsRequestClock.Extend(D(received), D(toldOn), months, "Demande portant sur dix ans d'archives.");
        Assert.True(result.IsSuccess);
        Assert.Equal(D(expected), result.Value);
    }

    [Theory]
    [InlineData("2026-04-24", "2026-05-27", 2, "motif", "ToldOn")]   // the day after the first due date
    [InlineData("2026-04-24", "2026-04-23", 2, "motif", "ToldOn")]   // before receipt
    [InlineData("2026-04-24", "2026-05-04", 3, "motif", "ExtensionMonths")]
    [InlineData("2026-04-24", "2026-05-04", 0, "motif", "ExtensionMonths")]
    [InlineData("2026-04-24", "2026-05-04", 2, "  ", "Reason")]
    [InlineData("2026-04-24", "2026-05-04", 2, null, "Reason")]
    public void Extend_BadInput_FrenchErrorOnTheField(string received, string toldOn, int months, string? reason, string field)
    {
        var result = RightsRequestClock.Extend(D(received), D(toldOn), months, reason);
        var failure = Assert.IsType<ValidationFailure>(result.Failure);
        Assert.Equal([field], failure.Errors.Keys);
    }

    [Fact]
    public void Extend_TooLate_SaysUntilWhen()
    {
        var failure = Assert.IsType<ValidationFailure>(RightsRequestClock.Extend(D("2026-04-24"), D("2026-06-01"), 2, "motif").Failure);
        Assert.Contains("au plus tard le 26/05/2026", failure.FirstMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void ExtendedDueDate_MoreThanTwoMonthsOrNone_Throws(int months) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RightsRequestClock.ExtendedDueDate(D("2026-04-24"), months));
}
