using System.Data.Common;
using System.Globalization;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Egide.Core.Audit;

/// <summary>
/// Appends the audit entries of every save, in the save's own transaction: the change and its entries commit
/// together or not at all. Registered once in the context options (<see cref="EgideDbFactory"/>), so the web
/// application, the CLI and the tests all audit. Stateless: what one save needs lives on its context.
/// </summary>
internal sealed class AuditInterceptor : SaveChangesInterceptor
{
    public static readonly AuditInterceptor Instance = new();

    private AuditInterceptor()
    {
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is EgideDb db)
        {
            // Synchronous all the way down when async is false: the task is already complete.
            AuditWriter.BeforeSaveAsync(db, async: false, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is EgideDb db)
        {
            await AuditWriter.BeforeSaveAsync(db, async: true, cancellationToken);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is EgideDb db)
        {
            AuditWriter.AfterSaveAsync(db, succeeded: true, async: false, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is EgideDb db)
        {
            await AuditWriter.AfterSaveAsync(db, succeeded: true, async: true, cancellationToken);
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is EgideDb db)
        {
            AuditWriter.AfterSaveAsync(db, succeeded: false, async: false, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is EgideDb db)
        {
            await AuditWriter.AfterSaveAsync(db, succeeded: false, async: true, CancellationToken.None);
        }
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        if (eventData.Context is EgideDb db)
        {
            AuditWriter.AfterSaveAsync(db, succeeded: false, async: false, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is EgideDb db)
        {
            await AuditWriter.AfterSaveAsync(db, succeeded: false, async: true, CancellationToken.None);
        }
    }
}

/// <summary>What one save of one context has under way: its own transaction, if it opened one, and its entries.</summary>
internal sealed class AuditSave
{
    public IDbContextTransaction? OwnTransaction { get; set; }

    public List<AuditEntry> Generated { get; } = [];

    public List<AuditEntry> Recorded { get; } = [];
}

internal static class AuditWriter
{
    /// <summary>
    /// The key of the PostgreSQL advisory lock that serialises appends across connections and application
    /// instances: "EGIDAUDT" in ASCII. Transaction-scoped, so a crash or a rollback releases it.
    /// </summary>
    public const long PostgresLockKey = 0x4547494441554454;

    private static readonly string PostgresLock =
        "SELECT pg_advisory_xact_lock(" + PostgresLockKey.ToString(CultureInfo.InvariantCulture) + ")";

    // SQLite has one writer at a time: a write, even of no row, takes the database's write lock now, before the
    // last entry is read, if the caller's transaction was deferred (Egide's own are BEGIN IMMEDIATE already).
    private const string SqliteLock = "UPDATE \"AuditEntries\" SET \"Sequence\" = \"Sequence\" WHERE 0";

    public static void SetActor(AuditEntry entry, IAuditActor actor)
    {
        entry.ActorUserId = actor.UserId;
        entry.ActorName = Fit(string.IsNullOrWhiteSpace(actor.Name) ? SystemAuditActor.SystemName : actor.Name, AuditEntryConfiguration.ActorNameMaxLength)!;
        entry.Via = Fit(actor.Via, AuditEntryConfiguration.ViaMaxLength);
    }

    public static async Task BeforeSaveAsync(EgideDb db, bool async, CancellationToken ct)
    {
        if (db.IsSchemaSetup)
        {
            return;
        }
        if (db.AuditSave is not null)
        {
            // Left by a save that never reached the database: another interceptor threw after this one, and EF
            // Core reports no failure for that. Its transaction, if it opened one, holds nothing to keep.
            await AfterSaveAsync(db, succeeded: false, async, CancellationToken.None);
        }
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        var recorded = new List<AuditEntry>();
        foreach (var entry in db.ChangeTracker.Entries<AuditEntry>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    recorded.Add(entry.Entity);
                    break;
                case EntityState.Modified or EntityState.Deleted:
                    throw new InvalidOperationException("The audit trail is append-only: an entry cannot be changed or removed.");
            }
        }
        var changes = AuditCapture.Collect(db);
        if (changes.Count == 0 && recorded.Count == 0)
        {
            return;
        }

        var save = new AuditSave();
        db.AuditSave = save;
        try
        {
            if (db.Database.CurrentTransaction is null)
            {
                save.OwnTransaction = async ? await db.Database.BeginTransactionAsync(ct) : db.Database.BeginTransaction();
            }
            var lockSql = db is PostgresEgideDb ? PostgresLock : SqliteLock;
            if (async)
            {
                await db.Database.ExecuteSqlRawAsync(lockSql, ct);
            }
            else
            {
                db.Database.ExecuteSqlRaw(lockSql);
            }

            var lastQuery = db.AuditEntries.AsNoTracking()
                .OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash });
            var last = async ? await lastQuery.FirstOrDefaultAsync(ct) : lastQuery.FirstOrDefault();

            var actor = db.AuditActor;
            foreach (var change in changes)
            {
                var entry = new AuditEntry
                {
                    Action = change.Action,
                    EntityType = change.EntityType,
                    EntityId = change.EntityId,
                    OrganizationId = change.OrganizationId,
                    Changes = change.Changes,
                };
                SetActor(entry, actor);
                save.Generated.Add(entry);
            }
            // Recorded events keep their stand-in keys until they are given real ones: take them out first.
            foreach (var entry in recorded)
            {
                db.Entry(entry).State = EntityState.Detached;
                save.Recorded.Add(entry);
            }

            var at = AuditHash.Truncate(db.AuditClock.GetUtcNow().UtcDateTime);
            var sequence = last?.Sequence ?? 0;
            var previous = last?.Hash ?? AuditHash.Genesis;
            foreach (var entry in save.Generated.Concat(save.Recorded))
            {
                entry.Sequence = ++sequence;
                entry.At = at;
                entry.Action = Fit(entry.Action, AuditEntryConfiguration.ActionMaxLength)!;
                entry.EntityType = Fit(entry.EntityType, AuditEntryConfiguration.EntityTypeMaxLength);
                entry.EntityId = Fit(entry.EntityId, AuditEntryConfiguration.EntityIdMaxLength);
                entry.PreviousHash = previous;
                entry.Hash = AuditHash.Compute(entry);
                previous = entry.Hash;
                db.AuditEntries.Add(entry);
            }
        }
        catch
        {
            await AfterSaveAsync(db, succeeded: false, async, CancellationToken.None);
            throw;
        }
    }

