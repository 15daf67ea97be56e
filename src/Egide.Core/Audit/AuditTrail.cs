using Egide.Core.Data;

namespace Egide.Core.Audit;

/// <summary>Writes audit events. Changes of rows need nothing: the interceptor records every save.</summary>
public static class AuditTrail
{
    /// <summary>
    /// Adds the event to the context: it is written, chained and committed by the next SaveChanges, together
    /// with the other changes of that save (all or nothing). <c>ChangeTracker.Clear()</c> drops it, like any change.
    /// </summary>
    public static void Record(EgideDb db, AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrWhiteSpace(e.Action))
        {
            throw new ArgumentException("An audit event needs an action name.", nameof(e));
        }
        var actor = e.Actor ?? db.AuditActor;
        var entry = new AuditEntry
        {
            // A stand-in key, unique within the context; the real sequence number is assigned under the lock.
            Sequence = db.NextPendingAuditKey(),
            Action = e.Action,
            EntityType = e.EntityType,
            EntityId = e.EntityId,
            OrganizationId = e.OrganizationId,
            Changes = AuditJson.Details(e.Details),
        };
        AuditWriter.SetActor(entry, actor);
        db.AuditEntries.Add(entry);
    }
}
