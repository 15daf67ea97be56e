using Egide.Core.Common;
using Egide.Core.Privacy.Requests.Letters;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Requests;

/// <summary>
/// One letter of a rights request as an editable DOCX file, for those who may see requests. An unknown letter or
/// another organisation's request is not found; a letter the record cannot support yet gets a 400 page that says
/// what to record first (the layout shows no error message after a redirect).
/// </summary>
public sealed class LetterModel(GetRequestLetter.Handler letters, CurrentUser user) : PrivacyPage(user)
{
    public Guid RequestId { get; private set; }

    /// <summary>The reason shown with the 400 status.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? kind, CancellationToken ct)
    {
        RequestId = id;
        var actor = await LoadActorAsync(ct);
        if (actor is null)
        {
            return Page();
        }
        if (LetterKinds.Parse(kind) is not { } letterKind)
        {
            return NotFound();
        }
        var result = await letters.Handle(id, letterKind, actor, ct);
        switch (result.Failure)
        {
            case null:
                var (fileName, content) = result.Value;
                return File(content, RequestLetters.ContentType, fileName);
            case NotFoundFailure:
                return NotFound();
            case ForbiddenFailure:
                return Forbid();
            case ValidationFailure invalid:
                Problem = invalid.FirstMessage;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                Problem = result.Failure.Message;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }
}
