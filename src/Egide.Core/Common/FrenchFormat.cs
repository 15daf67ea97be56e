using System.Globalization;

namespace Egide.Core.Common;

/// <summary>
/// The one place where dates, times, numbers and amounts are turned into French text.
/// Instants are stored in UTC and always shown in Europe/Paris.
/// </summary>
public static class FrenchFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTime ToParis(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Paris);

    /// <summary>23/11/2026</summary>
    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>« 23 novembre 2026 », « 1er décembre 2026 »: the date written out, as a letter is dated.</summary>
    public static string LongDate(DateOnly date) =>
        $"{(date.Day == 1 ? "1er" : date.Day.ToString(CultureInfo.InvariantCulture))} {Culture.DateTimeFormat.GetMonthName(date.Month)} {date.Year.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>23/11/2026 (the day in Paris of a UTC instant)</summary>
    public static string Date(DateTime utc) => ToParis(utc).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>14 h 05</summary>
    public static string Time(DateTime utc)
    {
        var local = ToParis(utc);
        return $"{local.Hour} h {local.Minute:00}";
    }

    /// <summary>23/11/2026 à 14 h 05</summary>
    public static string DateAndTime(DateTime utc) => $"{Date(utc)} à {Time(utc)}";

    /// <summary>
    /// A length of time in hours and minutes, as a countdown reads: « 47 h 05 min », « 0 h 40 min »; the sign is dropped
    /// (the caller says « reste » or « dépassé de »). Whole minutes, rounded down.
    /// </summary>
    public static string Duration(TimeSpan duration)
    {
        var minutes = (long)Math.Floor(Math.Abs(duration.TotalMinutes));
        return $"{Number(minutes / 60)} h {minutes % 60:00} min";
    }

    /// <summary>1 234 (grouping with a narrow no-break space, as fr-FR does)</summary>
    public static string Number(long value) => value.ToString("N0", Culture);

    /// <summary>1 234,50 €</summary>
    public static string Euros(decimal amount) => amount.ToString("N2", Culture) + "\u00a0€";
}
