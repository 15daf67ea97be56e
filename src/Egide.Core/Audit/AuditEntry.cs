namespace Egide.Core.Audit;

/// <summary>
/// One link of the audit trail: who did what, when, to which row of which organisation, chained to the
/// previous link by <see cref="PreviousHash"/>. Written only by the audit interceptor, never updated or
/// deleted (database triggers refuse both). See docs/audit-trail.md.
/// </summary>
public sealed class AuditEntry
{
    internal AuditEntry()
    {
    }

    /// <summary>1, 2, 3… with no gap: assigned by Egide under a lock, not by the database.</summary>
    public long Sequence { get; internal set; }

    /// <summary>UTC, to the microsecond (what PostgreSQL keeps), so that the stored value hashes as written.</summary>
    public DateTime At { get; internal set; }

    public Guid? ActorUserId { get; internal set; }

    public string ActorName { get; internal set; } = "";

    public string? Via { get; internal set; }

    public Guid? OrganizationId { get; internal set; }

    /// <summary>Created, Updated, Deleted, or an event name (SignInSucceeded…): see <see cref="AuditActions"/>.</summary>
    public string Action { get; internal set; } = "";

    /// <summary>The entity's type name ("Organization"); null for an event about no row.</summary>
    public string? EntityType { get; internal set; }

    public string? EntityId { get; internal set; }

    /// <summary>
    /// JSON object, field → {"before": …, "after": …} ("after" only for Created and events, "before" only for
    /// Deleted). Owned parts are fields of their owner: "Dpo.Email", "Referents" (a list). Hashed as stored.
    /// </summary>
    public string? Changes { get; internal set; }

    /// <summary>Lower-case hex SHA-256 of the previous entry; 64 zeros for the first one.</summary>
    public string PreviousHash { get; internal set; } = "";

    /// <summary>Lower-case hex SHA-256 of this entry's canonical form (<see cref="AuditHash"/>).</summary>
    public string Hash { get; internal set; } = "";
}

/// <summary>The actions the trail records. Events name what happened, in the past tense.</summary>
public static class AuditActions
{
    public const string Created = "Created";
    public const string Updated = "Updated";
    public const string Deleted = "Deleted";
    public const string SignInSucceeded = "SignInSucceeded";
    public const string SignInFailed = "SignInFailed";
    public const string TokenUsed = "TokenUsed";
    public const string PasswordResetRequested = "PasswordResetRequested";
    public const string AccessRefused = "AccessRefused";

    /// <summary>A file that carries the organisation's data left Egide: an export, a letter, a document.</summary>
    public const string Downloaded = "Downloaded";
}
