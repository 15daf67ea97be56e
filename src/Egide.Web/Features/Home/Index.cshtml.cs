using Egide.Core.Organizations;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Home;

public sealed class IndexModel(ListOrganizations.Handler organizations, CurrentUser user) : PageModel
{
    public int Total { get; private set; }

    public IReadOnlyList<ListOrganizations.Item> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var page = await organizations.Handle(new ListOrganizations.Query(PageSize: 20, Within: await user.VisibleOrganizationsAsync(ct)), ct);
        Total = page.Total;
        Recent = page.Items;
    }
}
