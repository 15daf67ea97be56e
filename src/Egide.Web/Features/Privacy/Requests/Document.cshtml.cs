using Egide.Core.Common;
using Egide.Core.Privacy.Requests;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Requests;

/// <summary>Downloads a document of a request, always as an attachment: a file sent by anyone is never shown inline.</summary>
public sealed class DocumentModel(CurrentUser user, GetRightsRequestDocument.Handler get) : PrivacyPage(user)
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid documentId, CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is not { } actor)
        {
            return Page();
        }
        var result = await get.Handle(id, documentId, actor, ct);
        return result.Failure switch
        {
            null => File(result.Value.Content, result.Value.ContentType, result.Value.FileName),
            ForbiddenFailure => Forbid(),
            _ => NotFound(),
        };
    }
}
