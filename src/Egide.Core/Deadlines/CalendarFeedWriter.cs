using System.Globalization;
using System.Text;
using Egide.Core.Common;

namespace Egide.Core.Deadlines;

/// <summary>
/// Writes an organisation's deadlines as an iCalendar file (RFC 5545) that Outlook, Thunderbird or a phone subscribe
/// to. Each deadline is one event whose UID is its <see cref="Deadline.Key"/>: when the record behind it moves, the
/// application replaces its copy (same UID, higher SEQUENCE) instead of adding a second one. Whole-day deadlines are
/// all-day events; the breach clock is a UTC instant, whatever the daylight-saving change in between.
/// </summary>
public static class CalendarFeedWriter
{
    public const string ProductId = "-//Egide//Échéances//FR";

    /// <summary>How often a calendar application should read the feed again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(1);

    /// <summary>The reminder before an all-day deadline.</summary>
    public static readonly TimeSpan DateReminder = TimeSpan.FromDays(1);

    /// <summary>The reminder before the end of the 72-hour breach clock.</summary>
    public static readonly TimeSpan ClockReminder = TimeSpan.FromHours(6);

    /// <summary>An RFC 5545 content line holds at most 75 octets before its line break.</summary>
    private const int MaxLineOctets = 75;

    public static string CalendarName(string organizationName) => $"Échéances – {organizationName}";

    public static string Write(string organizationName, IEnumerable<Deadline> deadlines, Uri publicUrl, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(organizationName);
        ArgumentNullException.ThrowIfNull(deadlines);
        ArgumentNullException.ThrowIfNull(publicUrl);
        var ics = new StringBuilder();
        Line(ics, "BEGIN:VCALENDAR");
        Line(ics, "VERSION:2.0");
        Line(ics, "PRODID:" + Text(ProductId));
        Line(ics, "CALSCALE:GREGORIAN");
        Line(ics, "METHOD:PUBLISH");
        Line(ics, "X-WR-CALNAME:" + Text(CalendarName(organizationName)));
        Line(ics, "X-WR-CALDESC:" + Text("Délais des demandes de droits et des violations de données, tenus à jour par Egide."));
        Line(ics, "X-PUBLISHED-TTL:PT1H");
        Line(ics, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
        var stamp = UtcDateTime(nowUtc);
        foreach (var deadline in deadlines)
        {
            WriteEvent(ics, deadline, publicUrl, stamp);
        }
        Line(ics, "END:VCALENDAR");
        return ics.ToString();
    }

    private static void WriteEvent(StringBuilder ics, Deadline deadline, Uri publicUrl, string stamp)
    {
        var url = new Uri(publicUrl, deadline.Path).AbsoluteUri;
        Line(ics, "BEGIN:VEVENT");
        Line(ics, "UID:" + Text($"{deadline.Key}@egide"));
        Line(ics, "SEQUENCE:" + deadline.Sequence.ToString(CultureInfo.InvariantCulture));
        Line(ics, "DTSTAMP:" + stamp);
        Line(ics, "LAST-MODIFIED:" + UtcDateTime(deadline.UpdatedAt));
        string description;
        if (deadline.DueDate is { } day)
        {
            Line(ics, "DTSTART;VALUE=DATE:" + Date(day));
            Line(ics, "DTEND;VALUE=DATE:" + Date(day.AddDays(1)));
            description = $"Échéance : {FrenchFormat.Date(day)} (dernier jour pour répondre).";
        }
        else
        {
            Line(ics, "DTSTART:" + UtcDateTime(deadline.DueAt - TimeSpan.FromHours(1)));
            Line(ics, "DTEND:" + UtcDateTime(deadline.DueAt));
            description = $"Échéance : {FrenchFormat.DateAndTime(deadline.DueAt)} (heure de Paris).";
        }
        Line(ics, "SUMMARY:" + Text(deadline.Title));
        Line(ics, "DESCRIPTION:" + Text($"{deadline.Title}\n{description}\nDossier : {url}"));
        // A URL value is not TEXT: it is written as it is (Uri has already escaped what a URL may not hold).
        Line(ics, "URL:" + url);
        Line(ics, "TRANSP:TRANSPARENT");
        Line(ics, "BEGIN:VALARM");
        Line(ics, "ACTION:DISPLAY");
        Line(ics, "DESCRIPTION:" + Text(deadline.Title));
        // The breach clock's reminder counts back from its end, the instant that matters; a date's from its start.
        Line(ics, deadline.DueDate is null ? "TRIGGER;RELATED=END:-PT6H" : "TRIGGER:-P1D");
        Line(ics, "END:VALARM");
        Line(ics, "END:VEVENT");
    }

    /// <summary>A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks escaped; other control characters dropped.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case ';': text.Append(@"\;"); break;
                case ',': text.Append(@"\,"); break;
                case '\r':
                    text.Append(@"\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }
                    break;
                case '\n': text.Append(@"\n"); break;
                case '\t': text.Append(c); break;
                default:
                    if (!char.IsControl(c))
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Appends a content line folded at 75 octets (RFC 5545, 3.1): each continuation starts with a space, and no
    /// UTF-8 sequence (nor surrogate pair) is cut in two. Lines end with CRLF.
    /// </summary>
    internal static void Line(StringBuilder ics, string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxLineOctets)
            {
                ics.Append("\r\n ");
                octets = 1; // the space that opens the continuation line
            }
            ics.Append(rune.ToString());
            octets += size;
        }
        ics.Append("\r\n");
    }

    private static string UtcDateTime(DateTime utc) =>
        Periods.AsUtc(utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Date(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
