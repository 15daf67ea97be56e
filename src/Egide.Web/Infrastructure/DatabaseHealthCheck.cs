using Egide.Core.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Egide.Web.Infrastructure;

internal sealed class DatabaseHealthCheck(EgideDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("database unreachable");
}
