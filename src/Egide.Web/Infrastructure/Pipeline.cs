using Microsoft.AspNetCore.Diagnostics;

namespace Egide.Web.Infrastructure;

public static class Pipeline
{
    public static bool IsApi(this HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");

    public static WebApplication UseEgidePipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Sent on HTTPS responses only (the middleware skips plain HTTP), i.e. behind TLS.
            app.UseHsts();
        }

        // API callers get RFC 7807 problem details; people get the French error page.
        app.UseWhen(c => c.Request.IsApi(), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusOf });
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !c.Request.IsApi(), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/erreur", StatusCodeSelector = StatusOf });
            pages.UseStatusCodePagesWithReExecute("/erreur/{0}");
        });

        app.UseStaticFiles();
        app.UseRouting();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseSecondFactorEnrolment();
        app.UseCurrentOrganization();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>
    /// Points the request's database context at the organisation the person works in, so that every query on
    /// owned rows is scoped to it (see Tenancy). Without one, the context keeps seeing no owned row.
    /// </summary>
    private static void UseCurrentOrganization(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                var current = await context.RequestServices.GetRequiredService<CurrentUser>().CurrentOrganizationAsync(context.RequestAborted);
                if (current is not null)
                {
                    context.RequestServices.GetRequiredService<Egide.Core.Data.EgideDb>().UseOrganization(current.Id);
                }
            }
            await next(context);
        });

    private static int StatusOf(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        InvalidDataException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// Refuses a declared body over the limit before anything reads it: the endpoint's own limit (an upload page's
    /// [RequestSizeLimit]), else <see cref="WebServices.MaxRequestBodyBytes"/>. Kestrel enforces the same limit on
    /// bodies sent without a length; this check also holds where Kestrel is not the server.
    /// </summary>
    private static void UseRequestBodyLimit(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                ?? WebServices.MaxRequestBodyBytes;
            // A re-executed request (the error page) keeps the original headers: let it through.
            if (context.Request.ContentLength > limit
                && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }
            await next(context);
        });

    private static void UseSecurityHeaders(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy =
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
                    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next(context);
        });
}
