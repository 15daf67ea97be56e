namespace Egide.Core.Deadlines;

/// <summary>Which French public holidays apply to an organisation.</summary>
public enum HolidayCalendar
{
    /// <summary>The eleven holidays of article L3133-1 of the Code du travail.</summary>
    Standard,

    /// <summary>
    /// Moselle (57), Bas-Rhin (67) and Haut-Rhin (68): the eleven, plus Vendredi saint and the 26 December
    /// (article L3134-13 of the Code du travail, local law kept since 1918).
    /// </summary>
    AlsaceMoselle,
}
