using Egide.Core.Data;
using Egide.Core.Privacy.Catalogs;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Catalogs;

/// <summary>The platform-wide lists the registers pick from, kept current by the platform administrator.</summary>
[Authorize(Policy = Policies.PlatformAdmin)]
public sealed class IndexModel(EgideDb db) : PageModel
{
    public IReadOnlyList<IGrouping<CatalogKind, CatalogEntry>> Entries { get; private set; } = [];

    public IReadOnlyList<Country> Countries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var entries = await db.CatalogEntries.AsNoTracking().OrderBy(e => e.Kind).ThenBy(e => e.SortOrder).ThenBy(e => e.Code).ToListAsync(ct);
        Entries = entries.GroupBy(e => e.Kind).OrderBy(g => g.Key).ToList();
        Countries = (await db.Countries.AsNoTracking().ToListAsync(ct))
            .OrderBy(c => c.Zone).ThenBy(c => c.Name, StringComparer.Create(Egide.Core.Common.FrenchFormat.Culture, ignoreCase: true)).ToList();
    }
}
