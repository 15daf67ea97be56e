using System.Globalization;
using Egide.Core.Deadlines;
using Xunit;

namespace Egide.Core.Tests.Deadlines;

public sealed class FrenchPublicHolidaysTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(1818, "1818-03-22")] // before the supported range of the brief, still Gregorian: the earliest possible date
    [InlineData(1900, "1900-04-15")]
    [InlineData(1943, "1943-04-25")] // the latest possible date
    [InlineData(1975, "1975-03-30")]
    [InlineData(2000, "2000-04-23")]
    [InlineData(2008, "2008-03-23")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2200, "2200-04-06")]
    [InlineData(2285, "2285-03-22")]
    public void EasterSunday_KnownYears_GivesTheDate(int year, string expected) =>
        Assert.Equal(D(expected), FrenchPublicHolidays.EasterSunday(year));

    [Fact]
    public void EasterSunday_EveryYear_IsASundayBetween22MarchAnd25April()
    {
        for (var year = FrenchPublicHolidays.FirstYear; year <= FrenchPublicHolidays.LastYear; year++)
        {
            var easter = FrenchPublicHolidays.EasterSunday(year);
            Assert.Equal(DayOfWeek.Sunday, easter.DayOfWeek);
            Assert.InRange(easter, new DateOnly(year, 3, 22), new DateOnly(year, 4, 25));
        }
    }

    [Theory]
    [InlineData(1582)]
    [InlineData(10000)]
    [InlineData(0)]
    public void EasterSunday_YearOutOfRange_Throws(int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrenchPublicHolidays.EasterSunday(year));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrenchPublicHolidays.Of(year));
    }

    [Fact]
    public void Of_UnknownCalendar_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FrenchPublicHolidays.Of(2026, (HolidayCalendar)7));

    [Fact]
    public void Of_2026Standard_TheElevenHolidaysInOrderWithTheirNames()
    {
        PublicHoliday[] expected =
        [
            new(D("2026-01-01"), "Jour de l'an"),
            new(D("2026-04-06"), "Lundi de Pâques"),
            new(D("2026-05-01"), "Fête du Travail"),
            new(D("2026-05-08"), "Victoire 1945"),
            new(D("2026-05-14"), "Ascension"),
            new(D("2026-05-25"), "Lundi de Pentecôte"),
            new(D("2026-07-14"), "Fête nationale"),
            new(D("2026-08-15"), "Assomption"),
            new(D("2026-11-01"), "Toussaint"),
            new(D("2026-11-11"), "Armistice 1918"),
            new(D("2026-12-25"), "Noël"),
        ];
        Assert.Equal(expected, FrenchPublicHolidays.Of(2026));
    }

    [Fact]
    public void Of_2026AlsaceMoselle_AddsGoodFridayAnd26December()
    {
        var holidays = FrenchPublicHolidays.Of(2026, HolidayCalendar.AlsaceMoselle);
        Assert.Equal(13, holidays.Count);
        Assert.Contains(new PublicHoliday(D("2026-04-03"), "Vendredi saint"), holidays);
        Assert.Contains(new PublicHoliday(D("2026-12-26"), "Saint-Étienne"), holidays);
        Assert.Equal(holidays.OrderBy(h => h.Date), holidays);
    }

    [Theory]
    [InlineData(2024, "2024-04-01", "2024-05-09", "2024-05-20", "2024-03-29")]
    [InlineData(2025, "2025-04-21", "2025-05-29", "2025-06-09", "2025-04-18")]
    [InlineData(2027, "2027-03-29", "2027-05-06", "2027-05-17", "2027-03-26")]
    [InlineData(2038, "2038-04-26", "2038-06-03", "2038-06-14", "2038-04-23")] // the latest Easter: Ascension on 3 June
    [InlineData(2285, "2285-03-23", "2285-04-30", "2285-05-11", "2285-03-20")] // the earliest Easter: Ascension in April
    public void Of_MoveableHolidays_FollowEaster(int year, string easterMonday, string ascension, string whitMonday, string goodFriday)
    {
        var standard = FrenchPublicHolidays.Of(year);
        Assert.Contains(new PublicHoliday(D(easterMonday), "Lundi de Pâques"), standard);
        Assert.Contains(new PublicHoliday(D(ascension), "Ascension"), standard);
        Assert.Contains(new PublicHoliday(D(whitMonday), "Lundi de Pentecôte"), standard);
        Assert.False(FrenchPublicHolidays.IsHoliday(D(goodFriday)));
        Assert.True(FrenchPublicHolidays.IsHoliday(D(goodFriday), HolidayCalendar.AlsaceMoselle));
    }

    [Theory]
    [InlineData("2008-05-01", "Fête du Travail, Ascension")] // Easter on 23 March 2008
    [InlineData("1975-05-08", "Victoire 1945, Ascension")]   // Easter on 30 March 1975
    public void NameOf_TwoHolidaysOnOneDate_NamesBoth(string date, string expected)
    {
        Assert.Equal(expected, FrenchPublicHolidays.NameOf(D(date)));
        Assert.Equal(11, FrenchPublicHolidays.Of(D(date).Year).Count);
    }

    [Theory]
    [InlineData("2026-04-03", HolidayCalendar.Standard, null)]
    [InlineData("2026-04-03", HolidayCalendar.AlsaceMoselle, "Vendredi saint")]
    [InlineData("2025-12-26", HolidayCalendar.Standard, null)]
    [InlineData("2025-12-26", HolidayCalendar.AlsaceMoselle, "Saint-Étienne")]
    [InlineData("2026-12-25", HolidayCalendar.AlsaceMoselle, "Noël")]
    [InlineData("2027-05-01", HolidayCalendar.Standard, "Fête du Travail")] // a Saturday: still a holiday, no day in lieu
    [InlineData("2100-01-01", HolidayCalendar.Standard, "Jour de l'an")]
    [InlineData("2026-11-23", HolidayCalendar.Standard, null)]
    public void NameOf_Date_GivesTheHolidayOrNull(string date, HolidayCalendar calendar, string? expected) =>
        Assert.Equal(expected, FrenchPublicHolidays.NameOf(D(date), calendar));

    [Theory]
    [InlineData("57463", "57000", HolidayCalendar.AlsaceMoselle)] // Metz
    [InlineData("67482", null, HolidayCalendar.AlsaceMoselle)]    // Strasbourg
    [InlineData(null, "68100", HolidayCalendar.AlsaceMoselle)]    // Mulhouse, no INSEE code
    [InlineData("", " 57000", HolidayCalendar.AlsaceMoselle)]
    [InlineData("59350", "59000", HolidayCalendar.Standard)]       // Lille
    [InlineData("2A004", "20000", HolidayCalendar.Standard)]       // Ajaccio
    [InlineData("88160", "57000", HolidayCalendar.Standard)]       // the INSEE code wins over the postal code
    [InlineData(null, null, HolidayCalendar.Standard)]
    [InlineData("5", null, HolidayCalendar.Standard)]
    public void DefaultCalendar_FromWhereTheOrganisationIs(string? inseeCode, string? postalCode, HolidayCalendar expected) =>
        Assert.Equal(expected, FrenchPublicHolidays.DefaultCalendar(inseeCode, postalCode));
}
