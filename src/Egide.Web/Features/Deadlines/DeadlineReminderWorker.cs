using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Requests;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Deadlines;

/// <summary>
/// Sends the deadline reminders (<see cref="DeadlineReminders"/>): a first pass shortly after start-up (what fell due
/// while the application was down), then one every 5 minutes, so that a 24-hour mark is told within minutes. Only the
/// organisations with an open request or a running CNIL clock are visited, each in its own scope and transaction.
/// Safe on several nodes: a reminder's key is unique; a node that loses the race saves nothing and sends nothing.
/// </summary>
internal sealed class DeadlineReminderWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DeadlineReminderWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>Lets the application finish starting (and its first requests go through) before the first pass.</summary>
    public static readonly TimeSpan FirstPassDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstPassDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(Interval, clock);
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the organisations with a deadline running; never throws except on cancellation.</summary>
    /// <returns>How many reminders were enqueued (by this node).</returns>
    internal async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<Guid> organizations;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EgideDb>();
            // Across organisations by name: which ones have a deadline running at all (OrganizationDeadlines' rules).
            var notified = db.BreachNotifications.IgnoreQueryFilters([Tenancy.FilterName]);
            var withRequests = db.RightsRequests.IgnoreQueryFilters([Tenancy.FilterName])
                .Where(r => r.Status == RightsRequestStatus.Received || r.Status == RightsRequestStatus.InProgress)
                .Select(r => r.OrganizationId);
            var withBreaches = db.DataBreaches.IgnoreQueryFilters([Tenancy.FilterName])
                .Where(b => b.ClosedAt == null && b.Decision != NotificationDecision.DoNotNotify
                    && !notified.Any(n => n.BreachId == b.Id))
                .Select(b => b.OrganizationId);
            organizations = await withRequests.Union(withBreaches).ToListAsync(ct);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            logger.LogError(e, "Deadline reminders could not list the organisations; next pass in {Interval}", Interval);
            return 0;
        }
        var enqueued = 0;
        foreach (var organization in organizations)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<EgideDb>().UseOrganization(organization);
                enqueued += await scope.ServiceProvider.GetRequiredService<DeadlineReminders.Handler>().Handle(ct);
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                logger.LogError(e, "Deadline reminders of {Organization} failed; next pass in {Interval}", organization, Interval);
            }
        }
        if (enqueued > 0)
        {
            logger.LogInformation("Deadline reminders: {Enqueued} mail(s) enqueued", enqueued);
        }
        return enqueued;
    }
}
