using Egide.Core.Deadlines;
using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>
/// The register as it stood at the end of a day (Paris time), from the entries' saved versions: what the CNIL
/// would have been shown that evening (art. 30(4)).
/// </summary>
public sealed class AtDateModel(EgideDb db, CurrentUser user, TimeProvider clock) : PrivacyPage(user)
{
    /// <summary>yyyy-MM-dd (an input of type date) or dd/mm/yyyy; kept as text so that a wrong one is shown back.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    public DateOnly? Day { get; private set; }

    /// <summary>The instant the register is shown at: the day's last millisecond in Paris, in UTC.</summary>
    public DateTime? AtUtc { get; private set; }

    public IReadOnlyList<ActivitySnapshot>? Entries { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null || string.IsNullOrWhiteSpace(Date))
        {
            return;
        }
        if (!DateOnly.TryParseExact(Date.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            ModelState.AddModelError(nameof(Date), $"« {Date} » n'est pas une date : saisissez-la sous la forme jj/mm/aaaa, par exemple {FrenchFormat.Date(new DateOnly(2026, 1, 31))}.");
            return;
        }
        var today = Periods.ParisDate(clock.GetUtcNow().UtcDateTime);
        if (day > today)
        {
            ModelState.AddModelError(nameof(Date), $"Le {FrenchFormat.Date(day)} est dans le futur : choisissez une date passée ou aujourd'hui.");
            return;
        }
        Day = day;
        AtUtc = Periods.EndOfParisDay(day);
        Entries = await RegisterHistory.AtAsync(db, AtUtc.Value, ct);
    }
}
