using System.Text.Json.Nodes;
using Egide.Core.Audit;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Audit;

/// <summary>Rows to audit, and an attacker's raw access to the database.</summary>
internal static class AuditTestData
{
    /// <summary>Creates organisations one save each: one audit entry each.</summary>
    public static async Task<List<Guid>> CreateOrganizationsAsync(TestDatabase database, int count, string prefix = "Commune")
    {
        var ids = new List<Guid>();
        await using var db = database.CreateDb();
        var handler = new CreateOrganization.Handler(db, TestClock.At(2026, 11, 23));
        for (var i = 1; i <= count; i++)
        {
            var result = await handler.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = $"{prefix} {i}" }, TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
            ids.Add(result.Value);
        }
        return ids;
    }

    public static async Task<List<AuditEntry>> EntriesAsync(TestDatabase database)
    {
        await using var db = database.CreateDb();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Field → {before, after} of an entry.</summary>
    public static JsonObject Changes(AuditEntry entry) => (JsonObject)JsonNode.Parse(entry.Changes!)!;

    /// <summary>What someone with write access to the database can do: drop the triggers, then change rows directly.</summary>
    public static async Task TamperAsync(TestDatabase database, params string[] statements)
    {
        await using var db = database.CreateDb();
        var ct = TestContext.Current.CancellationToken;
        await db.Database.ExecuteSqlRawAsync(database.Provider == Db.Sqlite ? AuditTriggers.DropSqlite : AuditTriggers.DropPostgres, ct);
        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }
    }

    public static async Task<AuditVerification> VerifyAsync(TestDatabase database, AuditAnchor? anchor = null)
    {
        await using var db = database.CreateDb();
        return await AuditVerifier.VerifyAsync(db, anchor, TestContext.Current.CancellationToken);
    }
}
