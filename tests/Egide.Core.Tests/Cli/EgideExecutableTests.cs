using System.Diagnostics;
using System.Text;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Egide.Core.Tests.Cli;

/// <summary>The built <c>egide</c> program in a process of its own: the real entry point, exit code and streams.</summary>
public sealed class EgideExecutableTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Egide_InvalidSiren_ExitsTwoWithOneFrenchLineOnStderr(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await RunAsync(CliRunner.WithDatabase(database,
            "org", "create", "--kind", "commune", "--name", "Commune de Saint-Laurent-Blangy", "--siren", "216207531"));

        Assert.Equal(
            "egide: --siren : Le SIREN 216207531 n'existe pas : sa clé de contrôle est fausse. Vérifiez les chiffres saisis.",
            result.AssertOneErrorLine());
        Assert.Empty(result.Out);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Egide_ValidCreate_ExitsZeroAndPrintsTheId(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await RunAsync(CliRunner.WithDatabase(database,
            "org", "create", "--kind", "commune", "--name", "Commune de Saint-Laurent-Blangy", "--siren", "216207530"));

        result.AssertSuccess();
        Assert.True(Guid.TryParse(Assert.Single(result.OutLines), out _), result.Out);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Egide_UserCreateWithWeakPasswordOnStdin_ExitsTwoWithOneLineOnStderrAndCreatesNoAccount(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await RunAsync(
            CliRunner.WithDatabase(database, "user", "create", "--email", "marie.delcourt@saint-laurent-blangy.example",
                "--name", "Marie Delcourt", "--password-stdin"),
            input: "motdepasse2026\n");

        var line = result.AssertOneErrorLine();
        Assert.StartsWith("egide: --password-stdin : ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("motdepasse2026", line, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        await using var db = database.CreateDb();
        Assert.Equal(0, await db.Users.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Egide_RegisterExport_WritesTheCsvAndRefusesToOverwriteIt(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (organization, folder) = await RegisterCommandsTests.SetUpAsync(database);
        try
        {
            var path = Path.Combine(folder, "registre.csv");
            string[] export = ["register", "export", "--org", organization.ToString(), "--format", "csv", "-o", path];

            var first = await RunAsync(CliRunner.WithDatabase(database, export));
            var second = await RunAsync(CliRunner.WithDatabase(database, export));

            first.AssertSuccess();
            Assert.Contains("1 traitement exporté", first.Out, StringComparison.Ordinal);
            Assert.Equal("RH-001", Assert.Single(Privacy.Register.ExportRegisterTests.ReadCsv(
                await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken), out _))["Référence"]);
            Assert.Contains("--force", second.AssertOneErrorLine(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Egide_UnknownOption_ExitsTwoWithOneLineOnStderr()
    {
        var result = await RunAsync(["org", "list", "--colour"]);

        Assert.Contains("--colour", result.AssertOneErrorLine(), StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    /// <param name="input">Standard input, closed after it; empty when null, so nothing ever waits on a terminal.</param>
    private static async Task<CliResult> RunAsync(string[] args, string? input = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(EgideDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.StandardInput.WriteAsync(input ?? "");
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program ended without reading its input; its exit code and streams still tell.
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The host running these tests (dotnet test/run set DOTNET_HOST_PATH), else dotnet from PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>egide.dll copied beside the tests by the project reference, else the CLI project's own output.</summary>
    private static string EgideDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "egide.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bin = Path.Combine(dir.FullName, "src", "Egide.Cli", "bin");
            if (Directory.Exists(bin))
            {
                var built = Directory.GetFiles(bin, "egide.dll", SearchOption.AllDirectories)
                    .Where(f => File.Exists(Path.ChangeExtension(f, ".runtimeconfig.json")))
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault();
                if (built is not null)
                {
                    return built;
                }
            }
        }
        throw new FileNotFoundException("egide.dll: build src/Egide.Cli first.");
    }
}
