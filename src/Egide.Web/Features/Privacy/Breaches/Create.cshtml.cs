using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Breaches;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Breaches;

/// <summary>Records a breach in the register; those who do not handle casework are refused (403).</summary>
public sealed class CreateModel(EgideDb db, CurrentUser user, RecordDataBreach.Handler record, TimeProvider clock) : BreachFormPage(db, user)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanHandleCasework)
        {
            return Forbid();
        }
        // Most breaches are recorded as soon as known: now, in Paris, as a starting point.
        var now = clock.GetUtcNow().UtcDateTime;
        Input.AwareDate = ParisInput.DateOf(now);
        Input.AwareTime = ParisInput.TimeOf(now);
        await PrepareFormAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanHandleCasework)
        {
            return Forbid();
        }
        if (ToInput() is { } input)
        {
            var result = await record.Handle(input, Actor, ct);
            if (result.IsSuccess)
            {
                TempData["Message"] = "La violation a été enregistrée dans le registre des violations.";
                return Redirect($"/violations/{result.Value}");
            }
            if (result.Failure is ForbiddenFailure)
            {
                return Forbid();
            }
            AddFailure(result.Failure!);
        }
        await PrepareFormAsync(ct);
        return Page();
    }
}
