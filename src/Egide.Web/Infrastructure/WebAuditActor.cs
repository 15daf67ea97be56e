using Egide.Core.Audit;

namespace Egide.Web.Infrastructure;

/// <summary>
/// Who the audit trail names for what a request saves. There are no accounts yet, so nobody is signed in:
/// the trail says "anonyme". Outside a request (start-up, demo data) Egide itself acts.
/// </summary>
// TODO(identity): the signed-in person (UserId, display name), and Via = "api-token:<id>" for API tokens.
internal sealed class WebAuditActor(IHttpContextAccessor accessor) : IAuditActor
{
    public Guid? UserId => null;

    public string Name => accessor.HttpContext switch
    {
        null => SystemAuditActor.SystemName,
        { User.Identity: { IsAuthenticated: true, Name: { Length: > 0 } name } } => name,
        _ => AuditEvent.AnonymousName,
    };

    public string? Via => accessor.HttpContext switch
    {
        null => "web",
        { Request: var request } when request.IsApi() => "api",
        _ => "web",
    };
}
