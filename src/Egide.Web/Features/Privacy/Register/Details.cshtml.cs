using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>One entry of the register, whole, with its alerts, its history and the workflow actions the person may take.</summary>
public sealed class DetailsModel(EgideDb db, CurrentUser user, ChangeActivityStatus.Handler changeStatus) : PrivacyPage(user)
{
    public sealed record AlertItem(string Message, string Article, DateTime RaisedAt);

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ProcessingActivity Activity { get; private set; } = null!;

    public ActivityContent Entry { get; private set; } = new();

    public RegisterCatalogs Catalogs { get; private set; } = null!;

    public IReadOnlyDictionary<Guid, string> ProcessorNames { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<AlertItem> Alerts { get; private set; } = [];

    public IReadOnlyList<RegisterHistory.VersionItem> History { get; private set; } = [];

    public ActivityCompleteness.Result Completeness { get; private set; } = null!;

    /// <summary>The opinion the DPO was writing when a post failed, shown again.</summary>
    public DpoOpinionKind? PostedOpinion { get; private set; }

    public string? PostedOpinionText { get; private set; }

    public bool CanSubmit => Actor!.CanEdit && Activity.Status == ActivityStatus.Draft;

    public bool CanGiveOpinion => Actor!.CanGiveOpinion && Activity.Status is ActivityStatus.Submitted or ActivityStatus.DpoOpinionGiven;

    public bool CanValidate => Actor!.CanValidate && Activity.Status == ActivityStatus.DpoOpinionGiven;

    public bool CanMarkReviewed => Actor!.CanEdit && Activity.Status != ActivityStatus.Archived;

    public bool CanArchive => Actor!.CanEdit && Activity.Status != ActivityStatus.Archived;

    public bool CanRestore => Actor!.CanEdit && Activity.Status == ActivityStatus.Archived;

    public bool CanEdit => Actor!.CanEdit && Activity.Status != ActivityStatus.Archived;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(
        [FromForm] ActivityAction action, [FromForm] int version, [FromForm] DpoOpinionKind? opinion, [FromForm] string? opinionText, CancellationToken ct)
    {
        var actor = await LoadActorAsync(ct);
        if (actor is null)
        {
            return Page();
        }
        if (!ModelState.IsValid)
        {
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        var result = await changeStatus.Handle(new ChangeActivityStatus.Command(Id, version, action, opinion, opinionText), actor, ct);
        switch (result.Failure)
        {
            case null:
                TempData["Message"] = action switch
                {
                    ActivityAction.Submit => "La fiche a été soumise à l'avis du DPO.",
                    ActivityAction.GiveDpoOpinion => "L'avis du DPO a été enregistré ; la fiche attend la validation du responsable de traitement.",
                    ActivityAction.Validate => "La fiche a été validée.",
                    ActivityAction.MarkReviewed => "La fiche a été marquée comme revue.",
                    ActivityAction.Archive => "La fiche a été archivée.",
                    ActivityAction.Restore => "La fiche a été restaurée en brouillon.",
                    _ => "C'est enregistré.",
                };
                return Redirect($"/registre/{Id}");
            case NotFoundFailure:
                return NotFound();
            case ForbiddenFailure:
                return Forbid();
            default:
                // The opinion's fields are on this page; a submission's missing content is written in the sections.
                ModelState.AddFailureOnFields(result.Failure, field => field is "Opinion" or "OpinionText" ? field : string.Empty);
                break;
        }
        PostedOpinion = opinion;
        PostedOpinionText = opinionText;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var activity = await db.ProcessingActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == Id, ct);
        if (activity is null)
        {
            return false;
        }
        Activity = activity;
        Entry = activity.Content;
        Catalogs = await RegisterCatalogs.LoadAsync(db, ct);
        var processorIds = Entry.Recipients.Where(r => r.ProcessorId is not null).Select(r => r.ProcessorId!.Value).ToList();
        ProcessorNames = processorIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Processors.AsNoTracking().Where(p => processorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Alerts = (await db.RegisterAlerts.AsNoTracking().Where(r => r.ActivityId == Id && r.ResolvedAt == null)
                .Select(r => new AlertItem(r.Message, r.Article, r.RaisedAt)).ToListAsync(ct))
            .OrderBy(r => r.RaisedAt).ToList();
        History = await RegisterHistory.OfActivityAsync(db, Id, ct);
        Completeness = ActivityCompleteness.Of(activity);
        return true;
    }
}
