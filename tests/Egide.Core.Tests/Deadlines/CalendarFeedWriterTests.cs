using System.Text;
using Egide.Core.Deadlines;
using Ical.Net;
using Ical.Net.DataTypes;
using Xunit;

namespace Egide.Core.Tests.Deadlines;

/// <summary>The feed is read back by an independent parser (Ical.Net), as Outlook or Thunderbird would read it.</summary>
public sealed class CalendarFeedWriterTests
{
    private static readonly Uri PublicUrl = new("https://egide.achicourt.example/");
    private static readonly DateTime Now = new(2026, 3, 27, 10, 0, 0, DateTimeKind.Utc);

    private static Deadline Request(DateOnly due, string title = "Réponse due – demande d'accès DD-2026-001", int sequence = 1) =>
        new(DeadlineKind.RightsRequestAnswer, Guid.Parse("0193a0c2-0000-7000-8000-000000000001"), "DD-2026-001", title,
            Periods.DueAt(due), due, sequence, new DateTime(2026, 3, 2, 8, 30, 0, DateTimeKind.Utc), "/demandes/0193a0c2-0000-7000-8000-000000000001");

    private static Deadline Breach(DateTime awareAt) =>
        new(DeadlineKind.BreachNotification, Guid.Parse("0193a0c2-0000-7000-8000-000000000002"), "VD-2026-001",
            "Notification à la CNIL – violation de données VD-2026-001 (72 heures)", HoursClock.CnilBreach(awareAt).DueAt, null, 3,
            awareAt, "/violations/0193a0c2-0000-7000-8000-000000000002");

    private static Calendar Load(string ics) => Calendar.Load(ics) ?? throw new InvalidOperationException("No calendar");

    [Fact]
    public void Write_Header_PublishedCalendarNamedAfterTheOrganisation()
    {
        var ics = CalendarFeedWriter.Write("Commune d'Achicourt", [], PublicUrl, Now);

        var calendar = Load(ics);
        Assert.Equal("2.0", calendar.Version);
        Assert.Equal("-//Egide//Échéances//FR", calendar.ProductId);
        Assert.Equal("GREGORIAN", calendar.Scale);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal("Échéances – Commune d'Achicourt", calendar.Properties["X-WR-CALNAME"]!.Value);
        Assert.Equal("PT1H", calendar.Properties["X-PUBLISHED-TTL"]!.Value?.ToString());
        Assert.Contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n", ics, StringComparison.Ordinal);
        Assert.Empty(calendar.Events);
    }

