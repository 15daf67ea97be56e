namespace Egide.Core.Deadlines;

/// <summary>
/// A period in hours (the 72 hours of art. 33 GDPR, NIS2's 24 and 72 hours): real elapsed hours in UTC from the
/// instant it starts, whatever the weekend or the daylight-saving change; shown in Paris by <c>FrenchFormat</c>.
/// </summary>
public sealed record HoursClock
{
    /// <summary>Art. 33(1) GDPR: notify the CNIL within 72 hours of becoming aware of a breach.</summary>
    public static readonly TimeSpan CnilBreachNotification = TimeSpan.FromHours(72);

    /// <summary>The points of the 72-hour breach clock at which the people in charge are reminded.</summary>
    public static readonly IReadOnlyList<TimeSpan> BreachReminderMarks =
        [TimeSpan.FromHours(24), TimeSpan.FromHours(48), TimeSpan.FromHours(66)];

    public HoursClock(DateTime startUtc, TimeSpan length)
    {
        if (length <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A clock runs for a positive length of time.");
        }
        StartUtc = Periods.AsUtc(startUtc);
        Length = length;
    }

    /// <summary>The 72-hour CNIL clock of a breach, from the instant the organisation became aware of it.</summary>
    public static HoursClock CnilBreach(DateTime awareAtUtc) => new(awareAtUtc, CnilBreachNotification);

    public DateTime StartUtc { get; }

    public TimeSpan Length { get; }

    /// <summary>The last instant still in time (UTC).</summary>
    public DateTime DueAt => StartUtc + Length;

    public TimeSpan Elapsed(DateTime nowUtc) => Periods.AsUtc(nowUtc) - StartUtc;

    /// <summary>Time left until <see cref="DueAt"/>; negative once overdue (by how much).</summary>
    public TimeSpan Remaining(DateTime nowUtc) => DueAt - Periods.AsUtc(nowUtc);

    /// <summary>Past <see cref="DueAt"/>: at <see cref="DueAt"/> exactly, still in time.</summary>
    public bool IsOverdue(DateTime nowUtc) => Periods.AsUtc(nowUtc) > DueAt;

    /// <summary>The instant (UTC) the clock reaches <paramref name="mark"/> after its start (a reminder's time).</summary>
    public DateTime InstantOf(TimeSpan mark)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mark, TimeSpan.Zero);
        return StartUtc + mark;
    }

    /// <summary>The marks (e.g. <see cref="BreachReminderMarks"/>) reached at <paramref name="nowUtc"/>, in their order.</summary>
    public IReadOnlyList<TimeSpan> MarksReached(DateTime nowUtc, IEnumerable<TimeSpan> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        var elapsed = Elapsed(nowUtc);
        return [.. marks.Where(m => m >= TimeSpan.Zero && m <= elapsed)];
    }
}
