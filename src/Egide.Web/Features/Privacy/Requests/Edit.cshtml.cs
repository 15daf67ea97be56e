using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Requests;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Requests;

/// <summary>Corrects what was recorded of a request; another organisation's request does not exist here (404).</summary>
public sealed class EditModel(EgideDb db, CurrentUser user, UpdateRightsRequest.Handler update) : RequestFormPage(db, user)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The version the form was opened on; a save over a newer one is refused.</summary>
    [BindProperty]
    public int Version { get; set; }

    public string Reference { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanSeeRequests)
        {
            return Forbid();
        }
        var request = await Db.RightsRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, ct);
        if (request is null)
        {
            return NotFound();
        }
        if (!Actor.CanHandleCasework)
        {
            return Forbid();
        }
        var activityIds = await Db.RightsRequestActivities.AsNoTracking().Where(l => l.RequestId == Id).Select(l => l.ActivityId).ToListAsync(ct);
        Input = RightsRequestForm.Of(RightsRequestInput.Of(request, activityIds));
        Version = request.Version;
        Reference = request.Reference;
        await PrepareFormAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanSeeRequests)
        {
            return Forbid();
        }
        var reference = await Db.RightsRequests.AsNoTracking().Where(r => r.Id == Id).Select(r => r.Reference).FirstOrDefaultAsync(ct);
        if (reference is null)
        {
            return NotFound();
        }
        if (!Actor.CanHandleCasework)
        {
            return Forbid();
        }
        Reference = reference;
        if (ToInput() is { } input)
        {
            var result = await update.Handle(new UpdateRightsRequest.Command(Id, Version, input), Actor, ct);
            if (result.IsSuccess)
            {
                TempData["Message"] = "Les modifications ont été enregistrées.";
                return Redirect($"/demandes/{Id}");
            }
            switch (result.Failure)
            {
                case NotFoundFailure:
                    return NotFound();
                case ForbiddenFailure:
                    return Forbid();
            }
            ModelState.AddFailure(result.Failure!, nameof(Input));
        }
        await PrepareFormAsync(ct);
        return Page();
    }
}
