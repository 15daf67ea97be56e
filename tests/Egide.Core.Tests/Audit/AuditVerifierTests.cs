using Egide.Core.Audit;
using Egide.Core.Tests.Cli;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Egide.Core.Tests.Audit.AuditTestData;

namespace Egide.Core.Tests.Audit;

/// <summary>
/// Tampering as someone with write access to the database would do it (triggers dropped first, raw SQL):
/// the verifier names the first broken link, and <c>egide audit verify</c> says so in one line with exit code 3.
/// </summary>
public sealed class AuditVerifierTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_EmptyTrail_Intact(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await VerifyAsync(database);

        Assert.True(result.IsIntact);
        Assert.Equal(0, result.EntriesChecked);
        Assert.Null(result.LastSequence);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_IntactChain_EveryEntryChecked(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 5);
        var entries = await EntriesAsync(database);

        var result = await VerifyAsync(database);

        Assert.True(result.IsIntact);
        Assert.Equal(5, result.EntriesChecked);
        Assert.Equal(5, result.LastSequence);
        Assert.Equal(entries[4].Hash, result.LastHash);
        Assert.All(entries.Skip(1), (e, i) => Assert.Equal(entries[i].Hash, e.PreviousHash));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_FieldOfAnEntryEdited_HashMismatchAtThatEntry(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 5);

        await TamperAsync(database, """UPDATE "AuditEntries" SET "ActorName" = 'quelqu''un d''autre' WHERE "Sequence" = 3""");

        await AssertBrokenAsync(database, 3, AuditBreakKind.HashMismatch, "contenu modifié");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_ChangesOfAnEntryEdited_HashMismatchAtThatEntry(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 3);

        await TamperAsync(database, """UPDATE "AuditEntries" SET "Changes" = REPLACE("Changes", 'Commune 2', 'Commune X') WHERE "Sequence" = 2""");

        await AssertBrokenAsync(database, 2, AuditBreakKind.HashMismatch, "contenu modifié");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_EntryDeletedInTheMiddle_GapAtTheNextEntry(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 5);

        await TamperAsync(database, """DELETE FROM "AuditEntries" WHERE "Sequence" = 3""");

        await AssertBrokenAsync(database, 4, AuditBreakKind.SequenceGap, "l'entrée n° 3 manque");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_EntryDeletedAndTheNextRenumbered_ChainBreaksThere(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 5);

        await TamperAsync(database,
            """DELETE FROM "AuditEntries" WHERE "Sequence" = 3""",
            """UPDATE "AuditEntries" SET "Sequence" = "Sequence" - 1 WHERE "Sequence" = 4""",
            """UPDATE "AuditEntries" SET "Sequence" = "Sequence" - 1 WHERE "Sequence" = 5""");

        await AssertBrokenAsync(database, 3, AuditBreakKind.PreviousHashMismatch, "chaînage rompu");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_LastEntryDeleted_UnseenByTheChainAloneSeenWithAnAnchor(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 5);
        var before = await VerifyAsync(database);
        var anchor = new AuditAnchor(before.LastSequence!.Value, before.LastHash!);

        await TamperAsync(database, """DELETE FROM "AuditEntries" WHERE "Sequence" = 5""");

        // A chain cut at its end is still a valid chain: documented limit (docs/audit-trail.md).
        var chainOnly = await VerifyAsync(database);
        Assert.True(chainOnly.IsIntact);
        Assert.Equal(4, chainOnly.EntriesChecked);
        (await CliRunner.RunAsync(database, "audit", "verify")).AssertSuccess();

        var anchored = await VerifyAsync(database, anchor);
        Assert.Equal(new AuditBreak(5, AuditBreakKind.AnchorMismatch, anchored.FirstBreak!.Reason), anchored.FirstBreak);
        var cli = await CliRunner.RunAsync(database, "audit", "verify", "--anchor", anchor.ToString());
        Assert.StartsWith("egide: piste d'audit altérée à l'entrée n° 5 : l'entrée relevée manque", cli.AssertOneErrorLine(3), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_TwoEntriesSwapped_BrokenAtTheFirstOfThem(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 5);

        await TamperAsync(database,
            """UPDATE "AuditEntries" SET "Sequence" = -1 WHERE "Sequence" = 2""",
            """UPDATE "AuditEntries" SET "Sequence" = 2 WHERE "Sequence" = 4""",
            """UPDATE "AuditEntries" SET "Sequence" = 4 WHERE "Sequence" = -1""");

        await AssertBrokenAsync(database, 2, AuditBreakKind.PreviousHashMismatch, "chaînage rompu");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_EntryEditedWithItsHashRecomputed_BrokenAtTheNextEntry(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 5);
        var forged = (await EntriesAsync(database))[2];
        forged.ActorName = "quelqu'un d'autre";
        forged.Hash = AuditHash.Compute(forged);

        await TamperAsync(database,
            $"""UPDATE "AuditEntries" SET "ActorName" = 'quelqu''un d''autre', "Hash" = '{forged.Hash}' WHERE "Sequence" = 3""");

        await AssertBrokenAsync(database, 4, AuditBreakKind.PreviousHashMismatch, "l'entrée ne suit pas l'entrée n° 3");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_TailRewrittenWithEveryHashRecomputed_OnlyTheAnchorTells(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 5);
        var entries = await EntriesAsync(database);
        var anchor = new AuditAnchor(5, entries[4].Hash);
        var statements = new List<string>();
        var previous = entries[1].Hash;
        foreach (var entry in entries.Skip(2))
        {
            entry.ActorName = "quelqu'un d'autre";
            entry.PreviousHash = previous;
            entry.Hash = previous = AuditHash.Compute(entry);
            statements.Add($"""UPDATE "AuditEntries" SET "ActorName" = 'quelqu''un d''autre', "PreviousHash" = '{entry.PreviousHash}', "Hash" = '{entry.Hash}' WHERE "Sequence" = {entry.Sequence}""");
        }

        await TamperAsync(database, [.. statements]);

        Assert.True((await VerifyAsync(database)).IsIntact);
        var anchored = await VerifyAsync(database, anchor);
        Assert.Equal(5, anchored.FirstBreak?.Sequence);
        Assert.Equal(AuditBreakKind.AnchorMismatch, anchored.FirstBreak?.Kind);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_LongerThanOneBatch_ReadInPagesBreakFoundPastTheFirst(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var count = AuditVerifier.BatchSize + 5;
        await using (var db = database.CreateDb())
        {
            for (var i = 0; i < count; i++)
            {
                AuditTrail.Record(db, AuditEvent.SignInFailed($"personne{i}@example.fr", "mot de passe incorrect"));
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(count, (await VerifyAsync(database)).EntriesChecked);

        await TamperAsync(database, $"""UPDATE "AuditEntries" SET "Via" = 'cli' WHERE "Sequence" = {count - 2}""");

        var result = await VerifyAsync(database);
        Assert.Equal(count - 2, result.FirstBreak?.Sequence);
        Assert.Equal(count - 3, result.EntriesChecked);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Triggers_UpdateAndDelete_RefusedByTheDatabase(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CreateOrganizationsAsync(database, 2);
        await using var db = database.CreateDb();
        var ct = TestContext.Current.CancellationToken;

        var update = await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "ActorName" = 'x' WHERE "Sequence" = 1""", ct));
        Assert.Contains(AuditTriggers.Message, update.Message, StringComparison.Ordinal);
        var delete = await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" = 2""", ct));
        Assert.Contains(AuditTriggers.Message, delete.Message, StringComparison.Ordinal);
        if (provider == Db.Postgres)
        {
            var truncate = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("""TRUNCATE "AuditEntries" """, ct));
            Assert.Contains(AuditTriggers.Message, truncate.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, (await VerifyAsync(database)).EntriesChecked);
    }

    /// <summary>The verifier's verdict, and the CLI's: one line, exit code 3.</summary>
    private static async Task AssertBrokenAsync(TestDatabase database, long sequence, AuditBreakKind kind, string reason)
    {
        var result = await VerifyAsync(database);
        Assert.False(result.IsIntact);
        Assert.Equal(sequence, result.FirstBreak!.Sequence);
        Assert.Equal(kind, result.FirstBreak.Kind);
        Assert.Contains(reason, result.FirstBreak.Reason, StringComparison.Ordinal);

        var cli = await CliRunner.RunAsync(database, "audit", "verify");
        var line = cli.AssertOneErrorLine(3);
        Assert.StartsWith($"egide: piste d'audit altérée à l'entrée n° {sequence} : ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.Empty(cli.Out);
    }
}
