using System.Security.Claims;
using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Infrastructure;

/// <summary>
/// Who is asking, and through which memberships: the one place pages and endpoints ask
/// "may this person see or change this organisation?".
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, EgideDb db)
{
    private Dictionary<Guid, OrganizationRoles>? _memberships;

    private ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public Guid? Id => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public bool IsPlatformAdmin => Principal.HasClaim(EgideClaims.PlatformAdmin, "true");

    /// <summary>Set when the request comes with a personal access token: one organisation, some roles.</summary>
    private (Guid Organization, OrganizationRoles Roles)? TokenScope =>
        Guid.TryParse(Principal.FindFirstValue(ApiTokenAuthenticationHandler.TokenOrganizationClaim), out var organization)
        && int.TryParse(Principal.FindFirstValue(ApiTokenAuthenticationHandler.TokenRolesClaim), out var roles)
            ? (organization, (OrganizationRoles)roles)
            : null;

    public async Task<IReadOnlyDictionary<Guid, OrganizationRoles>> MembershipsAsync(CancellationToken ct)
    {
        if (_memberships is null)
        {
            var id = Id;
            _memberships = id is null
                ? []
                : await db.Memberships.AsNoTracking().Where(m => m.UserId == id).ToDictionaryAsync(m => m.OrganizationId, m => m.Roles, ct);
            if (TokenScope is { } scope)
            {
                // A token reaches its own organisation only, with the roles it was given that the person still holds.
                _memberships = _memberships.TryGetValue(scope.Organization, out var held) && (held & scope.Roles) != 0
                    ? new Dictionary<Guid, OrganizationRoles> { [scope.Organization] = held & scope.Roles }
                    : [];
            }
        }
        return _memberships;
    }

    /// <summary>
    /// Writes down a refused attempt on an organisation (someone else's id in a URL, an action the roles do
    /// not allow): refusals are what an auditor looks for first.
    /// </summary>
    public async Task RecordRefusalAsync(Guid organizationId, OrganizationAccess access, CancellationToken ct)
    {
        var request = http.HttpContext?.Request;
        AuditTrail.Record(db, new AuditEvent(AuditActions.AccessRefused)
        {
            EntityType = "Organization",
            EntityId = organizationId.ToString("D"),
            OrganizationId = organizationId,
            Details = new Dictionary<string, object?>
            {
                ["Request"] = request is null ? null : $"{request.Method} {request.Path}",
                ["Reason"] = access.CanSee ? "rôle insuffisant" : "organisme d'une autre collectivité ou inexistant",
            },
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// For pages that change an organisation: null when this person is its Admin (or platform administrator);
    /// otherwise the refusal, recorded — 404 for someone else's organisation, 403 for a member without the role.
    /// </summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult?> RefuseUnlessAdminAsync(
        Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, Guid organizationId, CancellationToken ct)
    {
        var access = await AccessToAsync(organizationId, ct);
        if (access.CanEdit)
        {
            return null;
        }
        await RecordRefusalAsync(organizationId, access, ct);
        return !access.CanSee ? page.NotFound() : page.Forbid();
    }

    /// <summary>The ids of the organisations this person sees; null means all (platform administrator).</summary>
    public async Task<IReadOnlyCollection<Guid>?> VisibleOrganizationsAsync(CancellationToken ct) =>
        IsPlatformAdmin ? null : (await MembershipsAsync(ct)).Keys.ToList();

    /// <summary>What this person may do with an organisation; fails closed (no id, no membership: nothing).</summary>
    public async Task<OrganizationAccess> AccessToAsync(Guid organizationId, CancellationToken ct)
    {
        if (IsPlatformAdmin)
        {
            return new OrganizationAccess(CanSee: true, CanEdit: true);
        }
        var memberships = await MembershipsAsync(ct);
        return memberships.TryGetValue(organizationId, out var roles)
            ? new OrganizationAccess(CanSee: true, CanEdit: roles.HasFlag(OrganizationRoles.Admin))
            : new OrganizationAccess(CanSee: false, CanEdit: false);
    }
}

public readonly record struct OrganizationAccess(bool CanSee, bool CanEdit);
