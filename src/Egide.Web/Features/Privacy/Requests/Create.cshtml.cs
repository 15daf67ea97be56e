using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Requests;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Requests;

public sealed class CreateModel(EgideDb db, CurrentUser user, RecordRightsRequest.Handler record, TimeProvider clock) : RequestFormPage(db, user)
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
        Input.ReceivedOn = FormDates.Text(Periods.ParisDate(clock.GetUtcNow().UtcDateTime));
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
                TempData["Message"] = "La demande a été enregistrée.";
                return Redirect($"/demandes/{result.Value}");
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
