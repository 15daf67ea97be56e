using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Catalogs;

/// <summary>
/// Brings a country up to date with the European Commission's list of adequacy decisions; the transfer rules read
/// the zone on the next save or check of each register.
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class EditCountryModel(EgideDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = "";

    [BindProperty]
    public CountryForm Input { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var country = await FindAsync(tracked: false, ct);
        if (country is null)
        {
            return NotFound();
        }
        Input = new CountryForm
        {
            Code = country.Code.Trim(), Name = country.Name, Zone = country.Zone, AdequacyDecision = country.AdequacyDecision,
            CheckedOn = CatalogForms.Iso(country.CheckedOn),
        };
        Version = country.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var country = await FindAsync(tracked: true, ct);
        if (country is null)
        {
            return NotFound();
        }
        Input.Code = country.Code.Trim();
        var checkedOn = CatalogForms.CheckCountry(ModelState, Input);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (country.Version != Version)
        {
            ModelState.AddModelError(string.Empty, CatalogForms.Stale);
            return Page();
        }
        country.Name = Input.Name!.Trim();
        country.Zone = Input.Zone;
        country.AdequacyDecision = CatalogForms.Blank(Input.AdequacyDecision);
        country.CheckedOn = checkedOn!.Value;
        db.Entry(country).Property(c => c.Version).OriginalValue = Version;
        country.Version = Version + 1;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, CatalogForms.Stale);
            return Page();
        }
        TempData["Message"] = $"Le pays « {country.Name} » a été enregistré.";
        return Redirect("/catalogues#countries");
    }

    private async Task<Country?> FindAsync(bool tracked, CancellationToken ct)
    {
        var code = Code.Trim().ToUpperInvariant();
        if (!CatalogForms.CountryCode().IsMatch(code))
        {
            return null;
        }
        var countries = tracked ? db.Countries : db.Countries.AsNoTracking();
        return await countries.FirstOrDefaultAsync(c => c.Code == code, ct);
    }
}
