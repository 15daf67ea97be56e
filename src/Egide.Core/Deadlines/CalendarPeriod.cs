namespace Egide.Core.Deadlines;

public enum PeriodUnit
{
    Days,
    Months,
    Years,
}

/// <summary>A period counted in calendar days, months or years (never negative): « 1 mois », « 15 jours ».</summary>
public readonly record struct CalendarPeriod
{
    private CalendarPeriod(int count, PeriodUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown period unit.");
        }
        Count = count;
        Unit = unit;
    }

    public int Count { get; }

    public PeriodUnit Unit { get; }

    public static CalendarPeriod Days(int count) => new(count, PeriodUnit.Days);

    public static CalendarPeriod Months(int count) => new(count, PeriodUnit.Months);

    public static CalendarPeriod Years(int count) => new(count, PeriodUnit.Years);

    /// <summary>The last day of the period that starts on the day after <paramref name="start"/> (Regulation 1182/71, art. 3).</summary>
    public DateOnly LastDayFrom(DateOnly start) => Unit switch
    {
        PeriodUnit.Days => Periods.AddDays(start, Count),
        PeriodUnit.Months => Periods.AddMonths(start, Count),
        _ => Periods.AddYears(start, Count),
    };

    /// <summary>« 1 mois », « 2 mois », « 15 jours », « 1 an »</summary>
    public override string ToString() => Unit switch
    {
        PeriodUnit.Days => Count == 1 ? "1 jour" : $"{Count} jours",
        PeriodUnit.Months => $"{Count} mois",
        _ => Count == 1 ? "1 an" : $"{Count} ans",
    };
}
