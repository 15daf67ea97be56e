using Egide.Core.Tests.Audit;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Cli;

/// <summary><c>egide audit verify</c>; each kind of tampering is in AuditVerifierTests, CLI included.</summary>
public sealed class AuditCommandsTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_IntactTrail_SaysSoWithTheAnchorToNoteExitsZero(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await AuditTestData.CreateOrganizationsAsync(database, 3);
        var last = (await AuditTestData.EntriesAsync(database))[^1];

        var result = await CliRunner.RunAsync(database, "audit", "verify");

        result.AssertSuccess();
        Assert.Equal("Piste d'audit intègre : 3 entrées vérifiées.", result.OutLines[0]);
        Assert.StartsWith($"Dernière entrée : 3:{last.Hash} ", result.OutLines[1], StringComparison.Ordinal);

        var anchored = await CliRunner.RunAsync(database, "audit", "verify", "--anchor", $"3:{last.Hash}");
        anchored.AssertSuccess();
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_EmptyTrail_ZeroEntriesExitsZero(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "audit", "verify");

        result.AssertSuccess();
        Assert.Equal(["Piste d'audit intègre : 0 entrée vérifiée."], result.OutLines);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_DatabaseNotMigrated_UsageErrorAndNothingCreated(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);

        var result = await CliRunner.RunAsync(database, "audit", "verify");

        Assert.Contains("egide db migrate", result.AssertOneErrorLine(2), StringComparison.Ordinal);
        await using var db = database.CreateDb();
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Verify_MalformedAnchor_UsageError()
    {
        var result = await CliRunner.RunAsync("audit", "verify", "--anchor", "12:abc");

        Assert.Contains("--anchor : « 12:abc » n'est pas de la forme N:EMPREINTE", result.AssertOneErrorLine(2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Verify_DocumentsTheExitCodes()
    {
        var result = await CliRunner.RunAsync("audit", "verify", "--help");

        result.AssertSuccess();
        var help = string.Join(' ', result.OutLines);
        Assert.Contains("3 si elle a été altérée", help, StringComparison.Ordinal);
        Assert.Contains("--anchor", help, StringComparison.Ordinal);
    }
}
