using Egide.Core.Organizations;
using Egide.Testing;
using Xunit;
using static Egide.Core.Tests.Audit.AuditTestData;

namespace Egide.Core.Tests.Audit;

public sealed class AuditConcurrencyTests
{
    private const int SavesPerWriter = 20;

    /// <summary>
    /// Two contexts (two connections, as two application instances would have) saving at the same time: the lock
    /// taken before reading the last entry serialises them, so no number and no previous hash is used twice.
    /// </summary>
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Save_TwoWritersInParallel_OneUnbrokenChain(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var ct = TestContext.Current.CancellationToken;
        await Task.WhenAll(Task.Run(() => WriteAsync(database, "A"), ct), Task.Run(() => WriteAsync(database, "B"), ct));

        var entries = await EntriesAsync(database);
        Assert.Equal(Enumerable.Range(1, 2 * SavesPerWriter).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(entries.Count, entries.Select(e => e.PreviousHash).Distinct().Count());
        var result = await VerifyAsync(database);
        Assert.True(result.IsIntact, result.FirstBreak?.Reason);
        Assert.Equal(2 * SavesPerWriter, result.EntriesChecked);
    }

    private static async Task WriteAsync(TestDatabase database, string writer)
    {
        await using var db = database.CreateDb();
        var handler = new CreateOrganization.Handler(db, TestClock.At(2026, 11, 23));
        for (var i = 1; i <= SavesPerWriter; i++)
        {
            var result = await handler.Handle(
                new OrganizationInput { Kind = OrganizationKind.Commune, Name = $"Commune {writer}{i}" }, TestContext.Current.CancellationToken);
            Assert.True(result.IsSuccess, result.Failure?.ToString());
        }
    }
}
