using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Cli;

public sealed class DbCommandsTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Migrate_EmptyDatabase_AppliesEveryMigrationAndSaysHowMany(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var ct = TestContext.Current.CancellationToken;
        List<string> all;
        await using (var db = database.CreateDb())
        {
            all = db.Database.GetMigrations().ToList();
        }

        var result = await CliRunner.RunAsync(database, "db", "migrate");

        result.AssertSuccess();
        Assert.StartsWith($"{all.Count} migration", result.OutLines[0], StringComparison.Ordinal);
        Assert.All(all, migration => Assert.Contains(migration, result.Out, StringComparison.Ordinal));
        await using (var db = database.CreateDb())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
            Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync(ct));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Migrate_UpToDateDatabase_AppliesNothingAndSaysSo(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "db", "migrate");

        result.AssertSuccess();
        var line = Assert.Single(result.OutLines);
        Assert.Contains("à jour", line, StringComparison.Ordinal);
        Assert.Contains(provider == Db.Sqlite ? "SQLite" : "PostgreSQL", line, StringComparison.Ordinal);
    }
}
