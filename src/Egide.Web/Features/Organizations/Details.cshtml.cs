using Egide.Core.Organizations;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Organizations;

public sealed class DetailsModel(GetOrganization.Handler handler, CurrentUser user) : PageModel
{
    public GetOrganization.Details Details { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var access = await user.AccessToAsync(id, ct);
        var details = access.CanSee ? await handler.Handle(id, ct) : null;
        if (details is null)
        {
            await user.RecordRefusalAsync(id, access, ct);
            return NotFound();
        }
        Details = details;
        CanEdit = access.CanEdit;
        return Page();
    }
}