    public static async Task AfterSaveAsync(EgideDb db, bool succeeded, bool async, CancellationToken ct)
    {
        if (db.AuditSave is not { } save)
        {
            return;
        }
        db.AuditSave = null;
        try
        {
            if (save.OwnTransaction is { } transaction)
            {
                if (succeeded)
                {
                    // A failure here surfaces from SaveChanges: nothing was committed, the change and its entries alike.
                    if (async)
                    {
                        await transaction.CommitAsync(ct);
                    }
                    else
                    {
                        transaction.Commit();
                    }
                }
                else
                {
                    await RollBackQuietlyAsync(transaction, async);
                }
            }
        }
        finally
        {
            if (save.OwnTransaction is { } transaction)
            {
                if (async)
                {
                    await transaction.DisposeAsync();
                }
                else
                {
                    transaction.Dispose();
                }
            }
            // Saved entries leave the context (they cannot change anyway); after a failure, the entries made from
            // the changes go too, to be made again by the next attempt, while recorded events stay pending.
            foreach (var entry in succeeded ? save.Generated.Concat(save.Recorded) : save.Generated)
            {
                db.Entry(entry).State = EntityState.Detached;
            }
            if (!succeeded)
            {
                foreach (var entry in save.Recorded)
                {
                    var tracked = db.Entry(entry);
                    tracked.State = EntityState.Detached;
                    entry.Sequence = db.NextPendingAuditKey();
                    tracked.State = EntityState.Added;
                }
            }
        }
    }

    // The save's own error is the one to report; a rollback on a broken connection would only hide it.
    private static async Task RollBackQuietlyAsync(IDbContextTransaction transaction, bool async)
    {
        try
        {
            if (async)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            else
            {
                transaction.Rollback();
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // Disposing the transaction below rolls back whatever is left.
        }
    }

    private static string? Fit(string? value, int maxLength) =>
        value is null || value.Length <= maxLength ? value : value[..maxLength];
}
