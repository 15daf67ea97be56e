using Egide.Core;
using Egide.Core.Configuration;
using Egide.Testing;
using Egide.Core.Account;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Core.Tests.Account;

/// <summary>The Data Protection key ring lives in the database: instances on one database share it, and the CLI too.</summary>
public sealed class DataProtectionKeysTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Purpose = "Egide.Tests.DataProtectionKeys";

    /// <summary>An instance of Egide's services on <paramref name="database"/>, with its own data folder when given.</summary>
    private static ServiceProvider Instance(TestDatabase database, string? dataFolder = null, string? encryptionKey = null)
    {
        var configuration = new Dictionary<string, string?>(database.Configuration);
        if (dataFolder is not null)
        {
            configuration[EgideSettings.DataKey] = dataFolder;
        }
        configuration[EgideSettings.KeysEncryptionKey] = encryptionKey;
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .AddLogging()
            .AddEgideCore()
            .BuildServiceProvider();
    }

    private static IDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TwoInstances_OneDatabase_ReadEachOthersProtectedData(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // On PostgreSQL, two machines: nothing shared but the database. SQLite's database is in the data folder.
        var otherFolder = provider == Db.Postgres ? Directory.CreateTempSubdirectory("egide-test-other-").FullName : null;
        try
        {
            await using var first = Instance(database);
            await using var second = Instance(database, otherFolder);

            var cookie = Protector(first).Protect("session de la référente");
            var token = Protector(second).Protect("lien d'invitation");

            Assert.Equal("session de la référente", Protector(second).Unprotect(cookie));
            Assert.Equal("lien d'invitation", Protector(first).Unprotect(token));
            await using var db = database.CreateDb();
            var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync(Ct);
            Assert.Single(keys);
            Assert.StartsWith("key-", keys[0].FriendlyName, StringComparison.Ordinal);
            Assert.Contains("<masterKey", keys[0].Xml, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(database.DataFolder, "keys")));
            // A secret Egide makes for itself: not copied into the audit trail.
            Assert.DoesNotContain(await db.AuditEntries.AsNoTracking().Select(e => e.Changes).ToListAsync(Ct),
                changes => changes != null && changes.Contains("masterKey", StringComparison.Ordinal));
        }
        finally
        {
            if (otherFolder is not null)
            {
                Directory.Delete(otherFolder, recursive: true);
            }
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task KeysOfAnEarlierVersionInTheDataFolder_ImportedOnceAndStillRead(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // Before: the keys were files in {data}/keys, written by the file system repository.
        var folder = new DirectoryInfo(Path.Combine(database.DataFolder, "keys"));
        var before = DataProtectionProvider.Create(folder, b => b.SetApplicationName("Egide"));
        var cookie = before.CreateProtector(Purpose).Protect("session ouverte avant la mise à jour");
        var file = Assert.Single(folder.GetFiles("*.xml"));

        await using (var upgraded = Instance(database))
        {
            Assert.Equal("session ouverte avant la mise à jour", Protector(upgraded).Unprotect(cookie));
        }
        await using (var restarted = Instance(database))
        {
            Assert.Equal("session ouverte avant la mise à jour", Protector(restarted).Unprotect(cookie));
        }

        await using var db = database.CreateDb();
        var key = Assert.Single(await db.DataProtectionKeys.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(Path.GetFileNameWithoutExtension(file.Name), key.FriendlyName);
        Assert.True(file.Exists);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task EnsureAhead_FirstKeyThenASuccessorTwoWeeksBeforeExpiry_OnlyOnce(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var services = Instance(database);
        var keys = services.GetRequiredService<IKeyManager>();
        var lifetime = TimeSpan.FromDays(90);
        var clock = TestClock.At(2026, 11, 23, 8, 0);

        var first = DataProtectionKeyRing.EnsureAhead(keys, clock, lifetime);
        var again = DataProtectionKeyRing.EnsureAhead(keys, clock, lifetime);
        clock.Now = first!.ExpirationDate - DataProtectionKeyRing.Lead - TimeSpan.FromMinutes(1);
        var early = DataProtectionKeyRing.EnsureAhead(keys, clock, lifetime);
        clock.Now = first.ExpirationDate - DataProtectionKeyRing.Lead + TimeSpan.FromMinutes(1);
        var successor = DataProtectionKeyRing.EnsureAhead(keys, clock, lifetime);
        var afterwards = DataProtectionKeyRing.EnsureAhead(keys, clock, lifetime);

        Assert.Equal((new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 2, 21, 8, 0, 0, TimeSpan.Zero)),
            (first.ActivationDate, first.ExpirationDate));
        Assert.Null(again);
        Assert.Null(early);
        Assert.NotNull(successor);
        Assert.Equal((first.ExpirationDate, first.ExpirationDate + lifetime), (successor.ActivationDate, successor.ExpirationDate));
        Assert.Null(afterwards);
        await using var db = database.CreateDb();
        Assert.Equal(2, await db.DataProtectionKeys.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task EncryptionKeyConfigured_KeysStoredEncrypted_ReadWithThatSecretOnly(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var other = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var first = Instance(database, encryptionKey: secret);
        var cookie = Protector(first).Protect("session chiffrée au repos");

        await using var db = database.CreateDb();
        var stored = Assert.Single(await db.DataProtectionKeys.AsNoTracking().ToListAsync(Ct)).Xml;
        Assert.Contains("egideEncryptedKey", stored, StringComparison.Ordinal);
        Assert.Contains("AES-256-GCM", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", stored, StringComparison.Ordinal);
        await using (var sameSecret = Instance(database, encryptionKey: secret))
        {
            Assert.Equal("session chiffrée au repos", Protector(sameSecret).Unprotect(cookie));
        }
        await using (var wrongSecret = Instance(database, encryptionKey: other))
        {
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(wrongSecret).Unprotect(cookie));
        }
        await using (var noSecret = Instance(database))
        {
            // The secret lost: start-up makes a key it can read, rather than leaving it to the first request.
            Assert.NotNull(DataProtectionKeyRing.EnsureAhead(noSecret));
            Assert.Null(DataProtectionKeyRing.EnsureAhead(noSecret));
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(noSecret).Unprotect(cookie));
        }
    }
}
