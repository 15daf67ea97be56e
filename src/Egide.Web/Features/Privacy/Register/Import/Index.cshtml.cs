using Egide.Core.Data;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Spreadsheets;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Register.Import;

/// <summary>
/// Sends a register to import (CNIL model, or a table of one row per activity). The file is kept for the preview
/// and the confirmation, no longer than a day; a table goes through the mapping of its columns unless the
/// organisation saved one for its headers. Only the register's keepers import.
/// </summary>
[RequestSizeLimit(UploadRequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadRequestLimit)]
public sealed class IndexModel(CurrentUser user, EgideDb db, ImportRegisterFile.Handler import, TimeProvider clock) : PrivacyPage(user)
{
    /// <summary>
    /// A little above the accepted file size, so that a file somewhat too large still reaches the page and gets its
    /// French message; a body beyond is refused before it is read (413). The form buffers the file on disk, not in memory.
    /// </summary>
    private const long UploadRequestLimit = SpreadsheetReader.MaxUploadBytes + 4L * 1024 * 1024;

    public static string MaxSizeText => $"{SpreadsheetReader.MaxUploadBytes / (1024 * 1024)} Mo";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is { CanEdit: false })
        {
            return Forbid();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        var actor = await LoadActorAsync(ct);
        if (actor is null)
        {
            return Page();
        }
        if (!actor.CanEdit)
        {
            return Forbid();
        }
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choisissez le fichier à importer : un classeur .ods ou .xlsx, ou un fichier .csv.");
            return Page();
        }
        if (file.Length > SpreadsheetReader.MaxUploadBytes)
        {
            ModelState.AddModelError("file", SpreadsheetReader.TooLarge().Message);
            return Page();
        }
        byte[] content;
        using (var copy = new MemoryStream((int)file.Length))
        {
            await file.CopyToAsync(copy, ct);
            content = copy.ToArray();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<RegisterImportUpload>().Where(u => u.UploadedAt <= now - RegisterImportUpload.Lifetime).ExecuteDeleteAsync(ct);
        var fileName = Path.GetFileName(file.FileName);
        var upload = new RegisterImportUpload
        {
            OrganizationId = db.TenantOrganizationId,
            FileName = fileName.Length > 260 ? fileName[^260..] : fileName,
            Content = content,
            Size = content.Length,
            UploadedById = actor.UserId ?? Guid.Empty,
            UploadedAt = now,
        };
        db.Add(upload);
        await db.SaveChangesAsync(ct);

        // A table goes through the mapping step unless a saved mapping applies, or every column was recognised.
        var read = await import.PreviewAsync(content, upload.FileName, null, ct);
        var mapped = read is not { Source: ImportSource.Flat, Table: { } table, Mapping: { } mapping, MappingSaved: false }
            || (mapping.Check(table.Headers).Count == 0 && mapping.Ignored(table.Headers).Count == 0);
        return Redirect(mapped ? $"/registre/import/{upload.Id}" : $"/registre/import/{upload.Id}/correspondance");
    }
}