    [Fact]
    public void Write_RequestDueDate_AllDayEventOnThatDateWithReminderTheDayBefore()
    {
        var ics = CalendarFeedWriter.Write("Commune d'Achicourt", [Request(new DateOnly(2026, 4, 7), sequence: 4)], PublicUrl, Now);

        var e = Assert.Single(Load(ics).Events);
        Assert.True(e.IsAllDay);
        Assert.False(e.DtStart!.HasTime);
        Assert.Equal(new DateOnly(2026, 4, 7), e.DtStart.Date);
        Assert.Equal(new DateOnly(2026, 4, 8), e.DtEnd!.Date);
        Assert.Equal("request-0193a0c2-0000-7000-8000-000000000001@egide", e.Uid);
        Assert.Equal(4, e.Sequence);
        Assert.Equal("Réponse due – demande d'accès DD-2026-001", e.Summary);
        Assert.Equal(new Uri("https://egide.achicourt.example/demandes/0193a0c2-0000-7000-8000-000000000001"), e.Url);
        Assert.Contains("https://egide.achicourt.example/demandes/0193a0c2-0000-7000-8000-000000000001", e.Description, StringComparison.Ordinal);
        Assert.Contains("07/04/2026", e.Description, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 3, 2, 8, 30, 0, DateTimeKind.Utc), e.LastModified!.AsUtc);
        Assert.Equal(Now, e.DtStamp!.AsUtc);
        var alarm = Assert.Single(e.Alarms);
        Assert.Equal("DISPLAY", alarm.Action);
        Assert.Equal(TimeSpan.FromDays(-1), alarm.Trigger!.Duration!.Value.ToTimeSpanUnspecified());
    }

    [Fact]
    public void Write_BreachClockAcrossDaylightSavingChange_EndsSeventyTwoRealHoursAfterAwareness()
    {
        // Aware on Friday 27 March 2026 at 10:00 in Paris (09:00 UTC); the clocks go forward on Sunday 29 March.
        var awareAt = new DateTime(2026, 3, 27, 9, 0, 0, DateTimeKind.Utc);

        var ics = CalendarFeedWriter.Write("Commune d'Achicourt", [Breach(awareAt)], PublicUrl, Now);

        var e = Assert.Single(Load(ics).Events);
        Assert.False(e.IsAllDay);
        Assert.True(e.DtEnd!.IsUtc);
        Assert.Equal(awareAt.AddHours(72), e.DtEnd.AsUtc);
        Assert.Equal(new DateTime(2026, 3, 30, 9, 0, 0, DateTimeKind.Utc), e.DtEnd.AsUtc); // 11:00 in Paris, summer time
        Assert.Equal(awareAt.AddHours(71), e.DtStart!.AsUtc);
        Assert.Equal("breach-0193a0c2-0000-7000-8000-000000000002@egide", e.Uid);
        Assert.Contains("30/03/2026 à 11 h 00", e.Description, StringComparison.Ordinal);
        var alarm = Assert.Single(e.Alarms);
        Assert.Equal("END", alarm.Trigger!.Related.ToString(), ignoreCase: true);
        Assert.Equal(TimeSpan.FromHours(-6), alarm.Trigger.Duration!.Value.ToTimeSpanUnspecified());
    }

    [Fact]
    public void Write_TitleWithSpecialCharactersAndAccents_EscapedFoldedAndReadBackUnchanged()
    {
        var title = "Réponse due ; « effacement, rectification » \\ dossier n° DD-2026-001 – service état civil, élections et cimetières";
        var ics = CalendarFeedWriter.Write("Commune d'Achicourt, de Beaurains; et \\ d'Agny", [Request(new DateOnly(2026, 4, 7), title)], PublicUrl, Now);

        var calendar = Load(ics);
        Assert.Equal(title, Assert.Single(calendar.Events).Summary);
        Assert.Equal("Échéances – Commune d'Achicourt, de Beaurains; et \\ d'Agny", calendar.Properties["X-WR-CALNAME"]!.Value);
        Assert.Contains(@"SUMMARY:Réponse due \; « effacement\, rectification » \\ dossier", ics.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\r\n ", ics, StringComparison.Ordinal); // the long lines were folded
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        foreach (var line in ics.Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"Line of {Encoding.UTF8.GetByteCount(line)} octets: {line}");
            Assert.DoesNotContain('\n', line);
            Assert.DoesNotContain('\r', line);
        }
    }

    [Fact]
    public void Line_MultiOctetCharactersAtTheLimit_NeverCutInTwo()
    {
        // 74 ASCII octets then « é » (2 octets): the é must move to the next line whole; then an emoji (4 octets, 2 chars).
        var value = new string('a', 70) + "éééé😀" + new string('b', 80);
        var ics = new StringBuilder();

        CalendarFeedWriter.Line(ics, "X:" + value);

        var lines = ics.ToString().Split("\r\n");
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
        Assert.Equal("X:" + value + "\r\n", ics.ToString().Replace("\r\n ", "", StringComparison.Ordinal));
        var bytes = Encoding.UTF8.GetBytes(ics.ToString());
        Assert.Equal(ics.ToString(), new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        Assert.All(lines.Skip(1).Where(l => l.Length > 0), l => Assert.False(char.IsLowSurrogate(l[1])));
    }

    [Fact]
    public void Text_LineBreaksAndControlCharacters_EscapedOrDropped()
    {
        Assert.Equal(@"a\nb\nc\nd\\e\;f\,g", CalendarFeedWriter.Text("a\r\nb\nc\rd\\e;f,g"));
        Assert.Equal("ab\tc", CalendarFeedWriter.Text("a\u0007b\tc"));
    }
}
