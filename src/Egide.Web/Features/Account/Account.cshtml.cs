using Egide.Core.Account;
using Egide.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Account;

public sealed class AccountModel(UserManager<EgideUser> users, SignInManager<EgideUser> signIn, EgideDb db) : PageModel
{
    public sealed record MembershipLine(Guid Id, string Name, string Roles);

    public string DisplayName { get; private set; } = "";

    public string Email { get; private set; } = "";

    public bool TwoFactorEnabled { get; private set; }

    /// <summary>The platform administrator and organisations' Admins read the audit trail.</summary>
    public bool CanReadAudit { get; private set; }

    public IReadOnlyList<MembershipLine> Memberships { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        DisplayName = user.DisplayName;
        Email = user.Email ?? "";
        TwoFactorEnabled = user.TwoFactorEnabled;
        var rows = await db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { o.Id, o.Name, o.SearchName, m.Roles })
            .OrderBy(r => r.SearchName).ToListAsync(ct);
        Memberships = rows.Select(r => new MembershipLine(r.Id, r.Name, r.Roles.French())).ToList();
        CanReadAudit = user.IsPlatformAdmin || rows.Any(r => r.Roles.HasFlag(OrganizationRoles.Admin));
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is not null)
        {
            // Every other session's cookie carries the old stamp and is refused at its next check.
            await users.UpdateSecurityStampAsync(user);
        }
        await signIn.SignOutAsync();
        TempData["Message"] = "Toutes vos sessions sont fermées.";
        return Redirect("/connexion");
    }
}
