using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Organizations;

public sealed class EditModel(EgideDb db, CurrentUser user, GetOrganization.Handler organizations, UpdateOrganization.Handler update)
    : OrganizationFormPage(organizations)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The version the form was opened on; a save over a newer one is refused.</summary>
    [BindProperty]
    public int Version { get; set; }

    public string Name { get; private set; } = "";

    protected override Guid? Self => Id;

    /// <summary>Someone else's organisation does not exist for this person (404); a member who is not its Admin is refused (403).</summary>
    private Task<IActionResult?> Refusal(CancellationToken ct) => user.RefuseUnlessAdminAsync(this, Id, ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Refusal(ct) is { } refusal)
        {
            return refusal;
        }
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Id, ct);
        if (organization is null)
        {
            return NotFound();
        }
        Input = OrganizationInput.From(organization);
        Version = organization.Version;
        Name = organization.Name;
        await PrepareFormAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await Refusal(ct) is { } refusal)
        {
            return refusal;
        }
        var current = await db.Organizations.AsNoTracking().Where(o => o.Id == Id).Select(o => o.Name).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return NotFound();
        }
        Name = current;
        if (ModelState.IsValid)
        {
            CompactInput();
            var result = await update.Handle(new UpdateOrganization.Command(Id, Version, Input), ct);
            if (result.IsSuccess)
            {
                TempData["Message"] = "Les modifications ont été enregistrées.";
                return Redirect($"/organisations/{Id}");
            }
            if (result.Failure is NotFoundFailure)
            {
                return NotFound();
            }
            ModelState.AddFailure(result.Failure!, nameof(Input));
        }
        await PrepareFormAsync(ct);
        return Page();
    }
}
