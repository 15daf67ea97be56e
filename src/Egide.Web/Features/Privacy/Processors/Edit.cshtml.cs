using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Processors;

/// <summary>Changes a processor; another organisation's processor does not exist here (404), a reader is refused (403).</summary>
public sealed class EditModel(EgideDb db, CurrentUser user, SaveProcessor.Handler save) : ProcessorFormPage(db, user)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>The version the form was opened on; a save over a newer one is refused.</summary>
    [BindProperty]
    public int Version { get; set; }

    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        var processor = await Db.Processors.AsNoTracking().FirstOrDefaultAsync(p => p.Id == Id, ct);
        if (processor is null)
        {
            return NotFound();
        }
        if (!Actor!.CanEdit)
        {
            return Forbid();
        }
        Input = ProcessorForm.Of(processor);
        Version = processor.Version;
        Name = processor.Name;
        await PrepareFormAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        var current = await Db.Processors.AsNoTracking().Where(p => p.Id == Id).Select(p => p.Name).FirstOrDefaultAsync(ct);
        if (current is null)
        {
            return NotFound();
        }
        if (!Actor!.CanEdit)
        {
            return Forbid();
        }
        Name = current;
        if (ModelState.IsValid && ToInput() is { } input)
        {
            var result = await save.Handle(new SaveProcessor.Command(Id, Version, input), Actor, ct);
            if (result.IsSuccess)
            {
                TempData["Message"] = "Les modifications ont été enregistrées.";
                return Redirect($"/registre/sous-traitants/{Id}");
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
