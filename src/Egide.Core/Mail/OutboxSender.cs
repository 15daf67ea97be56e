using Egide.Core.Configuration;
using Egide.Core.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using MimeKit.Text;

namespace Egide.Core.Mail;

/// <summary>
/// Sends the outbox's due messages over SMTP. Several senders may run at once (two application
/// instances on one database, or two passes in one): each message is first claimed by a conditional
/// UPDATE that only one of them can win, so none is sent twice, and it is marked sent at once.
/// The one gap SMTP leaves — a crash after the server accepted a mail and before it is marked — resends it
/// when the claim expires, with the same Message-Id, so that the copy is recognisable.
/// </summary>
public sealed class OutboxSender
{
    /// <summary>Messages read per query; a pass reads batches until nothing is due.</summary>
    public const int BatchSize = 20;

    /// <summary>How long a claim holds a message: far longer than one SMTP exchange (<see cref="SmtpTimeout"/>).</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    private const int MaxBatchesPerPass = 50;
    private static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(60);
    private static int _warnedNotConfigured;

    private readonly EgideDb _db;
    private readonly SmtpSettings _smtp;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string _instance;

    public OutboxSender(EgideDb db, EgideSettings settings, TimeProvider clock, ILogger<OutboxSender>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _db = db;
        _smtp = settings.Smtp;
        _clock = clock;
        _logger = logger ?? NullLogger<OutboxSender>.Instance;
        var instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        _instance = instance.Length <= OutboxMessage.ClaimedByMaxLength ? instance : instance[^OutboxMessage.ClaimedByMaxLength..];
    }

