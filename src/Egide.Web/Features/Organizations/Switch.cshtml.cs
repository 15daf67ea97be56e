using Egide.Core.Common;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Organizations;

/// <summary>
/// The organisation switcher: which organisation the modules (register, requests…) work in. A CDG adviser with
/// hundreds of memberships finds theirs by name; the choice is a cookie, checked again on every request.
/// </summary>
public sealed class SwitchModel(CurrentUser user, Egide.Core.Data.EgideDb db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The page to go back to once switched (local addresses only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<CurrentOrganization> Organizations { get; private set; } = [];

    public int Total { get; private set; }

    public CurrentOrganization? Current { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Current = await user.CurrentOrganizationAsync(ct);
        var all = await user.OrganizationsAsync(ct);
        var q = TextSearch.Fold(Q ?? "");
        var matching = q.Length == 0 ? all : all.Where(o => TextSearch.Fold(o.Name).Contains(q, StringComparison.Ordinal)).ToList();
        Total = matching.Count;
        Organizations = matching.Take(PageSize).ToList();
    }

    public async Task<IActionResult> OnPostAsync(Guid organizationId, CancellationToken ct)
    {
        var access = await user.AccessToAsync(organizationId, ct);
        if (!access.CanSee || !await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
        {
            await user.RecordRefusalAsync(organizationId, access, ct);
            return NotFound();
        }
        Response.Cookies.Append(CurrentUser.OrganizationCookie, organizationId.ToString("D"), new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
