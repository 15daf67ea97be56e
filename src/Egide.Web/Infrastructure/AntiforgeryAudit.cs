using Egide.Core.Audit;
using Egide.Core.Data;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace Egide.Web.Infrastructure;

/// <summary>A form posted without its antiforgery token is refused by the framework; this writes the refusal down.</summary>
internal sealed class AntiforgeryAudit(EgideDb db) : IAsyncAlwaysRunResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            AuditTrail.Record(db, new AuditEvent(AuditActions.AccessRefused)
            {
                Details = new Dictionary<string, object?>
                {
                    ["Request"] = $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}",
                    ["Reason"] = "jeton anti-falsification absent ou invalide",
                },
            });
            await db.SaveChangesAsync(context.HttpContext.RequestAborted);
        }
        await next();
    }
}
