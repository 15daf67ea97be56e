using Egide.Core.Common;
using Xunit;

namespace Egide.Core.Tests.Common;

public sealed class FrenchFormatTests
{
    [Theory]
    [InlineData("2026-11-23T13:05:00Z", "23/11/2026 à 14 h 05")] // winter: UTC+1
    [InlineData("2026-07-14T08:00:00Z", "14/07/2026 à 10 h 00")] // summer: UTC+2
    [InlineData("2026-03-29T00:59:00Z", "29/03/2026 à 1 h 59")] // last minute before the spring change
    [InlineData("2026-03-29T01:00:00Z", "29/03/2026 à 3 h 00")] // 2 h 00 does not exist in Paris that night
    [InlineData("2026-10-25T00:30:00Z", "25/10/2026 à 2 h 30")] // first 2 h 30 of the autumn change (UTC+2)
    [InlineData("2026-10-25T01:30:00Z", "25/10/2026 à 2 h 30")] // second 2 h 30 (UTC+1)
    [InlineData("2026-12-31T23:30:00Z", "01/01/2027 à 0 h 30")] // already next year in Paris
    public void DateAndTime_UtcInstant_ShownInParis(string utc, string expected) =>
        Assert.Equal(expected, FrenchFormat.DateAndTime(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal)));

    [Fact]
    public void Date_DateOnly_DayMonthYear() => Assert.Equal("29/02/2028", FrenchFormat.Date(new DateOnly(2028, 2, 29)));

    [Theory]
    [InlineData(2026, 11, 23, "23 novembre 2026")]
    [InlineData(2026, 12, 1, "1er décembre 2026")]
    [InlineData(2027, 8, 2, "2 août 2027")]
    public void LongDate_WrittenOut_FirstOfTheMonthAsPremier(int year, int month, int day, string expected) =>
        Assert.Equal(expected, FrenchFormat.LongDate(new DateOnly(year, month, day)));

    [Theory]
    [InlineData(1234.5, "1\u202f234,50\u00a0€")]
    [InlineData(300, "300,00\u00a0€")]
    [InlineData(1250000, "1\u202f250\u202f000,00\u00a0€")]
    public void Euros_FrenchGroupingAndComma(double amount, string expected) => Assert.Equal(expected, FrenchFormat.Euros((decimal)amount));

    [Fact]
    public void Number_GroupsThousands() => Assert.Equal("2\u202f611\u202f293", FrenchFormat.Number(2_611_293));
}
