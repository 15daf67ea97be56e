using Egide.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Egide.Core.Tests.Configuration;

public sealed class EgideSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("egide-settings-").FullName;

    private EgideSettings Load(params (string Key, string? Value)[] values) => EgideSettings.Load(
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [EgideSettings.DataKey] = _folder })
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Load_Defaults_SqliteInTheDataFolderWithDemo()
    {
        var settings = Load();
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Equal(Path.Combine(_folder, "egide.db"), settings.SqlitePath);
        Assert.True(settings.SeedDemoData);
        Assert.Equal(25, settings.Smtp.Port);
        Assert.Null(settings.Smtp.Host);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Smtp.OutboxInterval);
    }

    [Fact]
    public void Load_OutboxInterval_InSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(90), Load(("Smtp:OutboxIntervalSeconds", "90")).Smtp.OutboxInterval);

    [Fact]
    public void Load_PostgresConnectionString_SelectsPostgres()
    {
        var settings = Load((EgideSettings.DatabaseKey, "Host=db.example;Database=egide;Username=egide"));
        Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
    }

    [Fact]
    public void Load_KeysEncryptionKey_ReadButNeverPrinted()
    {
        const string secret = "q83vEjRWeJq7zN7/ABEiM0RVZneImaq7zN3u/wARIjM=";

        var settings = Load((EgideSettings.KeysEncryptionKey, secret));

        Assert.Matches("^[0-9a-f]{8}$", settings.KeysEncryption!.Id);
        Assert.DoesNotContain(secret, settings.ToString(), StringComparison.Ordinal);
        Assert.Null(Load().KeysEncryption);
    }

    [Theory]
    [InlineData(EgideSettings.DatabaseKey, "this is not a connection string", "EGIDE_DATABASE")]
    [InlineData(EgideSettings.DatabaseKey, "Database=egide", "Host=")]
    [InlineData("Smtp:Port", "70000", "Smtp:Port")]
    [InlineData("Smtp:Port", "vingt-cinq", "Smtp:Port")]
    [InlineData("Smtp:Security", "tls9", "Smtp:Security")]
    [InlineData("Smtp:Sender", "pas une adresse", "Smtp:Sender")]
    [InlineData("Smtp:OutboxIntervalSeconds", "0", "Smtp:OutboxIntervalSeconds")]
    [InlineData("Smtp:OutboxIntervalSeconds", "dix", "Smtp:OutboxIntervalSeconds")]
    [InlineData(EgideSettings.DemoKey, "peut-être", "EGIDE_DEMO")]
    [InlineData(EgideSettings.PublicUrlKey, "ftp://egide.mairie.fr", "EGIDE_PUBLIC_URL")]
    [InlineData(EgideSettings.PublicUrlKey, "egide.mairie.fr", "EGIDE_PUBLIC_URL")]
    [InlineData(EgideSettings.KeysEncryptionKey, "pas du base64 !", "EGIDE_KEYS_ENCRYPTION_KEY")]
    [InlineData(EgideSettings.KeysEncryptionKey, "c2VpemUgb2N0ZXRzIHNldWw=", "32 octets")]
    public void Load_BadValue_OneLineNamingTheSetting(string key, string value, string named)
    {
        var error = Assert.Throws<EgideConfigurationException>(() => Load((key, value)));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("configuration invalide : ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DataFolderThatCannotBeCreated_OneLine()
    {
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        var error = Assert.Throws<EgideConfigurationException>(() => EgideSettings.Load(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [EgideSettings.DataKey] = Path.Combine(file, "sub") }).Build()));
        Assert.Contains("EGIDE_DATA", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("non", false)]
    [InlineData("false", false)]
    [InlineData("oui", true)]
    [InlineData("1", true)]
    public void Load_DemoFlag_FrenchAndEnglishWords(string value, bool expected) =>
        Assert.Equal(expected, Load((EgideSettings.DemoKey, value)).SeedDemoData);

    [Fact]
    public void AddEgideSources_EnvironmentVariable_SameKeyAsTheFlag_FlagWins()
    {
        Environment.SetEnvironmentVariable("EGIDE_DEMO", "false");
        try
        {
            var fromEnvironment = new ConfigurationBuilder().AddEnvironmentVariables().AddEgideSources([]).Build();
            var fromBoth = new ConfigurationBuilder().AddEnvironmentVariables().AddEgideSources(["--demo", "true"]).Build();
            Assert.Equal("false", fromEnvironment[EgideSettings.DemoKey]);
            Assert.Equal("true", fromBoth[EgideSettings.DemoKey]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EGIDE_DEMO", null);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
