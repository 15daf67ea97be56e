using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Organizations;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Organizations;

public sealed class IndexModel(ListOrganizations.Handler handler, CurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public OrganizationKind? Type { get; set; }

    /// <summary>From the query string by hand: "page" is also Razor Pages' own route value (the page's path).</summary>
    public int PageNumber => int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : 1;

    public Page<ListOrganizations.Item> Result { get; private set; } = null!;

    public bool CanCreate => user.IsPlatformAdmin;

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await handler.Handle(new ListOrganizations.Query(Q, Type, PageNumber, Within: await user.VisibleOrganizationsAsync(ct)), ct);

    public string PageUrl(int page)
    {
        var query = new QueryBuilder();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            query.Add("q", Q);
        }
        if (Type is { } type)
        {
            query.Add("type", type.ToString());
        }
        query.Add("page", page.ToString(CultureInfo.InvariantCulture));
        return "/organisations" + query.ToQueryString();
    }
}
