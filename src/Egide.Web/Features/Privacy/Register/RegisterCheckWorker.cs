using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>
/// Re-runs the register rules of every organisation that keeps a register, once an hour: some alerts come with the
/// calendar alone (a review due after 12 months, a draft left for 3). Each organisation in its own scope and
/// transaction; safe on several nodes, since an open alert is unique per rule and subject (the second node's
/// insert fails and is skipped, no mail is sent twice). It also deletes the import files left over a day.
/// </summary>
internal sealed class RegisterCheckWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RegisterCheckWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over all organisations; never throws except on cancellation.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await Egide.Core.Privacy.Register.Exchange.PurgeImportUploads.RunAsync(scope.ServiceProvider.GetRequiredService<EgideDb>(), clock, ct);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            logger.LogError(e, "Import files left over could not be deleted; next pass in {Interval}", Interval);
        }
        List<Guid> organizations;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EgideDb>();
            // Across organisations by name: which ones keep a register at all.
            organizations = await db.ProcessingActivities.IgnoreQueryFilters([Tenancy.FilterName])
                .Select(a => a.OrganizationId).Distinct().ToListAsync(ct);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            logger.LogError(e, "Register check could not list the organisations; next pass in {Interval}", Interval);
            return 0;
        }
        var raised = 0;
        foreach (var organization in organizations)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<EgideDb>().UseOrganization(organization);
                raised += await scope.ServiceProvider.GetRequiredService<CheckRegister.Handler>().Handle(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                logger.LogInformation("Register check of {Organization} skipped: another node raised the same alerts", organization);
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                logger.LogError(e, "Register check of {Organization} failed; next pass in {Interval}", organization, Interval);
            }
        }
        return raised;
    }
}
