using Egide.Core.Data;
using Egide.Core.Privacy.Register.Exchange;
using Egide.Core.Spreadsheets;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Egide.Web.Features.Privacy.Register.Import;

/// <summary>
/// Which column of the sent table feeds which field of the register, one list per field, filled with the mapping
/// saved for these headers or the recognised headers. Saved for the organisation, then the preview.
/// </summary>
public sealed class MappingModel(CurrentUser user, EgideDb db, ImportFlatRegister.Handler flat, TimeProvider clock) : PrivacyPage(user)
{
    /// <summary>The chosen header for each of <see cref="ColumnMapping.Fields"/>, in that order; empty: not imported.</summary>
    [BindProperty]
    public List<string?> Columns { get; set; } = [];

    public string FileName { get; private set; } = "";

    public FlatTable? Table { get; private set; }

    public IReadOnlyList<SelectListItem> HeaderItems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (result, _) = await LoadAsync(id, ct);
        if (result is not null || Table is null)
        {
            return result ?? Page();
        }
        var (mapping, _) = await flat.MappingForAsync(Table.Headers, ct);
        Columns = ColumnMapping.Fields.Select(f => mapping.Columns.GetValueOrDefault(f)).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var (result, actor) = await LoadAsync(id, ct);
        if (result is not null || Table is null || actor is null)
        {
            return result ?? Page();
        }
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < ColumnMapping.Fields.Count && i < Columns.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(Columns[i]))
            {
                columns[ColumnMapping.Fields[i]] = Columns[i]!;
            }
        }
        var mapping = new ColumnMapping(columns);
        var problems = mapping.Check(Table.Headers);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                var field = ColumnMapping.Fields.Select((f, i) => (f, i)).FirstOrDefault(x => problem.Contains($"« {x.f} »", StringComparison.Ordinal));
                ModelState.AddModelError(field.f is null ? "" : $"Columns[{field.i}]", problem);
            }
            return Page();
        }
        await flat.SaveMappingAsync(Table.Headers, mapping, actor.UserId ?? Guid.Empty, ct);
        TempData["Message"] = "La correspondance des colonnes est enregistrée : elle servira aussi pour les prochains fichiers aux mêmes en-têtes.";
        return Redirect($"/registre/import/{id}");
    }

    private async Task<(IActionResult? Result, Core.Privacy.Register.RegisterActor? Actor)> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = await LoadActorAsync(ct);
        if (actor is null)
        {
            return (Page(), null);
        }
        if (!actor.CanEdit)
        {
            return (Forbid(), actor);
        }
        var upload = await ImportUploads.FindAsync(db, id, clock, ct);
        if (upload is null)
        {
            return (NotFound(), actor);
        }
        FileName = upload.FileName;
        try
        {
            Table = FlatTableReader.Read(upload.Content, upload.FileName);
        }
        catch (SpreadsheetException)
        {
            return (Redirect($"/registre/import/{id}"), actor); // the preview says what is wrong with the file
        }
        var samples = Table.Rows.Count > 0 ? Table.Rows[0].Cells : null;
        HeaderItems =
        [
            new SelectListItem("— Ne pas importer —", ""),
            .. Table.Headers.Select((h, i) => (h, i)).Where(x => x.h.Length > 0).Select(x => new SelectListItem(
                $"{SheetCell.ColumnName(x.i + 1)} – {x.h}{(samples is not null && samples[x.i].Trim().Length > 0 ? $" (ex. : {Sample(samples[x.i])})" : "")}", x.h)),
        ];
        while (Columns.Count < ColumnMapping.Fields.Count)
        {
            Columns.Add(null);
        }
        return (null, actor);
    }

    private static string Sample(string cell)
    {
        var line = cell.Trim().Split('\n')[0].Trim();
        return line.Length > 40 ? line[..40] + "…" : line;
    }
}
