using Egide.Core.Account;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Requests;
using Egide.Testing;
using Xunit;

namespace Egide.Core.Tests.Cli;

/// <summary><c>egide deadlines</c>: an organisation's overdue deadlines and those falling due within N days.</summary>
public sealed class DeadlineCommandsTests
{
    /// <summary>
    /// Requests 3 days overdue, due today, in 5 days and in 40 days, one answered; a breach with 12 h 30 min left and
    /// one 2 h 05 min overdue. Dates are relative to the real clock (the CLI reads it).
    /// </summary>
    private static async Task<(Guid Organization, DateTime Now)> SetUpAsync(TestDatabase database)
    {
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        await DeadlineData.MemberAsync(database, organization, "dpo@agny.example", OrganizationRoles.Dpo);
        var now = DateTime.UtcNow;
        var today = Periods.ParisDate(now);
        await DeadlineData.RequestAsync(database, organization, "DD-2026-001", today.AddDays(-3));
        await DeadlineData.RequestAsync(database, organization, "DD-2026-002", today, kind: RightsRequestKind.Erasure);
        await DeadlineData.RequestAsync(database, organization, "DD-2026-003", today.AddDays(5), RightsRequestStatus.InProgress);
        await DeadlineData.RequestAsync(database, organization, "DD-2026-004", today.AddDays(40));
        await DeadlineData.RequestAsync(database, organization, "DD-2026-005", today.AddDays(1), RightsRequestStatus.Answered);
        // Half a minute of margin each way: the command runs a moment later, and durations are whole minutes rounded down.
        await DeadlineData.BreachAsync(database, organization, "VD-2026-001", now - TimeSpan.FromHours(72) + new TimeSpan(12, 30, 30));
        await DeadlineData.BreachAsync(database, organization, "VD-2026-002", now - TimeSpan.FromHours(72) - new TimeSpan(2, 5, 5));
        var other = await DeadlineData.OrganizationAsync(database, "Commune de Beaurains");
        await DeadlineData.RequestAsync(database, other, "DD-2026-009", today);
        return (organization, now);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Deadlines_Default30Days_OverdueAndComingSoonestFirst(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (organization, now) = await SetUpAsync(database);
        var today = Periods.ParisDate(now);

        var result = await CliRunner.RunAsync(database, "deadlines", "--org", organization.ToString());

        result.AssertSuccess();
        var lines = result.OutLines;
        Assert.Equal(2 + 5 + 1, lines.Count);
        Assert.Matches("^Échéance +État +Type +Référence +Objet$", lines[0]);
        Assert.Matches(@"^-+  -+  -+  -+  -+$", lines[1]);
        Assert.Equal(Expected(now, 30), References(result));
        var rows = lines.Skip(2).Take(5).ToDictionary(r => Cells(r)[3]);
        Assert.Equal([FrenchFormat(today.AddDays(-3)), "en retard de 3 jours", "Demande de droits", "DD-2026-001", "Réponse due – demande d'accès DD-2026-001"], Cells(rows["DD-2026-001"]));
        var overdueBreach = Cells(rows["VD-2026-002"]);
        Assert.Equal("dépassé de 2 h 05 min", overdueBreach[1]);
        Assert.Matches(@"^\d\d/\d\d/\d{4} à \d{1,2} h \d\d$", overdueBreach[0]);
        Assert.Equal(["Violation (CNIL)", "VD-2026-002", "Notification à la CNIL – violation de données VD-2026-002 (72 heures)"], overdueBreach[2..]);
        Assert.Equal("reste 12 h 30 min", Cells(rows["VD-2026-001"])[1]);
        Assert.Equal("aujourd'hui", Cells(rows["DD-2026-002"])[1]);
        Assert.Equal("Réponse due – demande d'effacement DD-2026-002", Cells(rows["DD-2026-002"])[4]);
        Assert.Equal("dans 5 jours", Cells(rows["DD-2026-003"])[1]);
        Assert.Equal("5 échéances, dont 2 dépassées.", lines[^1]);
        Assert.DoesNotContain("DD-2026-004", result.Out, StringComparison.Ordinal); // in 40 days
        Assert.DoesNotContain("DD-2026-005", result.Out, StringComparison.Ordinal); // answered
        Assert.DoesNotContain("DD-2026-009", result.Out, StringComparison.Ordinal); // another organisation's
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Deadlines_DaysOption_WidensOrNarrowsTheWindow(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (organization, now) = await SetUpAsync(database);

        var todayOnly = await CliRunner.RunAsync(database, "deadlines", "--org", organization.ToString(), "--days", "0");
        var wider = await CliRunner.RunAsync(database, "deadlines", "--org", organization.ToString(), "--days", "40");

        todayOnly.AssertSuccess();
        Assert.Equal(Expected(now, 0), References(todayOnly));
        wider.AssertSuccess();
        Assert.Equal(Expected(now, 40), References(wider));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Deadlines_NothingDue_SaysSo(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");
        await DeadlineData.RequestAsync(database, organization, "DD-2026-001", Periods.ParisDate(DateTime.UtcNow).AddDays(20));

        var result = await CliRunner.RunAsync(database, "deadlines", "--org", organization.ToString(), "--days", "10");

        result.AssertSuccess();
        Assert.Equal(["Aucune échéance dans les 10 prochains jours."], result.OutLines);
    }

    [Theory]
    [InlineData("367")]
    [InlineData("-1")]
    [InlineData("trente")]
    [InlineData("")]
    public async Task Deadlines_DaysOutOfRange_OneLineExit2(string days)
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        var organization = await DeadlineData.OrganizationAsync(database, "Commune d'Agny");

        var result = await CliRunner.RunAsync(database, "deadlines", "--org", organization.ToString(), "--days", days);

        Assert.Equal("egide: --days attend un nombre de jours entre 0 et 366", result.AssertOneErrorLine());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Deadlines_UnknownOrganisation_OneLineExit2(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(database, "deadlines", "--org", "123 456 789");

        var line = result.AssertOneErrorLine();
        Assert.StartsWith("egide: --org : ", line, StringComparison.Ordinal);
        Assert.Contains("123 456 789", line, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Deadlines_WithoutOrg_OneLineExit2()
    {
        var result = await CliRunner.RunAsync("deadlines");

        Assert.Contains("--org", result.AssertOneErrorLine(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The references listed within <paramref name="days"/>, soonest first. Where the breach with 12 h 30 min left
    /// stands depends on the hour the test runs: before or after the end of today's Paris day.
    /// </summary>
    private static List<string> Expected(DateTime now, int days)
    {
        var today = Periods.ParisDate(now);
        var all = new (string Reference, DateTime DueAt)[]
        {
            ("DD-2026-001", Periods.DueAt(today.AddDays(-3))),
            ("VD-2026-002", now - new TimeSpan(2, 5, 5)),
            ("VD-2026-001", now + new TimeSpan(12, 30, 30)),
            ("DD-2026-002", Periods.DueAt(today)),
            ("DD-2026-003", Periods.DueAt(today.AddDays(5))),
            ("DD-2026-004", Periods.DueAt(today.AddDays(40))),
        };
        var until = Periods.EndOfParisDay(today.AddDays(days));
        return [.. all.Where(d => d.DueAt <= until).OrderBy(d => d.DueAt).Select(d => d.Reference)];
    }

    private static string FrenchFormat(DateOnly day) => Core.Common.FrenchFormat.Date(day);

    private static string[] Cells(string row) => row.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<string> References(CliResult result) => [.. result.OutLines.Skip(2).SkipLast(1).Select(r => Cells(r)[3])];
}
