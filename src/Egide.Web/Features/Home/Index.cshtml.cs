using Egide.Core.Organizations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Home;

public sealed class IndexModel(ListOrganizations.Handler organizations) : PageModel
{
    public int Total { get; private set; }

    public IReadOnlyList<ListOrganizations.Item> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var page = await organizations.Handle(new ListOrganizations.Query(PageSize: 20), ct);
        Total = page.Total;
        Recent = page.Items;
    }
}
