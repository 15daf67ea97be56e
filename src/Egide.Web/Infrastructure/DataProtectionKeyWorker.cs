using Egide.Core.Account;

namespace Egide.Web.Infrastructure;

/// <summary>
/// Once a day, makes the next Data Protection key when the last one expires within two weeks (start-up does it
/// too, in <see cref="Startup.PrepareDatabaseAsync"/>). Several instances may both make one: the ring then holds
/// two successors, which is harmless.
/// </summary>
internal sealed class DataProtectionKeyWorker(IServiceProvider services, TimeProvider clock, ILogger<DataProtectionKeyWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (DataProtectionKeyRing.EnsureAhead(services) is { } key)
                    {
                        logger.LogInformation("Data Protection key {Key} made, active from {Activation:u}", key.KeyId, key.ActivationDate);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The next Data Protection key could not be made; next try in {Interval}", Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
