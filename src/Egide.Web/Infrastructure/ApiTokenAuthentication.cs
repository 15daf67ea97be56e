using System.Security.Claims;
using System.Text.Encodings.Web;
using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Egide.Web.Infrastructure;

/// <summary>"Authorization: Bearer egd_…": a personal access token, checked against its hash at every request.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, EgideDb db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "egide:token";
    public const string TokenOrganizationClaim = "egide:token-organization";
    public const string TokenRolesClaim = "egide:token-roles";

    /// <summary>LastUsedAt is written at most this often, so that reads do not each cost a write.</summary>
    private static readonly TimeSpan UsageResolution = TimeSpan.FromMinutes(5);

    public static bool HasBearerToken(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return AuthenticateResult.Fail("malformed token");
        }
        var hash = ApiToken.Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("unknown token");
        }
        if (!token.IsActive(now))
        {
            // A revoked or expired token still presented: someone holds a secret that should be dead.
            AuditTrail.Record(db, new AuditEvent(AuditActions.AccessRefused)
            {
                EntityType = "ApiToken",
                EntityId = token.Id.ToString("D"),
                OrganizationId = token.OrganizationId,
                Details = new Dictionary<string, object?>
                {
                    ["Request"] = $"{Request.Method} {Request.Path}",
                    ["Reason"] = token.RevokedAt is null ? "jeton expiré" : "jeton révoqué",
                },
            });
            await db.SaveChangesAsync(Context.RequestAborted);
            return AuthenticateResult.Fail("expired or revoked token");
        }
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == token.UserId, Context.RequestAborted);
        if (user is null || (user.LockoutEnd is { } end && end > clock.GetUtcNow()))
        {
            return AuthenticateResult.Fail("person locked out or removed");
        }
        if (token.LastUsedAt is null || now - token.LastUsedAt > UsageResolution)
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }
        if (!HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method) && !HttpMethods.IsOptions(Request.Method))
        {
            // Written with whatever the request then saves: its change, or the record of its refusal.
            AuditTrail.Record(db, AuditEvent.TokenUsed(token.Id, user.Id, user.DisplayName, Request.Method, Request.Path, token.OrganizationId));
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(TokenIdClaim, token.Id.ToString()),
            new Claim(TokenOrganizationClaim, token.OrganizationId.ToString()),
            new Claim(TokenRolesClaim, ((int)token.Roles).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
