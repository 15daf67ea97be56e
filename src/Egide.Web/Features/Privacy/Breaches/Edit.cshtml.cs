using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Breaches;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Breaches;

/// <summary>Changes what is recorded of a breach; another organisation's breach does not exist here (404).</summary>
public sealed class EditModel(EgideDb db, CurrentUser user, UpdateDataBreach.Handler update) : BreachFormPage(db, user)
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
        if (!Actor!.CanSeeBreaches)
        {
            return Forbid();
        }
        var breach = await Db.DataBreaches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == Id, ct);
        if (breach is null)
        {
            return NotFound();
        }
        if (!Actor.CanHandleCasework)
        {
            return Forbid();
        }
        if (breach.IsClosed)
        {
            TempData["Message"] = BreachFailures.Closed.Message;
            return Redirect($"/violations/{Id}");
        }
        var activityIds = await Db.DataBreachActivities.AsNoTracking().Where(l => l.BreachId == Id).Select(l => l.ActivityId).ToListAsync(ct);
        Input = BreachForm.Of(breach, activityIds);
        Version = breach.Version;
        Reference = breach.Reference;
        await PrepareFormAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanSeeBreaches)
        {
            return Forbid();
        }
        var reference = await Db.DataBreaches.AsNoTracking().Where(b => b.Id == Id).Select(b => b.Reference).FirstOrDefaultAsync(ct);
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
            var result = await update.Handle(new UpdateDataBreach.Command(Id, Version, input), Actor, ct);
            if (result.IsSuccess)
            {
                TempData["Message"] = "Les modifications ont été enregistrées.";
                return Redirect($"/violations/{Id}");
            }
            switch (result.Failure)
            {
                case NotFoundFailure:
                    return NotFound();
                case ForbiddenFailure:
                    return Forbid();
            }
            AddFailure(result.Failure!);
        }
        await PrepareFormAsync(ct);
        return Page();
    }
}
