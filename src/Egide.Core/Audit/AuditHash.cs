using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Egide.Core.Audit;

/// <summary>
/// The hash of an audit entry: lower-case hex SHA-256 of its canonical form, version 1:
/// <code>
/// "egide-audit-v1" LF
/// then 11 fields, always in this order, each written as "-" LF when null,
/// or as &lt;n&gt; ":" &lt;value&gt; LF, where &lt;value&gt; is the field's UTF-8 bytes and &lt;n&gt; their count in ASCII decimal:
///   Sequence        decimal, no sign, no grouping (invariant culture)
///   At              UTC, yyyy-MM-ddTHH:mm:ss.ffffffZ (always 6 decimals: the microsecond PostgreSQL keeps)
///   ActorUserId     Guid, 36 lower-case characters with hyphens
///   ActorName, Via
///   OrganizationId  as ActorUserId
///   Action, EntityType, EntityId
///   Changes         the JSON text exactly as stored
///   PreviousHash    64 lower-case hex characters
/// </code>
/// Every field is either "-" or starts with a digit and carries its own length, so the byte string decodes in
/// exactly one way: two different entries never have the same canonical form. Nothing depends on the machine's
/// culture, time zone or line endings. docs/audit-trail.md describes the same form for independent checkers.
/// </summary>
public static class AuditHash
{
    public const string Version = "egide-audit-v1";

    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(CanonicalForm(entry));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The bytes that are hashed.</summary>
    public static byte[] CanonicalForm(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder();
        text.Append(Version).Append('\n');
        Field(text, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(text, FormatInstant(entry.At));
        Field(text, entry.ActorUserId?.ToString("D"));
        Field(text, entry.ActorName);
        Field(text, entry.Via);
        Field(text, entry.OrganizationId?.ToString("D"));
        Field(text, entry.Action);
        Field(text, entry.EntityType);
        Field(text, entry.EntityId);
        Field(text, entry.Changes);
        Field(text, entry.PreviousHash);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>UTC to the microsecond: the instant as both databases store it.</summary>
    public static DateTime Truncate(DateTime instant)
    {
        var utc = instant.Kind == DateTimeKind.Utc ? instant : instant.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }

    internal static string FormatInstant(DateTime instant) =>
        Truncate(instant).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("-\n");
            return;
        }
        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture))
            .Append(':').Append(value).Append('\n');
    }
}
