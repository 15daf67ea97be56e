using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Organizations;

/// <summary>An organisation's members, and the invitation of new ones, for its Admins.</summary>
public sealed class MembersModel(EgideDb db, CurrentUser user, InviteMember.Handler invite) : PageModel
{
    public sealed record Member(string Name, string Email, string Roles, string State);

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public List<OrganizationRoles> Roles { get; set; } = [];

    public string Name { get; private set; } = "";

    public IReadOnlyList<Member> Members { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await Refusal(ct) ?? await ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await Refusal(ct) is { } refusal)
        {
            return refusal;
        }
        var roles = Roles.Aggregate(OrganizationRoles.None, (all, r) => all | r);
        var result = await invite.Handle(new InviteMember.Command(Id, Email ?? "", DisplayName ?? "", roles, User.Identity?.Name ?? ""), ct);
        if (result.IsSuccess)
        {
            TempData["Message"] = result.Value.NewAccount
                ? $"Invitation envoyée à {Email!.Trim()}."
                : $"{Email!.Trim()} avait déjà un compte : ses rôles sont maintenant {result.Value.Roles.French()}.";
            return Redirect($"/organisations/{Id}/membres");
        }
        ModelState.AddFailure(result.Failure!, prefix: null);
        return await ShowAsync(ct);
    }

    private Task<IActionResult?> Refusal(CancellationToken ct) => user.RefuseUnlessAdminAsync(this, Id, ct);

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Name = await db.Organizations.Where(o => o.Id == Id).Select(o => o.Name).SingleAsync(ct);
        var rows = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.DisplayName, u.Email, m.Roles, HasPassword = u.PasswordHash != null, u.TwoFactorEnabled })
            .ToListAsync(ct);
        Members = rows.OrderBy(r => TextSearch.Fold(r.DisplayName))
            .Select(r => new Member(r.DisplayName, r.Email ?? "", r.Roles.French(),
                !r.HasPassword ? "invitation en attente" : r.TwoFactorEnabled ? "actif, double authentification" : "actif"))
            .ToList();
        return Page();
    }
}
