using Egide.Core.Organizations;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Organizations;

[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class CreateModel(GetOrganization.Handler organizations, CreateOrganization.Handler create)
    : OrganizationFormPage(organizations)
{
    public async Task OnGetAsync(CancellationToken ct) => await PrepareFormAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            CompactInput();
            var result = await create.Handle(Input, ct);
            if (result.IsSuccess)
            {
                TempData["Message"] = $"L'organisme « {Input.Name} » a été enregistré.";
                return Redirect($"/organisations/{result.Value}");
            }
            ModelState.AddFailure(result.Failure!, nameof(Input));
        }
        await PrepareFormAsync(ct);
        return Page();
    }
}
