using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Account;

/// <summary>
/// The signed-in person's own API tokens: the list, the creation (the secret is in the answer to the post, once,
/// and nowhere else) and the revocation, through the same use cases as the CLI.
/// </summary>
[Authorize(Policy = Policies.SessionOnly)]
public sealed class TokensModel(
    EgideDb db, CurrentUser user, CreateApiToken.Handler create, RevokeApiToken.Handler revoke, TimeProvider clock) : PageModel
{
    public const int DefaultLifetimeDays = 90;

    public const string CopyNowWarning = "Copiez ce jeton maintenant : il ne sera plus jamais affiché.";

    public sealed record TokenLine(
        Guid Id, string Name, string Organization, string Roles, string Hint,
        DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, string State, bool IsActive);

    public sealed record CreatedToken(string Name, string Secret, DateTime ExpiresAt);

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public Guid? OrganizationId { get; set; }

    [BindProperty]
    public List<OrganizationRoles> Roles { get; set; } = [];

    [BindProperty]
    public int? LifetimeDays { get; set; } = DefaultLifetimeDays;

    public IReadOnlyList<TokenLine> Tokens { get; private set; } = [];

    /// <summary>The person's memberships only: a token acts in one of them.</summary>
    public IReadOnlyList<SelectListItem> OrganizationItems { get; private set; } = [];

    /// <summary>Set in the answer to a successful creation only.</summary>
    public CreatedToken? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        user.Id is { } userId ? await ShowAsync(userId, ct) : Challenge();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (user.Id is not { } userId)
        {
            return Challenge();
        }
        // A number or a role that does not parse is reported as such; the use case is not called with a guess.
        if (ModelState.IsValid)
        {
            var roles = Roles.Aggregate(OrganizationRoles.None, (all, r) => all | r);
            var result = await create.Handle(
                new CreateApiToken.Command(userId, OrganizationId ?? Guid.Empty, Name ?? "", roles, LifetimeDays ?? 0), ct);
            if (result.IsSuccess)
            {
                Created = new CreatedToken(Name!.Trim(), result.Value.Secret, result.Value.ExpiresAt);
                // The secret is in this answer only: no cache may keep it (the value antiforgery also sets).
                Response.Headers.CacheControl = "no-cache, no-store";
                Response.Headers.Pragma = "no-cache";
                ModelState.Clear();
                (Name, Roles, LifetimeDays) = (null, [], DefaultLifetimeDays);
                return await ShowAsync(userId, ct);
            }
            if (result.Failure is NotFoundFailure)
            {
                if (OrganizationId is { } organizationId && organizationId != Guid.Empty)
                {
                    // The list offers the person's own organisations only: another one comes from a forged form.
                    await user.RecordRefusalAsync(organizationId, await user.AccessToAsync(organizationId, ct), ct);
                }
                ModelState.AddModelError(nameof(OrganizationId), OrganizationId is null
                    ? "Choisissez l'organisme où le jeton agira."
                    : "Vous n'êtes pas membre de cet organisme : choisissez l'un des vôtres.");
            }
            else
            {
                ModelState.AddFailure(result.Failure!, prefix: null);
            }
        }
        return await ShowAsync(userId, ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid? tokenId, CancellationToken ct)
    {
        if (user.Id is not { } userId)
        {
            return Challenge();
        }
        // Only the person's own token: someone else's id is answered as if it did not exist.
        var result = tokenId is { } id ? await revoke.Handle(id, userId, ct) : default(Result<ApiToken>?);
        if (result is not { IsSuccess: true } revoked)
        {
            AuditTrail.Record(db, new AuditEvent(AuditActions.AccessRefused)
            {
                EntityType = "ApiToken",
                EntityId = tokenId?.ToString("D"),
                Details = new Dictionary<string, object?>
                {
                    ["Request"] = $"{Request.Method} {Request.Path}",
                    ["Reason"] = "jeton d'une autre personne ou inexistant",
                },
            });
            await db.SaveChangesAsync(ct);
            return NotFound();
        }
        TempData["Message"] = $"Jeton « {revoked.Value.Name} » révoqué : il ne donne plus accès à l'API.";
        return Redirect("/compte/jetons");
    }

    private async Task<IActionResult> ShowAsync(Guid userId, CancellationToken ct)
    {
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { o.Id, o.Name, o.SearchName, m.Roles })
            .OrderBy(r => r.SearchName).ToListAsync(ct);
        // The roles held are in the option's text: the checkboxes list all roles, whichever organisation is chosen.
        OrganizationItems = memberships
            .Select(m => new SelectListItem($"{m.Name} (vos rôles : {m.Roles.French()})", m.Id.ToString()))
            .ToList();

        // Projected column by column: the secret's hash does not leave the database.
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .Join(db.Organizations, t => t.OrganizationId, o => o.Id,
                (t, o) => new { t.Id, t.Name, Organization = o.Name, t.Roles, t.Hint, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt })
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Tokens = rows
            .OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .Select(t => new TokenLine(
                t.Id, t.Name, t.Organization, t.Roles.French(), t.Hint, t.CreatedAt, t.ExpiresAt, t.LastUsedAt,
                ApiToken.FrenchState(t.RevokedAt, t.ExpiresAt, now), ApiToken.IsActive(t.RevokedAt, t.ExpiresAt, now)))
            .ToList();
        return Page();
    }
}
