namespace Egide.Core.Mail;

/// <summary>
/// One e-mail waiting to leave, or gone. Written by <see cref="Outbox.Enqueue"/> in the same transaction as
/// the change that causes it, then sent by <see cref="OutboxSender"/>: a message exists if and only if
/// that change was committed, and a mail server that is down only delays it.
/// </summary>
public sealed class OutboxMessage
{
    public const int AddressMaxLength = 254;
    public const int SubjectMaxLength = 500;
    public const int KeyMaxLength = 200;
    public const int LastErrorMaxLength = 500;
    public const int ClaimedByMaxLength = 100;

    private OutboxMessage()
    {
    }

    internal OutboxMessage(MailDraft draft, DateTime now)
    {
        To = draft.To;
        Subject = draft.Subject;
        TextBody = draft.TextBody;
        HtmlBody = draft.HtmlBody;
        Key = draft.Key;
        OrganizationId = draft.OrganizationId;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    /// <summary>Time-ordered; also the source of the mail's Message-Id, so a resend is recognisable as the same mail.</summary>
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    /// <summary>The organisation the mail concerns, when there is one (tenancy).</summary>
    public Guid? OrganizationId { get; private set; }

    /// <summary>A caller's name for this mail, unique when present, so that enqueueing it twice gives one mail.</summary>
    public string? Key { get; private set; }

    /// <summary>The one recipient address.</summary>
    public string To { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    public string? HtmlBody { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Not sent before this instant: creation, then moved by the back-off after each failure.</summary>
    public DateTime NextAttemptAt { get; private set; }

    /// <summary>How many times sending was tried (the successful try included).</summary>
    public int Attempts { get; private set; }

    /// <summary>Set once the SMTP server accepted the mail; a message with a SentAt is never sent again.</summary>
    public DateTime? SentAt { get; private set; }

    /// <summary>Why the last try failed: exception type and message, one line, never the body or a password.</summary>
    public string? LastError { get; private set; }

    /// <summary>A sender holds the message until this instant (a lease): no other sender takes it meanwhile.</summary>
    public DateTime? ClaimedUntil { get; private set; }

    /// <summary>Which sender holds the lease (machine, process, instance), for diagnosis.</summary>
    public string? ClaimedBy { get; private set; }
}
