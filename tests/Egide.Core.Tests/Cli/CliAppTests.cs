using Egide.Core.Data;
using Xunit;

namespace Egide.Core.Tests.Cli;

/// <summary>What holds for every command: help, parse errors, configuration and database failures.</summary>
public sealed class CliAppTests : IDisposable
{
    private readonly DirectoryInfo _dataFolder = Directory.CreateTempSubdirectory("egide-cli-");

    public void Dispose()
    {
        DatabaseSetup.ReleaseSqliteFiles();
        _dataFolder.Delete(recursive: true);
    }

    [Fact]
    public async Task RunAsync_Help_ExitsZeroAndListsTheCommandsInFrench()
    {
        var result = await CliRunner.RunAsync("--help");

        result.AssertSuccess();
        Assert.Contains("Commandes", result.Out, StringComparison.Ordinal);
        foreach (var command in new[] { "db", "org", "user", "token", "register", "demo" })
        {
            Assert.Contains(result.OutLines, line => line.StartsWith(command + " ", StringComparison.Ordinal));
        }
        Assert.Contains("--data", result.Out, StringComparison.Ordinal);
        Assert.Contains("--database", result.Out, StringComparison.Ordinal);
        Assert.Contains("Affiche l'aide", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HelpOfASubcommand_ExitsZeroAndDescribesItsOptions()
    {
        var result = await CliRunner.RunAsync("org", "create", "--help");

        result.AssertSuccess();
        foreach (var option in new[] { "--kind", "--name", "--siren", "--dpo-kind", "--dpo-org", "--data", "--database" })
        {
            Assert.Contains(option, result.Out, StringComparison.Ordinal);
        }
        Assert.Contains("Obligatoire", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HelpOfOrg_ListsItsSubcommands()
    {
        var result = await CliRunner.RunAsync("org", "-h");

        result.AssertSuccess();
        foreach (var command in new[] { "create", "list", "show" })
        {
            Assert.Contains(result.OutLines, line => line.StartsWith(command + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task RunAsync_NoCommand_ExitsTwoWithOneLine()
    {
        var result = await CliRunner.RunAsync();

        var line = result.AssertOneErrorLine();
        Assert.Contains("egide --help", line, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_ExitsTwoWithOneLine()
    {
        var result = await CliRunner.RunAsync("frobnicate", "--data", _dataFolder.FullName);

        var line = result.AssertOneErrorLine();
        Assert.Contains("frobnicate", line, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_ExitsTwoWithOneLineNamingIt()
    {
        var result = await CliRunner.RunAsync("org", "list", "--colour", "--data", _dataFolder.FullName);

        var line = result.AssertOneErrorLine();
        Assert.Contains("--colour", line, StringComparison.Ordinal);
        Assert.Contains("egide org list --help", line, StringComparison.Ordinal);
        Assert.Empty(_dataFolder.GetFiles());
    }

    [Fact]
    public async Task RunAsync_BadDatabaseConnectionString_ExitsTwoWithOneLineNamingEgideDatabase()
    {
        var result = await CliRunner.RunAsync("org", "list", "--data", _dataFolder.FullName, "--database", "ceci n'est pas une chaîne de connexion");

        var line = result.AssertOneErrorLine();
        Assert.Contains("EGIDE_DATABASE", line, StringComparison.Ordinal);
        Assert.Contains("configuration invalide", line, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task RunAsync_UnreachablePostgres_ExitsTwoWithOneLine()
    {
        // Port 1 on the loopback: nothing listens there, the connection is refused at once.
        var result = await CliRunner.RunAsync(
            "org", "list", "--data", _dataFolder.FullName,
            "--database", "Host=127.0.0.1;Port=1;Username=egide;Password=secret-password;Database=egide;Timeout=5");

        var line = result.AssertOneErrorLine();
        Assert.Contains("base de données inaccessible", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", line, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task RunAsync_SqliteFileThatIsNotADatabase_ExitsTwoWithOneLineNamingTheFile()
    {
        var file = Path.Combine(_dataFolder.FullName, "egide.db");
        await File.WriteAllTextAsync(file, new string('x', 4096), TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("org", "list", "--data", _dataFolder.FullName, "--database", "");

        var line = result.AssertOneErrorLine();
        Assert.Contains(file, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DataFolderThatCannotBeCreated_ExitsTwoWithOneLine()
    {
        var file = Path.Combine(_dataFolder.FullName, "a-file");
        await File.WriteAllTextAsync(file, "", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("db", "migrate", "--data", Path.Combine(file, "data"), "--database", "");

        var line = result.AssertOneErrorLine();
        Assert.Contains("EGIDE_DATA", line, StringComparison.Ordinal);
    }
}
