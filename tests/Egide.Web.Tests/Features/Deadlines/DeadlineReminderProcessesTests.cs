using System.Collections.Concurrent;
using System.Diagnostics;
using Egide.Core.Account;
using Egide.Core.Deadlines;
using Egide.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Egide.Web.Tests.Features.Deadlines;

/// <summary>
/// Two real application processes on one PostgreSQL database, their first reminder passes released at the same
/// instant: every reminder reaches the real SMTP server once per recipient. Each round costs some 45 seconds (a fresh
/// database, two processes starting): two rounds, since the lock makes the race happen every time rather than by luck.
/// </summary>
public sealed class DeadlineReminderProcessesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoProcesses_FirstPassesAtOnce_EachReminderDeliveredOncePerRecipient()
    {
        TestDatabase.PostgresServer(); // skips with a clear message when there is no PostgreSQL
        for (var round = 1; round <= 2; round++)
        {
            await RoundAsync(round);
        }
    }

    private static async Task RoundAsync(int round)
    {
        await using var database = await TestDatabase.CreateAsync(Db.Postgres);
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        var dpo = await DeadlineData.MemberAsync(database, organization, TestSmtp.NewRecipient("dpo"), OrganizationRoles.Dpo);
        var referent = await DeadlineData.MemberAsync(database, organization, TestSmtp.NewRecipient("referent"), OrganizationRoles.PrivacyReferent);
        var mayor = await DeadlineData.MemberAsync(database, organization, TestSmtp.NewRecipient("maire"), OrganizationRoles.Controller);
        var now = DateTime.UtcNow;
        for (var i = 1; i <= 3; i++)
        {
            await DeadlineData.BreachAsync(database, organization, $"VD-2026-00{i}", now - TimeSpan.FromHours(48) - TimeSpan.FromMinutes(10));
        }
        for (var i = 1; i <= 2; i++)
        {
            await DeadlineData.RequestAsync(database, organization, $"DD-2026-00{i}", Periods.ParisDate(now).AddDays(2));
        }
        // Breaches: DPO, referent, mayor; requests: DPO, referent.
        var expected = new Dictionary<string, int> { [dpo] = 3 + 2, [referent] = 3 + 2, [mayor] = 3 };

        // The outbox is locked until both processes wait on it in their first reminder pass: then both go at once.
        await using var gate = new NpgsqlConnection(database.ConnectionString);
        await gate.OpenAsync(Ct);
        await using (var begin = new NpgsqlCommand("BEGIN; LOCK TABLE \"OutboxMessages\" IN ACCESS EXCLUSIVE MODE", gate))
        {
            await begin.ExecuteNonQueryAsync(Ct);
        }
        var processes = new List<(Process Process, ConcurrentQueue<string> Output, string Data)>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                processes.Add(Start(database));
            }
            await WaitUntilAsync(async () => await WaitingOnKeyCheckAsync(database) >= 2, TimeSpan.FromSeconds(60),
                () => $"round {round}: both processes never waited in their reminder pass. " + Describe(processes) + " | " + SessionsAsync(database).GetAwaiter().GetResult());
            await using (var commit = new NpgsqlCommand("COMMIT", gate))
            {
                await commit.ExecuteNonQueryAsync(Ct);
            }

            await WaitUntilAsync(async () =>
            {
                await using var db = database.CreateDb();
                var messages = await db.OutboxMessages.AsNoTracking().Select(m => m.SentAt).ToListAsync(Ct);
                return messages.Count == expected.Values.Sum() && messages.All(sent => sent is not null);
            }, TimeSpan.FromSeconds(60), () => $"round {round}: the outbox was not emptied. " + Describe(processes));
            foreach (var (recipient, count) in expected)
            {
                await TestSmtp.WaitForAsync(recipient, count, TimeSpan.FromSeconds(20));
            }
            await Task.Delay(TimeSpan.FromSeconds(2), Ct); // time for a copy to arrive, if there were one

            foreach (var (recipient, count) in expected)
            {
                Assert.True(TestSmtp.Received(recipient).Count == count,
                    $"round {round}: {TestSmtp.Received(recipient).Count} mails for {recipient.Split('.')[0]}, expected {count}");
            }
            // Both passes ran; the one that saved logged it, the other found the keys taken (or lost the race on them).
            var logged = processes.Select(p => p.Output.Count(line => line.Contains($"Deadline reminders: {expected.Values.Sum()} mail(s) enqueued", StringComparison.Ordinal))).ToList();
            Assert.True(logged.Sum() == 1, $"round {round}: " + Describe(processes));
        }
        finally
        {
            foreach (var (process, _, data) in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
                await process.WaitForExitAsync(CancellationToken.None);
                process.Dispose();
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static (Process, ConcurrentQueue<string>, string) Start(TestDatabase database)
    {
        var data = Directory.CreateTempSubdirectory("egide-node-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Egide.Web.dll"), "--urls", "http://127.0.0.1:0" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["EGIDE_DATA"] = data,
                ["EGIDE_DATABASE"] = database.ConnectionString,
                ["EGIDE_DEMO"] = "false",
                ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Egide.Web.Features.Deadlines"] = "Information",
                ["Logging__Console__FormatterName"] = "systemd",
            },
        };
        foreach (var (key, value) in TestSmtp.Configuration(outboxIntervalSeconds: 1))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue("stderr: " + e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output, data);
    }

    /// <summary>Sessions of this database blocked on a lock while checking a mail key (the reminders' IsEnqueuedAsync).</summary>
    private static async Task<long> WaitingOnKeyCheckAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND wait_event_type = 'Lock' AND query LIKE 'SELECT EXISTS%\"Key\" = %'", connection);
        command.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<string> SessionsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.PostgresServer());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(state, '') || ' ' || coalesce(wait_event_type, '') || ' ' || left(query, 200) FROM pg_stat_activity WHERE datname = @db", connection);
        command.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join(" || ", lines);
    }

    private static string Describe(List<(Process Process, ConcurrentQueue<string> Output, string Data)> processes) =>
        string.Join(" | ", processes.Select((p, i) => $"process {i + 1}{(p.Process.HasExited ? $" (exited {p.Process.ExitCode})" : "")}: {string.Join(" / ", p.Output)}"));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure());
            await Task.Delay(100, Ct);
        }
    }
}
