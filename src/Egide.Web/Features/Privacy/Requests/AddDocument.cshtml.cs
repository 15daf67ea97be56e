using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Requests;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Requests;

/// <summary>
/// Joins a file to a request, open or closed. A page of its own so that the larger body limit applies to this upload
/// alone, not to every form of the request's page.
/// </summary>
[RequestSizeLimit(UploadRequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadRequestLimit)]
public sealed class AddDocumentModel(CurrentUser user, EgideDb db, AddRightsRequestDocument.Handler add) : PrivacyPage(user)
{
    /// <summary>A little above the accepted size, so that a file somewhat too large still gets its French message.</summary>
    private const long UploadRequestLimit = RightsRequestDocument.MaxBytes + 1024 * 1024;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public string Reference { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await CheckAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? description, CancellationToken ct)
    {
        if (await CheckAsync(ct) is { } refused)
        {
            return refused;
        }
        if (Actor is null)
        {
            return Page();
        }
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choisissez le fichier à joindre (il ne peut pas être vide).");
            return Page();
        }
        if (file.Length > RightsRequestDocument.MaxBytes)
        {
            ModelState.AddModelError("file", AddRightsRequestDocument.TooLarge().FirstMessage);
            return Page();
        }
        byte[] content;
        using (var copy = new MemoryStream((int)file.Length))
        {
            await file.CopyToAsync(copy, ct);
            content = copy.ToArray();
        }
        var result = await add.Handle(new AddRightsRequestDocument.Command(Id, file.FileName, file.ContentType, content, description), Actor, ct);
        switch (result.Failure)
        {
            case null:
                TempData["Message"] = $"Le document « {Path.GetFileName(file.FileName)} » est joint à la demande.";
                return Redirect($"/demandes/{Id}");
            case NotFoundFailure:
                return NotFound();
            case ForbiddenFailure:
                return Forbid();
        }
        ModelState.AddFailureOnFields(result.Failure, field => field == "File" ? "file" : field.ToLowerInvariant());
        return Page();
    }

    /// <summary>Null when the person may join a file to this request (or has no organisation: the page asks to choose one).</summary>
    private async Task<IActionResult?> CheckAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is not { } actor)
        {
            return null;
        }
        if (!actor.CanSeeRequests)
        {
            return Forbid();
        }
        var reference = await db.RightsRequests.AsNoTracking().Where(r => r.Id == Id).Select(r => r.Reference).FirstOrDefaultAsync(ct);
        if (reference is null)
        {
            return NotFound();
        }
        if (!actor.CanHandleCasework)
        {
            return Forbid();
        }
        Reference = reference;
        return null;
    }
}
