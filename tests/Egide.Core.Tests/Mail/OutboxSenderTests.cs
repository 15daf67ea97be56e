using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Mail;
using Egide.Testing;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using Xunit;

namespace Egide.Core.Tests.Mail;

/// <summary>Sending through the real SMTP server of ./test.sh, and reading back what arrived.</summary>
public sealed class OutboxSenderTests
{
    private const string Subject = "Demande d'accès n° 12 : réponse attendue avant le 20 décembre";
    private const string Body = "Bonjour,\n\nLa demande d'exercice du droit d'accès reçue le 20 novembre attend sa réponse.\n" +
        "Échéance : 20 décembre 2026 (un mois, article 12 du RGPD).\n\n— Égide, registre de la commune de Tilloy-lès-Mofflaines";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_SavedMessage_ArrivesOnceAndIsMarkedSent(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        var to = TestSmtp.NewRecipient("dpo");
        var id = await EnqueueAsync(database, clock, new MailDraft(to, Subject, Body));
        clock.Advance(TimeSpan.FromSeconds(3));

        await using (var db = database.CreateDb())
        {
            Assert.Equal(1, await Sender(database, db, TestSmtp.Settings(), clock).SendDueAsync(Ct));
        }

        var mail = Assert.Single(TestSmtp.Received(to));
        Assert.Equal(Subject, mail.Subject);
        Assert.Equal(Body, TextOf(mail));
        Assert.Null(mail.HtmlBody);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal("Egide", from.Name);
        Assert.Equal(TestSmtp.Sender, from.Address);
        Assert.Equal(to, Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal($"{id:N}.outbox@egide-test.example", mail.MessageId);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);

        await using (var read = database.CreateDb())
        {
            var message = await read.OutboxMessages.SingleAsync(Ct);
            Assert.Equal(clock.Now.UtcDateTime, message.SentAt);
            Assert.Equal(1, message.Attempts);
            Assert.Null(message.LastError);
            Assert.Null(message.ClaimedUntil);
            Assert.Null(message.ClaimedBy);
        }

        // Later passes, on this sender or a new one, send nothing more.
        clock.Advance(TimeSpan.FromHours(2));
        await using (var db = database.CreateDb())
        {
            var sender = Sender(database, db, TestSmtp.Settings(), clock);
            Assert.Equal(0, await sender.SendDueAsync(Ct));
            Assert.Equal(0, await sender.SendDueAsync(Ct));
        }
        Assert.Single(TestSmtp.Received(to));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_HtmlBody_SentWithItsTextAlternative(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        var to = TestSmtp.NewRecipient("referent");
        await EnqueueAsync(database, clock, new MailDraft(to, Subject, Body, "<p>Échéance : <strong>20 décembre</strong></p>"));

        await using (var db = database.CreateDb())
        {
            Assert.Equal(1, await Sender(database, db, TestSmtp.Settings(), clock).SendDueAsync(Ct));
        }

        var mail = Assert.Single(TestSmtp.Received(to));
        Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(Body, TextOf(mail));
        Assert.Contains("<strong>20 décembre</strong>", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_NotSavedOrRolledBack_NothingEverSent(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        var unsaved = TestSmtp.NewRecipient("unsaved");
        var rolledBack = TestSmtp.NewRecipient("rolledback");
        await using (var db = database.CreateDb())
        {
            db.Enqueue(new MailDraft(unsaved, Subject, Body), clock);
        }
        await using (var db = database.CreateDb())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.Enqueue(new MailDraft(rolledBack, Subject, Body), clock);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        clock.Advance(TimeSpan.FromDays(1));
        await using (var db = database.CreateDb())
        {
            Assert.Equal(0, await Sender(database, db, TestSmtp.Settings(), clock).SendDueAsync(Ct));
            Assert.False(await db.OutboxMessages.AnyAsync(Ct));
        }
        Assert.Empty(TestSmtp.Received(unsaved));
        Assert.Empty(TestSmtp.Received(rolledBack));
    }

    /// <summary>A password reset while the mail server is down: the mail is delayed, never lost, and sent once.</summary>
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_ServerDown_MailWaitsAndLeavesOnceTheServerIsBack(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        var start = clock.Now.UtcDateTime;
        var to = TestSmtp.NewRecipient("reset");
        const string resetSubject = "Réinitialisation de votre mot de passe Égide";
        const string resetBody = "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) : https://egide.example/compte/reinitialiser?jeton=SECRET-42\n";
        await EnqueueAsync(database, clock, new MailDraft(to, resetSubject, resetBody));
        var logs = new LogCollector();

        // 1. The server is down: the failure is recorded and the message waits for its back-off.
        await using (var db = database.CreateDb())
        {
            Assert.Equal(0, await Sender(database, db, TestSmtp.Down(), clock, logs).SendDueAsync(Ct));
        }
        var failed = await SingleMessageAsync(database);
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(start + OutboxSender.RetryDelay(1), failed.NextAttemptAt);
        Assert.Null(failed.ClaimedUntil);
        Assert.Null(failed.ClaimedBy);
        Assert.NotNull(failed.LastError);
        Assert.Contains("Exception", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-42", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(resetSubject, failed.LastError, StringComparison.Ordinal);

        // 2. Before its next attempt, the message is not retried, even though the server is back.
        clock.Advance(OutboxSender.RetryDelay(1) - TimeSpan.FromSeconds(1));
        await using (var db = database.CreateDb())
        {
            Assert.Equal(0, await Sender(database, db, TestSmtp.Settings(), clock, logs).SendDueAsync(Ct));
        }
        Assert.Equal(1, (await SingleMessageAsync(database)).Attempts);
        Assert.Empty(TestSmtp.Received(to));

        // 3. Down again at the next attempt: the back-off doubles.
        clock.Advance(TimeSpan.FromSeconds(1));
        await using (var db = database.CreateDb())
        {
            Assert.Equal(0, await Sender(database, db, TestSmtp.Down(), clock, logs).SendDueAsync(Ct));
        }
        var failedTwice = await SingleMessageAsync(database);
        Assert.Equal(2, failedTwice.Attempts);
        Assert.Equal(clock.Now.UtcDateTime + OutboxSender.RetryDelay(2), failedTwice.NextAttemptAt);
        Assert.Equal(TimeSpan.FromMinutes(2), OutboxSender.RetryDelay(2));

        // 4. The server is back and the time has come: the mail leaves, once.
        clock.Advance(OutboxSender.RetryDelay(2));
        await using (var db = database.CreateDb())
        {
            var sender = Sender(database, db, TestSmtp.Settings(), clock, logs);
            Assert.Equal(1, await sender.SendDueAsync(Ct));
            Assert.Equal(0, await sender.SendDueAsync(Ct));
        }
        var mail = Assert.Single(TestSmtp.Received(to));
        Assert.Equal(resetSubject, mail.Subject);
        Assert.Contains("jeton=SECRET-42", mail.TextBody, StringComparison.Ordinal);
        var sent = await SingleMessageAsync(database);
        Assert.Equal(clock.Now.UtcDateTime, sent.SentAt);
        Assert.Equal(3, sent.Attempts);

        // The logs said what happened, without the address, the subject or the body.
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("not sent", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("1 message(s) sent", StringComparison.Ordinal));
        Assert.All(logs.Entries, e =>
        {
            Assert.DoesNotContain(to, e.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SECRET-42", e.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Réinitialisation", e.Text, StringComparison.Ordinal);
        });
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_ServerDownWithSeveralDue_EachPostponedAndNoneLost(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        var recipients = Enumerable.Range(0, 3).Select(i => TestSmtp.NewRecipient($"down{i}")).ToList();
        await using (var db = database.CreateDb())
        {
            foreach (var to in recipients)
            {
                db.Enqueue(new MailDraft(to, Subject, Body), clock);
            }
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = database.CreateDb())
        {
            Assert.Equal(0, await Sender(database, db, TestSmtp.Down(), clock).SendDueAsync(Ct));
            Assert.All(await db.OutboxMessages.ToListAsync(Ct), m =>
            {
                Assert.Equal(1, m.Attempts);
                Assert.Equal(clock.Now.UtcDateTime + OutboxSender.RetryDelay(1), m.NextAttemptAt);
            });
        }

        clock.Advance(OutboxSender.RetryDelay(1));
        await using (var db = database.CreateDb())
        {
            Assert.Equal(3, await Sender(database, db, TestSmtp.Settings(), clock).SendDueAsync(Ct));
        }
        Assert.All(recipients, to => Assert.Single(TestSmtp.Received(to)));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_AuthenticationRefused_FailureRecordedWithoutThePassword(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        var to = TestSmtp.NewRecipient("auth");
        await EnqueueAsync(database, clock, new MailDraft(to, Subject, Body));
        // The test server offers no authentication: configuring an account makes every try fail.
        var withAccount = TestSmtp.Settings() with { Username = "egide", Password = "mot-de-passe-tres-secret" };

        await using (var db = database.CreateDb())
        {
            Assert.Equal(0, await Sender(database, db, withAccount, clock).SendDueAsync(Ct));
        }

        var message = await SingleMessageAsync(database);
        Assert.Equal(1, message.Attempts);
        Assert.NotNull(message.LastError);
        Assert.DoesNotContain("mot-de-passe-tres-secret", message.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("accès", message.LastError, StringComparison.Ordinal);
        Assert.Empty(TestSmtp.Received(to));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_TwoSendersAtOnce_EachMessageArrivesExactlyOnce(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        // More than a batch, so that both senders read overlapping batches and race for the same rows.
        var recipients = Enumerable.Range(0, OutboxSender.BatchSize + 10).Select(i => TestSmtp.NewRecipient($"node{i}")).ToList();
        await using (var db = database.CreateDb())
        {
            foreach (var to in recipients)
            {
                db.Enqueue(new MailDraft(to, Subject, Body), clock);
            }
            await db.SaveChangesAsync(Ct);
        }

        // Two nodes: each with its own context (its own connection) on the same database.
        await using var first = database.CreateDb();
        await using var second = database.CreateDb();
        var nodes = new[] { first, second }.Select(db => Sender(database, db, TestSmtp.Settings(), clock)).ToList();
        using var go = new ManualResetEventSlim();
        var passes = nodes.Select(node => Task.Run(async () =>
        {
            go.Wait(Ct);
            return await node.SendDueAsync(Ct);
        }, Ct)).ToList();
        go.Set();
        var sent = await Task.WhenAll(passes);

        TestContext.Current.SendDiagnosticMessage($"SPLIT {provider}: {string.Join(',', sent)}");
        Console.WriteLine($"SPLIT {provider}: {string.Join(',', sent)}");
        Assert.Equal(recipients.Count, sent.Sum());
        Assert.All(recipients, to => Assert.Single(TestSmtp.Received(to)));
        await using var read = database.CreateDb();
        Assert.All(await read.OutboxMessages.ToListAsync(Ct), m =>
        {
            Assert.NotNull(m.SentAt);
            Assert.Equal(1, m.Attempts);
        });
    }

    /// <summary>A node that crashed while sending leaves its claim: the message waits for the claim to expire, then leaves.</summary>
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_ClaimedByAnotherSender_LeftAloneUntilTheClaimExpires(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        var to = TestSmtp.NewRecipient("claimed");
        var id = await EnqueueAsync(database, clock, new MailDraft(to, Subject, Body));
        await using (var db = database.CreateDb())
        {
            DateTime? until = clock.Now.UtcDateTime + OutboxSender.ClaimDuration;
            await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ClaimedUntil, until)
                .SetProperty(m => m.ClaimedBy, "autre-noeud/1/crashed"), Ct);
        }

        clock.Advance(OutboxSender.ClaimDuration - TimeSpan.FromSeconds(1));
        await using (var db = database.CreateDb())
        {
            Assert.Equal(0, await Sender(database, db, TestSmtp.Settings(), clock).SendDueAsync(Ct));
        }
        Assert.Empty(TestSmtp.Received(to));

        clock.Advance(TimeSpan.FromSeconds(2));
        await using (var db = database.CreateDb())
        {
            Assert.Equal(1, await Sender(database, db, TestSmtp.Settings(), clock).SendDueAsync(Ct));
        }
        Assert.Single(TestSmtp.Received(to));
        Assert.Null((await SingleMessageAsync(database)).ClaimedBy);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_SameKeyEnqueuedTwice_OneMail(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        var to = TestSmtp.NewRecipient("keyed");
        var draft = new MailDraft(to, Subject, Body, Key: "reminder:request:123:7d");
        await using (var db = database.CreateDb())
        {
            db.Enqueue(draft, clock);
            db.Enqueue(draft, clock);
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = database.CreateDb())
        {
            db.Enqueue(draft, clock);
            Assert.True(DbErrors.IsUniqueViolation(await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct))));
        }

        await using (var db = database.CreateDb())
        {
            Assert.Equal(1, await Sender(database, db, TestSmtp.Settings(), clock).SendDueAsync(Ct));
        }
        Assert.Single(TestSmtp.Received(to));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SendDueAsync_NoSmtpHost_NothingSentAndTheMessageWaits(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = TestClock.At(2026, 11, 23, 9);
        await EnqueueAsync(database, clock, new MailDraft(TestSmtp.NewRecipient("nohost"), Subject, Body));

        await using (var db = database.CreateDb())
        {
            Assert.Equal(0, await Sender(database, db, database.Settings.Smtp, clock).SendDueAsync(Ct));
        }

        var message = await SingleMessageAsync(database);
        Assert.Null(message.SentAt);
        Assert.Equal(0, message.Attempts);
        Assert.Null(message.LastError);
        Assert.Equal(clock.Now.UtcDateTime, message.NextAttemptAt);
    }

    [Theory]
    [InlineData(SmtpSecurity.Auto, SecureSocketOptions.Auto)]
    [InlineData(SmtpSecurity.None, SecureSocketOptions.None)]
    [InlineData(SmtpSecurity.StartTls, SecureSocketOptions.StartTls)]
    [InlineData(SmtpSecurity.SslOnConnect, SecureSocketOptions.SslOnConnect)]
    public void SocketOptions_EachSetting_MapsToMailKit(SmtpSecurity security, SecureSocketOptions expected) =>
        Assert.Equal(expected, OutboxSender.SocketOptions(security));

    /// <summary>The plain-text body as written: line ends normalised (SMTP sends CRLF), the trailing one dropped.</summary>
    private static string TextOf(MimeMessage mail) => (mail.TextBody ?? "").ReplaceLineEndings("\n").TrimEnd('\n');

    private static OutboxSender Sender(TestDatabase database, EgideDb db, SmtpSettings smtp, TimeProvider clock, LogCollector? logs = null) =>
        new(db, database.Settings with { Smtp = smtp }, clock, logs?.For<OutboxSender>());

    private static async Task<Guid> EnqueueAsync(TestDatabase database, TimeProvider clock, MailDraft draft)
    {
        await using var db = database.CreateDb();
        var id = db.Enqueue(draft, clock).Id;
        await db.SaveChangesAsync(Ct);
        return id;
    }

    private static async Task<OutboxMessage> SingleMessageAsync(TestDatabase database)
    {
        await using var db = database.CreateDb();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(Ct);
    }
}
