using Egide.Core.Organizations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Organizations;

public sealed class DetailsModel(GetOrganization.Handler handler) : PageModel
{
    public GetOrganization.Details Details { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var details = await handler.Handle(id, ct);
        if (details is null)
        {
            return NotFound();
        }
        Details = details;
        return Page();
    }
}
