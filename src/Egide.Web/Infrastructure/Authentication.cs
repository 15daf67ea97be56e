using System.Security.Claims;
using System.Threading.RateLimiting;
using Egide.Core.Account;
using Egide.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Egide.Web.Infrastructure;

public static class EgideClaims
{
    public const string PlatformAdmin = "egide:platform-admin";

    /// <summary>Set while a person whose roles require a second factor has not enrolled one yet.</summary>
    public const string SecondFactorMissing = "egide:second-factor-missing";
}

public static class Policies
{
    public const string PlatformAdmin = "PlatformAdmin";
    public const string SignIn = "sign-in";

    /// <summary>
    /// A signed-in person with a session cookie; a bearer token is not enough. For pages that manage the
    /// tokens themselves, which a token must not reach: a token scoped to reading one organisation could
    /// otherwise create a broader one.
    /// </summary>
    public const string SessionOnly = "session-only";
}

public static class Authentication
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    private const string SessionOrToken = "SessionOrToken";

    public const int SignInAttemptsPerWindow = 60;

    public static IServiceCollection AddEgideAuthentication(this IServiceCollection services)
    {
        new IdentityBuilder(typeof(EgideUser), services).AddSignInManager().AddClaimsPrincipalFactory<EgideClaimsFactory>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SessionOrToken;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            // An API request with a bearer token is judged by its token alone; any other by the session cookie.
            // Tokens open the API only: on pages a leaked token must not reach forms (new tokens, sign-out everywhere…).
            .AddPolicyScheme(SessionOrToken, null, o => o.ForwardDefaultSelector = c =>
                c.Request.IsApi() && ApiTokenAuthenticationHandler.HasBearerToken(c)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "egide.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = IdleTimeout; // sliding: the session ends after this much idleness
            o.SlidingExpiration = true;
            o.LoginPath = "/connexion";
            o.LogoutPath = "/deconnexion";
            o.AccessDeniedPath = "/acces-refuse";
            o.ReturnUrlParameter = "retour";
            // Keep Identity's events (they check the security stamp); API callers get a status, not a redirect.
            o.Events.OnRedirectToLogin = c => ApiOr(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiOr(c, StatusCodes.Status403Forbidden);
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "egide.2fa";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        // Signing out everywhere changes the security stamp; other sessions notice within this interval.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorization(o =>
        {
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            o.AddPolicy(Policies.PlatformAdmin, p => p.RequireAuthenticatedUser().RequireClaim(EgideClaims.PlatformAdmin, "true"));
            o.AddPolicy(Policies.SessionOnly, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser());
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Attempts (posts) per address: a town hall behind one public address still signs in at 9 o'clock,
            // while password guessing is slowed; per-account lockout stops guessing on one account.
            o.AddPolicy(Policies.SignIn, c => HttpMethods.IsPost(c.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    c.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInAttemptsPerWindow, Window = TimeSpan.FromMinutes(5), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
        });
        services.AddScoped<CurrentUser>();
        return services;
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.IsApi())
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Until a person who must use a second factor has enrolled one, every page leads to the enrolment.</summary>
    public static void UseSecondFactorEnrolment(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.User.HasClaim(EgideClaims.SecondFactorMissing, "true")
                && !path.StartsWithSegments("/compte/double-authentification")
                && !path.StartsWithSegments("/deconnexion")
                && !path.StartsWithSegments("/erreur"))
            {
                if (context.Request.IsApi())
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }
                context.Response.Redirect("/compte/double-authentification");
                return;
            }
            await next(context);
        });
}

/// <summary>Adds what authorisation needs to the signed-in person's claims (recomputed at each security-stamp check).</summary>
public sealed class EgideClaimsFactory(UserManager<EgideUser> users, IOptions<IdentityOptions> options, EgideDb db)
    : UserClaimsPrincipalFactory<EgideUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(EgideUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        // The person's name rather than the login (Identity puts the user name there).
        if (identity.FindFirst(ClaimTypes.Name) is { } login)
        {
            identity.RemoveClaim(login);
        }
        identity.AddClaim(new Claim(ClaimTypes.Name, user.DisplayName));
        if (user.IsPlatformAdmin)
        {
            identity.AddClaim(new Claim(EgideClaims.PlatformAdmin, "true"));
        }
        if (!user.TwoFactorEnabled && await SecondFactorRequired(user))
        {
            identity.AddClaim(new Claim(EgideClaims.SecondFactorMissing, "true"));
        }
        return identity;
    }

    private async Task<bool> SecondFactorRequired(EgideUser user) =>
        user.IsPlatformAdmin
        || (await db.Memberships.Where(m => m.UserId == user.Id).Select(m => m.Roles).ToListAsync())
            .Any(r => (r & OrganizationRoleNames.RequireSecondFactor) != 0);
}
