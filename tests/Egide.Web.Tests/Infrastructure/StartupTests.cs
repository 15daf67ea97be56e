using System.Diagnostics;
using Xunit;

namespace Egide.Web.Tests.Infrastructure;

/// <summary>The real entry point, run as a process: bad configuration stops it with one clear line.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("egide-startup-").FullName;

    [Theory]
    [InlineData("--database", "ceci n'est pas une chaîne de connexion", "EGIDE_DATABASE", 2)]
    [InlineData("--demo", "peut-être", "EGIDE_DEMO", 2)]
    [InlineData("--database", "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2", "base de données inaccessible", 1)]
    public async Task Start_BadConfiguration_OneLineAndNonZeroExit(string option, string value, string named, int exitCode)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Egide.Web.dll"), "--data", _data, option, value, "--urls", "http://127.0.0.1:0" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["Logging__LogLevel__Default"] = "None" },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(exitCode, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("egide: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Egide est prêt", await stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
