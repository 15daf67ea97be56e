namespace Egide.Core.Deadlines;

/// <summary>A French public holiday (jour férié) on a given date.</summary>
public sealed record PublicHoliday(DateOnly Date, string Name);

/// <summary>
/// French public holidays of any Gregorian year, computed (no table to keep up to date). The list is today's law
/// applied to every year: it serves to count deadlines, not to tell history (8 May was not a holiday in 1970).
/// </summary>
public static class FrenchPublicHolidays
{
    /// <summary>The first year of the Gregorian calendar in which the computus gives Easter (1583).</summary>
    public const int FirstYear = 1583;

    /// <summary>The last year a <see cref="DateOnly"/> can hold.</summary>
    public const int LastYear = 9999;

    /// <summary>
    /// Easter Sunday of <paramref name="year"/> by the anonymous Gregorian computus (Meeus/Jones/Butcher).
    /// </summary>
    public static DateOnly EasterSunday(int year)
    {
        CheckYear(year);
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>
    /// The public holidays of <paramref name="year"/> in date order. Two holidays can share a date (Ascension
    /// falls on 1 May in 2008): both are listed.
    /// </summary>
    public static IReadOnlyList<PublicHoliday> Of(int year, HolidayCalendar calendar = HolidayCalendar.Standard)
    {
        CheckYear(year);
        if (!Enum.IsDefined(calendar))
        {
            throw new ArgumentOutOfRangeException(nameof(calendar), calendar, "Unknown holiday calendar.");
        }

        var easter = EasterSunday(year);
        var holidays = new List<PublicHoliday>(13)
        {
            new(new DateOnly(year, 1, 1), "Jour de l'an"),
            new(easter.AddDays(1), "Lundi de Pâques"),
            new(new DateOnly(year, 5, 1), "Fête du Travail"),
            new(new DateOnly(year, 5, 8), "Victoire 1945"),
            new(easter.AddDays(39), "Ascension"),
            new(easter.AddDays(50), "Lundi de Pentecôte"),
            new(new DateOnly(year, 7, 14), "Fête nationale"),
            new(new DateOnly(year, 8, 15), "Assomption"),
            new(new DateOnly(year, 11, 1), "Toussaint"),
            new(new DateOnly(year, 11, 11), "Armistice 1918"),
            new(new DateOnly(year, 12, 25), "Noël"),
        };
        if (calendar == HolidayCalendar.AlsaceMoselle)
        {
            holidays.Add(new(easter.AddDays(-2), "Vendredi saint"));
            holidays.Add(new(new DateOnly(year, 12, 26), "Saint-Étienne"));
        }

        // A stable sort keeps the fixed holiday first when a moveable one shares its date.
        return [.. holidays.OrderBy(h => h.Date)];
    }

    /// <summary>Whether <paramref name="date"/> is a public holiday.</summary>
    public static bool IsHoliday(DateOnly date, HolidayCalendar calendar = HolidayCalendar.Standard) =>
        NameOf(date, calendar) is not null;

    /// <summary>The French name of the holiday on <paramref name="date"/> (« Fête du Travail, Ascension » when two share it), or null.</summary>
    public static string? NameOf(DateOnly date, HolidayCalendar calendar = HolidayCalendar.Standard)
    {
        var names = Of(date.Year, calendar).Where(h => h.Date == date).Select(h => h.Name).ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    /// <summary>
    /// The calendar an organisation gets by default from where it is: Alsace-Moselle for a commune of Moselle,
    /// Bas-Rhin or Haut-Rhin (INSEE code, else postal code, starting with 57, 67 or 68), Standard otherwise.
    /// </summary>
    public static HolidayCalendar DefaultCalendar(string? inseeCode, string? postalCode)
    {
        var code = !string.IsNullOrWhiteSpace(inseeCode) ? inseeCode.Trim() : postalCode?.Trim();
        return code is { Length: >= 2 } && code[..2] is "57" or "67" or "68"
            ? HolidayCalendar.AlsaceMoselle
            : HolidayCalendar.Standard;
    }

    private static void CheckYear(int year)
    {
        if (year is < FirstYear or > LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Holidays are computed for the years {FirstYear} to {LastYear}.");
        }
    }
}
