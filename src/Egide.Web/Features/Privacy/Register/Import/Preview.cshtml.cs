using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Register.Import;

/// <summary>
/// What the import would do, computed from the kept file (never from what the browser sends back): entries to create,
/// to update, unchanged, and every problem by sheet, row and column. Confirming computes it again and writes it all
/// in one transaction, or nothing.
/// </summary>
public sealed class PreviewModel(CurrentUser user, EgideDb db, ImportRegisterFile.Handler import, ImportRegister.Handler confirm, TimeProvider clock)
    : PrivacyPage(user)
{
    /// <summary>At most this many entries are listed; the counts cover them all.</summary>
    public const int ListedActivities = 500;

    public string FileName { get; private set; } = "";

    public FilePreview? Read { get; private set; }

    /// <summary>Why the confirmation failed (someone changed an entry meanwhile…), shown above the preview.</summary>
    public string? Problem { get; private set; }

    public int Count(ImportChange change) => Read?.Preview.Activities.Count(a => a.Change == change) ?? 0;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } result)
        {
            return result;
        }
        var preview = Read!.Preview;
        if (!preview.CanConfirm)
        {
            Problem = "L'aperçu contient des erreurs : rien n'a été importé. Corrigez le fichier, puis envoyez-le à nouveau.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var written = await confirm.ConfirmAsync(preview, Actor!, ct);
        if (written.Failure is ForbiddenFailure)
        {
            return Forbid();
        }
        if (written.Failure is { } failure)
        {
            Problem = "Rien n'a été importé : " + (failure is ValidationFailure v ? v.FirstMessage : failure.Message);
            Response.StatusCode = failure is ConflictFailure ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Page();
        }
        var upload = await ImportUploads.FindAsync(db, id, clock, ct);
        if (upload is not null)
        {
            db.Remove(upload);
            await db.SaveChangesAsync(ct);
        }
        var (created, updated) = written.Value;
        TempData["Message"] = $"Import de « {FileName} » terminé : {French(created, "fiche créée", "fiches créées")}, {French(updated, "fiche mise à jour", "fiches mises à jour")}.";
        return Redirect("/registre");
    }

    private static string French(int count, string one, string many) => $"{FrenchFormat.Number(count)} {(count < 2 ? one : many)}";

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
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
        var upload = await ImportUploads.FindAsync(db, id, clock, ct);
        if (upload is null)
        {
            return NotFound();
        }
        FileName = upload.FileName;
        Read = await import.PreviewAsync(upload.Content, upload.FileName, null, ct);
        return null;
    }
}
