using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Processors;

public sealed class CreateModel(EgideDb db, CurrentUser user, SaveProcessor.Handler save) : ProcessorFormPage(db, user)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanEdit)
        {
            return Forbid();
        }
        await PrepareFormAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanEdit)
        {
            return Forbid();
        }
        if (ModelState.IsValid && ToInput() is { } input)
        {
            var result = await save.Handle(new SaveProcessor.Command(null, 0, input), Actor, ct);
            if (result.IsSuccess)
            {
                TempData["Message"] = $"Le sous-traitant « {input.Name.Trim()} » a été enregistré.";
                return Redirect($"/registre/sous-traitants/{result.Value}");
            }
            if (result.Failure is ForbiddenFailure)
            {
                return Forbid();
            }
            ModelState.AddFailure(result.Failure!, nameof(Input));
        }
        await PrepareFormAsync(ct);
        return Page();
    }
}
