using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Catalogs;

/// <summary>Adds an entry to a catalogue, at the end of its list.</summary>
[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class CreateEntryModel(EgideDb db) : PageModel
{
    [BindProperty]
    public EntryForm Input { get; set; } = new() { IsActive = true };

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var kind = Input.Kind is { } posted && Enum.IsDefined(posted) ? posted : (CatalogKind?)null;
        if (kind is null)
        {
            ModelState.AddModelError("Input.Kind", "Choisissez le catalogue de l'entrée.");
        }
        var code = Input.Code?.Trim() ?? "";
        if (!CatalogForms.EntryCode().IsMatch(code))
        {
            ModelState.AddModelError("Input.Code", "Le code s'écrit en minuscules sans accent, chiffres et tirets (60 caractères au plus), par exemple « video-protection ».");
        }
        else if (kind is not null && await db.CatalogEntries.AnyAsync(e => e.Kind == kind && e.Code == code, ct))
        {
            ModelState.AddModelError("Input.Code", $"Le code « {code} » est déjà celui d'une entrée de ce catalogue.");
        }
        CatalogForms.CheckEntry(ModelState, Input);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var last = await db.CatalogEntries.Where(e => e.Kind == kind).MaxAsync(e => (int?)e.SortOrder, ct) ?? 0;
        var entry = new CatalogEntry
        {
            Kind = kind!.Value,
            Code = code,
            Label = Input.Label!.Trim(),
            Details = CatalogForms.Blank(Input.Details),
            Nature = kind == CatalogKind.DataCategory ? Input.Nature : DataCategoryNature.Ordinary,
            SortOrder = last + 1,
            IsActive = Input.IsActive,
        };
        db.CatalogEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            ModelState.AddModelError("Input.Code", $"Le code « {code} » est déjà celui d'une entrée de ce catalogue.");
            return Page();
        }
        TempData["Message"] = $"L'entrée « {entry.Label} » a été ajoutée au catalogue « {PrivacyLabels.Kind(entry.Kind)} ».";
        return Redirect("/catalogues#kind-" + entry.Kind);
    }
}
