using Egide.Core.Mail;
using Egide.Testing;
using Egide.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Egide.Web.Tests.Infrastructure;

/// <summary>The running web application sends the outbox by itself, and a failing pass does not stop it.</summary>
public sealed class OutboxWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RunningApp_MessageSaved_SentWithoutAnyCall(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database, settings: TestSmtp.Configuration(outboxIntervalSeconds: 1));
        _ = factory.Services; // starts the application, and with it the worker
        var to = TestSmtp.NewRecipient("worker");

        await EnqueueAsync(database, to);

        var mail = Assert.Single(await TestSmtp.WaitForAsync(to, timeout: TimeSpan.FromSeconds(20)));
        Assert.Equal("Nouvelle demande d'accès", mail.Subject);
        Assert.NotNull(await WaitForSentAtAsync(database, to));
        Assert.Single(TestSmtp.Received(to));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RunningApp_PassFails_LoggedAndTheNextPassSends(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var logs = new LogCollector();
        await using var factory = new EgideWebFactory(database,
            services: s => s.AddSingleton<ILoggerProvider>(logs),
            settings: TestSmtp.Configuration(outboxIntervalSeconds: 1));
        _ = factory.Services;

        // The table goes away under the running application: every pass fails.
        await RenameOutboxAsync(database, away: true);
        await WaitUntilAsync(() => logs.Entries.Any(IsFailedPass));
        var to = TestSmtp.NewRecipient("after-failure");
        await RenameOutboxAsync(database, away: false);
        await EnqueueAsync(database, to);

        Assert.Single(await TestSmtp.WaitForAsync(to, timeout: TimeSpan.FromSeconds(20)));
        Assert.NotNull(await WaitForSentAtAsync(database, to));
        Assert.Contains(logs.Entries, e => IsFailedPass(e) && e.Level == LogLevel.Error);
    }

    private static bool IsFailedPass(LogEntry entry) =>
        entry.Category == typeof(OutboxWorker).FullName && entry.Message.StartsWith("Outbox pass failed", StringComparison.Ordinal);

    private static async Task EnqueueAsync(TestDatabase database, string to)
    {
        await using var db = database.CreateDb();
        db.Enqueue(new MailDraft(to, "Nouvelle demande d'accès", "Une demande d'accès a été reçue : réponse attendue sous un mois."), TimeProvider.System);
        await db.SaveChangesAsync(Ct);
    }

    private static async Task RenameOutboxAsync(TestDatabase database, bool away)
    {
        await using var db = database.CreateDb();
        await db.Database.ExecuteSqlRawAsync(away
            ? "ALTER TABLE \"OutboxMessages\" RENAME TO \"OutboxMessagesAway\""
            : "ALTER TABLE \"OutboxMessagesAway\" RENAME TO \"OutboxMessages\"", Ct);
    }

    private static async Task<DateTime?> WaitForSentAtAsync(TestDatabase database, string to)
    {
        DateTime? sentAt = null;
        await WaitUntilAsync(async () =>
        {
            await using var db = database.CreateDb();
            sentAt = await db.OutboxMessages.Where(m => m.To == to).Select(m => m.SentAt).SingleAsync(Ct);
            return sentAt is not null;
        });
        return sentAt;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met within 20 s.");
            await Task.Delay(100, Ct);
        }
    }
}
