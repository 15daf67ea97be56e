using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>
/// The current organisation's register as a flat file (CSV or XLSX), now or at the end of a past day (Paris time),
/// for any member. A wrong format or date gets a 400 page that says what to fix.
/// </summary>
public sealed class ExportModel(ExportRegister.Handler export, CurrentUser user, TimeProvider clock) : PrivacyPage(user)
{
    /// <summary>The reason shown with the 400 status.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? format, string? date, CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (RegisterExportFormats.Parse(format) is not { } kind)
        {
            return Refuse(string.IsNullOrWhiteSpace(format)
                ? $"Choisissez un format d'export : {RegisterExportFormats.AllNames}."
                : $"Le format « {format} » n'existe pas : choisissez parmi {RegisterExportFormats.AllNames}.");
        }
        DateTime? atUtc = null;
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (!DateOnly.TryParseExact(date.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return Refuse($"« {date} » n'est pas une date : écrivez-la sous la forme AAAA-MM-JJ, par exemple 2026-01-31.");
            }
            if (day > Periods.ParisDate(clock.GetUtcNow().UtcDateTime))
            {
                return Refuse($"Le {FrenchFormat.Date(day)} est dans le futur : choisissez une date passée ou aujourd'hui.");
            }
            atUtc = Periods.EndOfParisDay(day);
        }
        var file = await export.Handle(kind, atUtc, ct);
        // File(…, name) answers with Content-Disposition: attachment and the name in both of its forms.
        return File(file.Content, file.ContentType, file.FileName);
    }

    private PageResult Refuse(string problem)
    {
        Problem = problem;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
