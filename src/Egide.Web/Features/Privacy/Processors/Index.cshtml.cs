using System.Numerics;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Processors;

/// <summary>The organisation's register of processors (GDPR art. 28), with what each contract lacks.</summary>
public sealed class IndexModel(EgideDb db, CurrentUser user) : PrivacyPage(user)
{
    public sealed record Item(Guid Id, string Name, DateOnly? ContractDate, int ClausesPresent, int Activities, int OpenAlerts, bool Archived);

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return;
        }
        var processors = db.Processors.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var folded = TextSearch.Fold(Q);
            processors = processors.Where(p => p.SearchName.Contains(folded));
        }
        var rows = await processors.OrderBy(p => p.SearchName)
            .Select(p => new
            {
                p.Id,
                p.Name,
                p.ContractDate,
                p.Clauses,
                Activities = db.ActivityProcessors.Count(l => l.ProcessorId == p.Id),
                OpenAlerts = db.RegisterAlerts.Count(a => a.ProcessorId == p.Id && a.ResolvedAt == null),
                Archived = p.ArchivedAt != null,
            })
            .ToListAsync(ct);
        Items = rows.Select(r => new Item(r.Id, r.Name, r.ContractDate, BitOperations.PopCount((uint)(r.Clauses & Article28Clauses.All)),
            r.Activities, r.OpenAlerts, r.Archived)).ToList();
    }
}
