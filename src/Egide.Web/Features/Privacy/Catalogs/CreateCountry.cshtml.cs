using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Catalogs;

/// <summary>Adds a country (ISO 3166-1 alpha-2 code) that transfers may go to.</summary>
[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class CreateCountryModel(EgideDb db) : PageModel
{
    [BindProperty]
    public CountryForm Input { get; set; } = new() { Zone = TransferZone.NotAdequate };

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var code = Input.Code?.Trim() ?? "";
        if (!CatalogForms.CountryCode().IsMatch(code))
        {
            ModelState.AddModelError("Input.Code", "Le code du pays compte deux lettres capitales (norme ISO 3166-1), par exemple « CA ».");
        }
        else if (await db.Countries.AnyAsync(c => c.Code == code, ct))
        {
            ModelState.AddModelError("Input.Code", $"Le pays de code « {code} » figure déjà dans le catalogue.");
        }
        var checkedOn = CatalogForms.CheckCountry(ModelState, Input);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var country = new Country
        {
            Code = code,
            Name = Input.Name!.Trim(),
            Zone = Input.Zone,
            AdequacyDecision = CatalogForms.Blank(Input.AdequacyDecision),
            CheckedOn = checkedOn!.Value,
        };
        db.Countries.Add(country);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            ModelState.AddModelError("Input.Code", $"Le pays de code « {code} » figure déjà dans le catalogue.");
            return Page();
        }
        TempData["Message"] = $"Le pays « {country.Name} » a été ajouté.";
        return Redirect("/catalogues#countries");
    }
}
