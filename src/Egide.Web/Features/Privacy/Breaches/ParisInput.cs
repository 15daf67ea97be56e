using System.Globalization;
using Egide.Core.Common;

namespace Egide.Web.Features.Privacy.Breaches;

/// <summary>
/// A date and a time typed in Paris (an input of type date, one of type time) and the UTC instant they name, both ways.
/// The conversion goes through the time zone's rules, so a daylight-saving change is counted right; an hour skipped
/// by the spring change does not exist and is refused; an hour lived twice in autumn is taken as the second one.
/// </summary>
public static class ParisInput
{
    public static string DateOf(DateTime utc) => FrenchFormat.ToParis(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string TimeOf(DateTime utc) => FrenchFormat.ToParis(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim().Replace(" h ", ":", StringComparison.Ordinal), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>
    /// The instant, null when both are blank; otherwise the French message for <paramref name="error"/> when they cannot
    /// be read. A blank time is midnight when <paramref name="timeRequired"/> is false.
    /// </summary>
    public static DateTime? ToUtc(string? dateText, string? timeText, bool timeRequired, string what, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(dateText) && string.IsNullOrWhiteSpace(timeText))
        {
            return null;
        }
        if (!TryDate(dateText, out var date))
        {
            error = $"Indiquez la date {what} sous la forme jj/mm/aaaa.";
            return null;
        }
        var time = TimeOnly.MinValue;
        if (string.IsNullOrWhiteSpace(timeText))
        {
            if (timeRequired)
            {
                error = $"Indiquez l'heure {what} (heure de Paris).";
                return null;
            }
        }
        else if (!TryTime(timeText, out time))
        {
            error = $"Indiquez l'heure {what} sous la forme hh:mm.";
            return null;
        }
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (FrenchFormat.Paris.IsInvalidTime(local))
        {
            error = $"L'heure {what} n'existe pas à Paris ce jour-là (passage à l'heure d'été) : vérifiez-la.";
            return null;
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, FrenchFormat.Paris);
    }
}