    /// <summary>
    /// The wait before the next try after <paramref name="failedAttempts"/> failures: 1, 2, 4, 8, 16, 32 minutes,
    /// then every hour. A server back within minutes costs minutes; a long outage costs one try an hour.
    /// </summary>
    public static TimeSpan RetryDelay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(failedAttempts - 1, 10));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    /// <summary>
    /// Sends every message that is due and not held by another sender; returns how many were sent. A failure
    /// is recorded on its message (attempts, error, next try after the back-off) and does not stop the others.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        if (_smtp.Host is not { } host)
        {
            await WarnNotConfiguredAsync(ct);
            return 0;
        }

        using var client = new SmtpClient { Timeout = (int)SmtpTimeout.TotalMilliseconds };
        var sent = 0;
        var failed = 0;
        string? failure = null;
        Exception? unreachable = null; // the server could not be reached: the pass's other messages wait too
        try
        {
            for (var batch = 0; batch < MaxBatchesPerPass; batch++)
            {
                var now = Now();
                var due = await _db.OutboxMessages.AsNoTracking()
                    .Where(m => m.SentAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                    .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                    .Select(m => m.Id)
                    .Take(BatchSize)
                    .ToListAsync(ct);
                foreach (var id in due)
                {
                    if (!await TryClaimAsync(id, ct))
                    {
                        continue; // another sender has it, or has just sent it
                    }
                    var message = await _db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);
                    var error = unreachable;
                    if (error is null)
                    {
                        try
                        {
                            await ConnectAsync(client, host, ct);
                        }
                        catch (Exception e) when (!IsCancellation(e, ct))
                        {
                            unreachable = error = e;
                        }
                    }
                    if (error is null)
                    {
                        try
                        {
                            await client.SendAsync(Compose(message), ct);
                        }
                        catch (Exception e) when (!IsCancellation(e, ct))
                        {
                            error = e;
                        }
                    }
                    // Recorded even when the host is stopping: the server's answer is known and must not be lost.
                    if (error is null)
                    {
                        await MarkSentAsync(id);
                        sent++;
                    }
                    else
                    {
                        await RecordFailureAsync(message, error);
                        failed++;
                        failure = ErrorKind(error);
                    }
                }
                if (due.Count < BatchSize)
                {
                    break;
                }
            }
        }
        finally
        {
            await DisconnectAsync(client);
        }

        if (sent > 0)
        {
            _logger.LogInformation("Outbox: {Sent} message(s) sent", sent);
        }
        if (failed > 0)
        {
            _logger.LogWarning("Outbox: {Failed} message(s) not sent ({Failure}); each is retried after its back-off", failed, failure);
        }
        return sent;
    }

    /// <summary>The Message-Id of the mail sent for an outbox message: the same at every try.</summary>
    internal static string MessageIdFor(Guid id, string sender) =>
        $"{id:N}.outbox@{MailboxAddress.Parse(sender).Domain}";

    private DateTime Now() => _clock.GetUtcNow().UtcDateTime;

    private async Task<bool> TryClaimAsync(Guid id, CancellationToken ct)
    {
        var now = Now();
        DateTime? until = now + ClaimDuration;
        // One conditional UPDATE: the database lets one sender change the row; the others see 0 rows.
        var claimed = await _db.OutboxMessages
            .Where(m => m.Id == id && m.SentAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ClaimedUntil, until)
                .SetProperty(m => m.ClaimedBy, _instance), ct);
        return claimed == 1;
    }

    private async Task MarkSentAsync(Guid id)
    {
        DateTime? now = Now();
        await _db.OutboxMessages
            .Where(m => m.Id == id && m.SentAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                .SetProperty(m => m.ClaimedBy, (string?)null), CancellationToken.None);
    }

    private async Task RecordFailureAsync(OutboxMessage message, Exception error)
    {
        var attempts = message.Attempts + 1;
        var next = Now() + RetryDelay(attempts);
        var text = Describe(error);
        _logger.LogDebug("Outbox message {MessageId} not sent (attempt {Attempts}, {Failure}); next try at {NextAttemptAt:o}",
            message.Id, attempts, ErrorKind(error), next);
        await _db.OutboxMessages
            .Where(m => m.Id == message.Id && m.SentAt == null && m.ClaimedBy == _instance)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, text)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                .SetProperty(m => m.ClaimedBy, (string?)null), CancellationToken.None);
    }

    private async Task ConnectAsync(SmtpClient client, string host, CancellationToken ct)
    {
        if (client.IsConnected)
        {
            return;
        }
        await client.ConnectAsync(host, _smtp.Port, SocketOptions(_smtp.Security), ct);
        if (_smtp.Username is not null)
        {
            await client.AuthenticateAsync(_smtp.Username, _smtp.Password ?? "", ct);
        }
    }

    private static async Task DisconnectAsync(SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or MailKit.ProtocolException or SmtpCommandException)
        {
            // The mail was sent or its failure recorded; a goodbye that fails changes nothing.
        }
    }

    internal static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.Auto => SecureSocketOptions.Auto,
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };

    private MimeMessage Compose(OutboxMessage message)
    {
        var mail = new MimeMessage
        {
            Subject = message.Subject,
            Date = new DateTimeOffset(message.CreatedAt),
            MessageId = MessageIdFor(message.Id, _smtp.Sender),
        };
        mail.From.Add(new MailboxAddress("Egide", _smtp.Sender));
        mail.To.Add(MailboxAddress.Parse(message.To));
        // RFC 3834: a notification, so that out-of-office replies do not answer it.
        mail.Headers.Add("Auto-Submitted", "auto-generated");
        mail.Body = message.HtmlBody is null
            ? new TextPart(TextFormat.Plain) { Text = message.TextBody }
            : new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mail;
    }

    /// <summary>
    /// For the LastError column: type and message on one line. A server's reply may quote the recipient (already in
    /// the row) but never the body, and MailKit never puts the password in a message.
    /// </summary>
    private static string Describe(Exception error)
    {
        var text = $"{ErrorKind(error)}: {error.Message}".ReplaceLineEndings(" ");
        return text.Length <= OutboxMessage.LastErrorMaxLength ? text : text[..OutboxMessage.LastErrorMaxLength];
    }

    /// <summary>For the logs: the type and the SMTP status, never the server's text (it may quote an address).</summary>
    private static string ErrorKind(Exception error) => error switch
    {
        SmtpCommandException smtp => $"{smtp.GetType().Name} {(int)smtp.StatusCode} {smtp.ErrorCode}",
        _ => error.GetType().Name,
    };

    private static bool IsCancellation(Exception e, CancellationToken ct) => e is OperationCanceledException && ct.IsCancellationRequested;

    private async Task WarnNotConfiguredAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _warnedNotConfigured) != 0)
        {
            return;
        }
        var now = Now();
        var waiting = await _db.OutboxMessages.CountAsync(m => m.SentAt == null && m.NextAttemptAt <= now, ct);
        if (waiting > 0 && Interlocked.Exchange(ref _warnedNotConfigured, 1) == 0)
        {
            _logger.LogWarning("No mail is sent: Smtp:Host (Smtp__Host) is not set; {Waiting} message(s) wait in the outbox", waiting);
        }
    }
}
