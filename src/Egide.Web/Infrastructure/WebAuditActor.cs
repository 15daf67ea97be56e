using System.Security.Claims;
using Egide.Core.Audit;

namespace Egide.Web.Infrastructure;

/// <summary>
/// Who the audit trail names for what a request saves: the signed-in person, through the web or through
/// one of their API tokens. Outside a request (start-up, demo data) Egide itself acts.
/// </summary>
internal sealed class WebAuditActor(IHttpContextAccessor accessor) : IAuditActor
{
    public Guid? UserId =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string Name => accessor.HttpContext switch
    {
        null => SystemAuditActor.SystemName,
        { User.Identity: { IsAuthenticated: true, Name: { Length: > 0 } name } } => name,
        _ => AuditEvent.AnonymousName,
    };

    public string? Via => accessor.HttpContext switch
    {
        null => "web",
        { User: var user } when user.FindFirstValue(ApiTokenAuthenticationHandler.TokenIdClaim) is { } token => $"api-token:{token}",
        { Request: var request } when request.IsApi() => "api",
        _ => "web",
    };
}
