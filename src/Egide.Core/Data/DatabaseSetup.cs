using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Data;

public static class DatabaseSetup
{
    /// <summary>Applies the pending migrations of the configured provider, then adds catalogue entries not there yet (idempotent).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(EgideDb db, CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (db is SqliteEgideDb)
        {
            // WAL lets the web app and the CLI read while the other writes.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        await db.Database.MigrateAsync(ct);
        db.IsSchemaSetup = true;
        try
        {
            await Privacy.Catalogs.CatalogSeed.EnsureAsync(db, ct);
        }
        finally
        {
            db.IsSchemaSetup = false;
        }
        return pending;
    }

    /// <summary>Closes pooled SQLite connections so that the file can be copied or deleted.</summary>
    public static void ReleaseSqliteFiles() => SqliteConnection.ClearAllPools();
}
