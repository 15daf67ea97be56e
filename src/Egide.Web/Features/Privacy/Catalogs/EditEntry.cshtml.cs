using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Catalogs;

/// <summary>
/// Changes an entry's wording, details, nature or whether it is still offered. Its kind and code stay: activities
/// refer to them.
/// </summary>
[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class EditEntryModel(EgideDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public EntryForm Input { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    public CatalogEntry Entry { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var entry = await db.CatalogEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == Id, ct);
        if (entry is null)
        {
            return NotFound();
        }
        Entry = entry;
        Input = new EntryForm { Kind = entry.Kind, Code = entry.Code, Label = entry.Label, Details = entry.Details, Nature = entry.Nature, IsActive = entry.IsActive };
        Version = entry.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var entry = await db.CatalogEntries.FirstOrDefaultAsync(e => e.Id == Id, ct);
        if (entry is null)
        {
            return NotFound();
        }
        Entry = entry;
        Input.Kind = entry.Kind;
        Input.Code = entry.Code;
        if (entry.Kind != CatalogKind.DataCategory)
        {
            Input.Nature = entry.Nature;
        }
        CatalogForms.CheckEntry(ModelState, Input);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (entry.Version != Version)
        {
            ModelState.AddModelError(string.Empty, CatalogForms.Stale);
            return Page();
        }
        entry.Label = Input.Label!.Trim();
        entry.Details = CatalogForms.Blank(Input.Details);
        entry.Nature = Input.Nature;
        entry.IsActive = Input.IsActive;
        // The update says "where Version = the one the form was opened on": a save in between makes it fail.
        db.Entry(entry).Property(e => e.Version).OriginalValue = Version;
        entry.Version = Version + 1;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, CatalogForms.Stale);
            return Page();
        }
        TempData["Message"] = $"L'entrée « {entry.Label} » a été enregistrée.";
        return Redirect("/catalogues#kind-" + entry.Kind);
    }
}
