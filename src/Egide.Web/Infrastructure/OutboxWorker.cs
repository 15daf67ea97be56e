using Egide.Core.Configuration;
using Egide.Core.Mail;

namespace Egide.Web.Infrastructure;

/// <summary>
/// Sends the outbox: one pass at start (mail queued while the application was down), then one every
/// Smtp:OutboxIntervalSeconds, each in a new scope. A failed pass is logged and the next one tries again:
/// the host never stops because the database or the mail server is away. Idempotent by the outbox's claim
/// and SentAt, so several instances may run it on one database.
/// </summary>
internal sealed class OutboxWorker(
    IServiceScopeFactory scopes,
    EgideSettings settings,
    TimeProvider clock,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Smtp.OutboxInterval, clock);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a message being sent stays claimed and is taken again when the claim expires.
        }
    }

    /// <summary>One pass; never throws except on cancellation.</summary>
    internal async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(ct);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            logger.LogError(e, "Outbox pass failed; next pass in {Interval}", settings.Smtp.OutboxInterval);
        }
    }
}
