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
    /// <summary>The cookie that remembers which organisation the person works in (an id; checked on every request).</summary>
    public const string OrganizationCookie = "egide_org";

    private Dictionary<Guid, OrganizationRoles>? _memberships;
    private CurrentOrganization? _current;
    private bool _currentResolved;

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

    /// <summary>
    /// The organisation the person works in: the one chosen with the switcher (the cookie), if the person still
    /// sees it; otherwise, the first of their organisations by name; with an API token, the token's. Null when the
    /// person has none (e.g. a platform administrator who has not chosen one): module pages then show nothing.
    /// </summary>
    public async Task<CurrentOrganization?> CurrentOrganizationAsync(CancellationToken ct)
    {
        if (_currentResolved)
        {
            return _current;
        }
        _currentResolved = true;
        if (Id is null)
        {
            return null;
        }
        var memberships = await MembershipsAsync(ct);
        var chosen = TokenScope?.Organization
            ?? (Guid.TryParse(http.HttpContext?.Request.Cookies[OrganizationCookie], out var cookie) ? cookie : null);
        if (chosen is { } id && (memberships.ContainsKey(id) || (IsPlatformAdmin && TokenScope is null)))
        {
            var name = await db.Organizations.AsNoTracking().Where(o => o.Id == id).Select(o => o.Name).FirstOrDefaultAsync(ct);
            if (name is not null)
            {
                return _current = new CurrentOrganization(id, name, memberships.GetValueOrDefault(id));
            }
        }
        if (memberships.Count == 0)
        {
            return null;
        }
        var first = await db.Organizations.AsNoTracking().Where(o => memberships.Keys.Contains(o.Id))
            .OrderBy(o => o.SearchName).Select(o => new { o.Id, o.Name }).FirstAsync(ct);
        return _current = new CurrentOrganization(first.Id, first.Name, memberships[first.Id]);
    }

    /// <summary>
    /// The person as the register's use cases see them: their roles in the organisation they work in (none for a
    /// platform administrator who is not a member). Null without a current organisation.
    /// </summary>
    public async Task<Egide.Core.Privacy.Register.RegisterActor?> RegisterActorAsync(CancellationToken ct) =>
        await CurrentOrganizationAsync(ct) is { } current
            ? new Egide.Core.Privacy.Register.RegisterActor(Id, Principal.Identity?.Name ?? "", current.Roles)
            : null;

    /// <summary>The person as the register's use cases see them in <paramref name="organizationId"/> (an API route's organisation).</summary>
    public async Task<Egide.Core.Privacy.Register.RegisterActor> RegisterActorInAsync(Guid organizationId, CancellationToken ct) =>
        new(Id, Principal.Identity?.Name ?? "", (await MembershipsAsync(ct)).GetValueOrDefault(organizationId));

    /// <summary>The person's organisations with their names, by name (for the switcher).</summary>
    public async Task<IReadOnlyList<CurrentOrganization>> OrganizationsAsync(CancellationToken ct)
    {
        var memberships = await MembershipsAsync(ct);
        if (memberships.Count == 0)
        {
            return [];
        }
        var names = await db.Organizations.AsNoTracking().Where(o => memberships.Keys.Contains(o.Id))
            .OrderBy(o => o.SearchName).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        return names.Select(o => new CurrentOrganization(o.Id, o.Name, memberships[o.Id])).ToList();
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

/// <param name="Roles">The person's roles there; none for a platform administrator who is not a member.</param>
public sealed record CurrentOrganization(Guid Id, string Name, OrganizationRoles Roles);
