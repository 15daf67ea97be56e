using System.Threading.RateLimiting;
using Egide.Core.Deadlines;
using Microsoft.AspNetCore.RateLimiting;

namespace Egide.Web.Features.Deadlines;

/// <summary>
/// GET (or HEAD) /calendrier/{secret}.ics: the feed a calendar application subscribes to. No session: the address is the key.
/// Unknown and revoked secrets get the same 404; the secret is neither logged nor written to the audit trail (the
/// hosting's request log, which names the path, is at Warning in appsettings.json).
/// </summary>
public static class CalendarApi
{
    /// <summary>Reads per client address and minute: far above what calendar applications poll, low enough to keep guessing and scraping slow.</summary>
    public const int ReadsPerMinute = 60;

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        // HEAD too: some calendar applications check the address that way before subscribing.
        app.MapMethods("/calendrier/{secret}.ics", [HttpMethods.Get, HttpMethods.Head], Read)
            .AllowAnonymous()
            .RequireRateLimiting(new FeedRateLimit())
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Read(string secret, HttpContext context, ReadCalendarFeed.Handler read, CancellationToken ct)
    {
        var result = await read.Handle(secret, ct);
        context.Response.Headers.CacheControl = "no-store";
        if (!result.IsSuccess)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Text(result.Value, "text/calendar; charset=utf-8", System.Text.Encoding.UTF8);
    }

    /// <summary>A fixed window per client address, on the application's rate limiter (UseRateLimiter in the pipeline).</summary>
    private sealed class FeedRateLimit : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(
                httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = ReadsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}
