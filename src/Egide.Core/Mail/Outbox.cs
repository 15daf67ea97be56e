using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Mail;

/// <summary>
/// A mail to send: one recipient, a plain-text body (always: some readers show nothing else) and
/// optionally an HTML one. <paramref name="Key"/> names the mail for idempotence (for instance
/// <c>reminder:request:123:7d</c>): at most one message per key is ever stored.
/// </summary>
public sealed record MailDraft(
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody = null,
    string? Key = null,
    Guid? OrganizationId = null);

/// <summary>How every feature sends mail: add it to the outbox in the transaction of the change that causes it.</summary>
public static class Outbox
{
    /// <summary>
    /// Adds the mail to the context and nothing else: the caller's <c>SaveChanges</c> commits it together
    /// with the change that causes it, so it is sent if and only if that change is committed.
    /// A draft whose <see cref="MailDraft.Key"/> is already in this context gives back the message tracked there.
    /// A key already saved by an earlier transaction makes <c>SaveChanges</c> fail with a unique violation
    /// (<see cref="DbErrors.IsUniqueViolation"/>): the cause was already committed once, and neither it nor the mail
    /// is committed twice. A caller that expects that case checks <see cref="IsEnqueuedAsync"/> first.
    /// </summary>
    /// <exception cref="ArgumentException">The draft is malformed (a programming error, not a user's).</exception>
    public static OutboxMessage Enqueue(this EgideDb db, MailDraft draft, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(clock);
        Check(draft);

        if (draft.Key is not null &&
            db.OutboxMessages.Local.FirstOrDefault(m => m.Key == draft.Key) is { } tracked)
        {
            return tracked;
        }
        var message = new OutboxMessage(draft, clock.GetUtcNow().UtcDateTime);
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>Whether a mail with this key was saved (sent or not).</summary>
    public static Task<bool> IsEnqueuedAsync(this EgideDb db, string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.OutboxMessages.AnyAsync(m => m.Key == key, ct);
    }

    private static void Check(MailDraft draft)
    {
        if (!EmailAddress.IsValid(draft.To))
        {
            throw new ArgumentException("The recipient is not a valid e-mail address.", nameof(draft));
        }
        if (string.IsNullOrWhiteSpace(draft.Subject) || draft.Subject.Length > OutboxMessage.SubjectMaxLength ||
            draft.Subject.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"The subject must be one line of 1 to {OutboxMessage.SubjectMaxLength} characters.", nameof(draft));
        }
        if (string.IsNullOrWhiteSpace(draft.TextBody))
        {
            throw new ArgumentException("The text body is required.", nameof(draft));
        }
        if (draft.Key is not null && (string.IsNullOrWhiteSpace(draft.Key) || draft.Key.Length > OutboxMessage.KeyMaxLength))
        {
            throw new ArgumentException($"A key has 1 to {OutboxMessage.KeyMaxLength} characters.", nameof(draft));
        }
    }
}
