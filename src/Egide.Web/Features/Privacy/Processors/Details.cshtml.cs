using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Processors;

/// <summary>One processor: its contract and the clauses it lacks, the activities entrusting data to it, its open alerts.</summary>
public sealed class DetailsModel(EgideDb db, CurrentUser user, ArchiveProcessor.Handler archive) : PrivacyPage(user)
{
    public sealed record ActivityItem(Guid Id, string Reference, string Name);

    public sealed record AlertItem(string RuleCode, string Message, string Article, DateTime RaisedAt);

    public Processor Processor { get; private set; } = null!;

    public IReadOnlyList<ActivityItem> Activities { get; private set; } = [];

    public IReadOnlyList<AlertItem> OpenAlerts { get; private set; } = [];

    public IReadOnlyDictionary<string, Country> Countries { get; private set; } = new Dictionary<string, Country>();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        var processor = await db.Processors.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (processor is null)
        {
            return NotFound();
        }
        Processor = processor;
        Activities = await db.ActivityProcessors.AsNoTracking().Where(l => l.ProcessorId == id)
            .Join(db.ProcessingActivities, l => l.ActivityId, a => a.Id, (l, a) => new ActivityItem(a.Id, a.Reference, a.Name))
            .ToListAsync(ct);
        Activities = Activities.OrderBy(a => a.Reference, StringComparer.Create(Egide.Core.Common.FrenchFormat.Culture, ignoreCase: true)).ToList();
        OpenAlerts = await db.RegisterAlerts.AsNoTracking().Where(a => a.ProcessorId == id && a.ResolvedAt == null)
            .OrderBy(a => a.RaisedAt).Select(a => new AlertItem(a.RuleCode, a.Message, a.Article, a.RaisedAt)).ToListAsync(ct);
        var codes = processor.Transfers.Select(t => t.CountryCode).ToList();
        Countries = (await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Code)).ToListAsync(ct))
            .ToDictionary(c => c.Code.Trim(), StringComparer.Ordinal);
        return Page();
    }

    public async Task<IActionResult> OnPostArchiveAsync(Guid id, int version, CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is not { } actor)
        {
            return Page();
        }
        var result = await archive.Handle(id, version, actor, ct);
        switch (result.Failure)
        {
            case null:
                TempData["Message"] = "Le sous-traitant est archivé : il reste au registre, hors des listes et des contrôles.";
                return RedirectToPage(new { id });
            case NotFoundFailure:
                return NotFound();
            case ForbiddenFailure:
                return Forbid();
            default:
                ModelState.AddFailure(result.Failure, null);
                return await OnGetAsync(id, ct);
        }
    }
}
