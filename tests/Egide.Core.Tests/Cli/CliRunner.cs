using Egide.Cli;
using Egide.Testing;
using Xunit;

namespace Egide.Core.Tests.Cli;

public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public IReadOnlyList<string> OutLines => Lines(Out);

    public IReadOnlyList<string> ErrorLines => Lines(Error);

    /// <summary>Asserts the CLI's error contract (exit code, exactly one line on stderr starting with "egide: "), returns the line.</summary>
    public string AssertOneErrorLine(int exitCode = 2)
    {
        Assert.True(ExitCode == exitCode, $"exit code {ExitCode}, expected {exitCode}; stderr: {Error}; stdout: {Out}");
        var line = Assert.Single(ErrorLines);
        Assert.StartsWith("egide: ", line, StringComparison.Ordinal);
        return line;
    }

    /// <summary>Asserts success: exit code 0 and nothing on stderr.</summary>
    public void AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}; stderr: {Error}; stdout: {Out}");
        Assert.Empty(Error);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the CLI in process, as Program.cs does, with its output captured.</summary>
public static class CliRunner
{
    /// <summary>Standard input is empty: a command that reads it never waits on the console.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, TextReader.Null);

    /// <summary>Runs a command against a test database with <paramref name="input"/> as its standard input.</summary>
    public static async Task<CliResult> RunWithInputAsync(string input, TestDatabase database, params string[] command)
    {
        using var stdin = new StringReader(input);
        return await RunAsync(WithDatabase(database, command), stdin);
    }

    private static async Task<CliResult> RunAsync(string[] args, TextReader stdin)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, stdin, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a command against a test database; both options are always given, so EGIDE_DATA/EGIDE_DATABASE never count.</summary>
    public static Task<CliResult> RunAsync(TestDatabase database, params string[] command) =>
        RunAsync(WithDatabase(database, command));

    /// <summary>The command followed by --data and --database (empty on SQLite: "no PostgreSQL", whatever the environment says).</summary>
    public static string[] WithDatabase(TestDatabase database, params string[] command) =>
        [.. command, .. database.CliOptions];
}
