using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>One section of an entry, saved alone (the whole form would be too long to fill at once).</summary>
public sealed class EditModel(EgideDb db, CurrentUser user, UpdateProcessingActivity.Handler update) : PrivacyPage(user)
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Section { get; set; } = "";

    /// <summary>The version the form was opened on; a save over a newer one is refused.</summary>
    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public SectionForm Form { get; set; } = new();

    public ActivitySections.Section Current { get; private set; } = null!;

    public ProcessingActivity Activity { get; private set; } = null!;

    public RegisterCatalogs Catalogs { get; private set; } = null!;

    public IReadOnlyList<SelectListItem> Processors { get; private set; } = [];

    /// <summary>Countries a transfer may go to: outside the European Economic Area.</summary>
    public IReadOnlyList<SelectListItem> Countries { get; private set; } = [];

    public IReadOnlyList<SelectListItem> LegalBases { get; private set; } = [];

    public static IReadOnlyList<SelectListItem> Roles { get; } =
        Enum.GetValues<ProcessingRole>().Select(r => new SelectListItem(r.French(), r.ToString())).ToList();

    public static IReadOnlyList<SelectListItem> FinalFates { get; } =
        [new("Non renseigné", ""), .. Enum.GetValues<FinalFate>().Select(f => new SelectListItem(f.French(), f.ToString()))];

    public static IReadOnlyList<SelectListItem> Safeguards { get; } =
        Enum.GetValues<TransferSafeguard>().Select(s => new SelectListItem(s.French(), s.ToString())).ToList();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal)
        {
            return refusal;
        }
        Version = Activity.Version;
        Form = SectionForm.Of(ActivityInput.Of(Activity), Catalogs);
        await PrepareAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await RefusalAsync(ct) is { } refusal)
        {
            return refusal;
        }
        if (ModelState.IsValid)
        {
            var input = Form.Apply(Current.Slug, ActivityInput.Of(Activity));
            var result = await update.Handle(new UpdateProcessingActivity.Command(Id, Version, input, Current.Title), Actor!, ct);
            switch (result.Failure)
            {
                case null:
                    TempData["Message"] = result.Value == Version
                        ? $"Aucune modification dans la section « {Current.Title} » : rien n'a été enregistré."
                        : Activity.Status == ActivityStatus.Draft
                            ? $"La section « {Current.Title} » a été enregistrée."
                            : $"La section « {Current.Title} » a été enregistrée. La fiche est revenue en brouillon : l'avis du DPO et la validation portaient sur la version précédente, soumettez-la de nouveau.";
                    return Redirect($"/registre/{Id}");
                case NotFoundFailure:
                    return NotFound();
                case ForbiddenFailure:
                    return Forbid();
                default:
                    ModelState.AddFailureOnFields(result.Failure, key => Form.FieldOf(key) ?? string.Empty);
                    break;
            }
        }
        Form.AddBlankRows();
        await PrepareAsync(ct);
        return Page();
    }

    /// <summary>
    /// Null when the page may be shown; otherwise what to answer. Without a current organisation the page shows its
    /// message (no activity loaded); an unknown section or entry is not found; only those who keep the register edit.
    /// </summary>
    private async Task<IActionResult?> RefusalAsync(CancellationToken ct)
    {
        var actor = await LoadActorAsync(ct);
        if (actor is null)
        {
            return Page();
        }
        if (ActivitySections.Find(Section) is not { } section)
        {
            return NotFound();
        }
        Current = section;
        var activity = await db.ProcessingActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == Id, ct);
        if (activity is null)
        {
            return NotFound();
        }
        if (!actor.CanEdit)
        {
            return Forbid();
        }
        Activity = activity;
        Catalogs = await RegisterCatalogs.LoadAsync(db, ct);
        return null;
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        LegalBases = [new("Non renseignée", ""), .. Catalogs.LegalBases.Values.Select(b => new SelectListItem($"{RegisterLabels.LegalBasisShort(b.Code)} – {b.Label}", b.Code))];
        var processors = await db.Processors.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        Processors = [new("Aucun en particulier", ""), .. processors.Select(p => new SelectListItem(p.Name, p.Id.ToString()))];
        Countries = [new("Choisir un pays…", ""), .. Catalogs.Countries.Values.Where(c => c.Zone != TransferZone.EuropeanEconomicArea)
            .Select(c => new SelectListItem(c.Name, c.Code))];
    }

    /// <summary>The label of a catalogue row, its code when withdrawn from the catalogue.</summary>
    public string Label(IReadOnlyDictionary<string, CatalogEntry> catalog, string code) => Catalogs.Label(catalog, code);
}
