using Egide.Core.Privacy.Register.Exchange;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>One entry of the current organisation's register as a PDF, for any member; another organisation's entry is not found.</summary>
public sealed class ActivityPdfModel(ExportActivity.Handler export, CurrentUser user) : PrivacyPage(user)
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        return await export.Handle(id, ct) is { } file
            ? File(file.Content, file.ContentType, file.FileName)
            : NotFound();
    }
}
