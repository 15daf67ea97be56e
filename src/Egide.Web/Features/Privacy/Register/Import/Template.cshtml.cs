using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Register.Import;

/// <summary>The empty table to fill for an import, with its guide and the catalogues' codes; for any member.</summary>
public sealed class TemplateModel(CurrentUser user, EgideDb db) : PrivacyPage(user)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        var content = FlatRegisterTemplate.Xlsx(await RegisterCatalogs.LoadAsync(db, ct));
        return File(content, ExportRegister.XlsxContentType, FlatRegisterTemplate.FileName);
    }
}
