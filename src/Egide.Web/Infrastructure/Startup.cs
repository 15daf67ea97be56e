using Egide.Core.Account;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Egide.Web.Infrastructure;

/// <summary>A start-up failure worth one clear line rather than a stack trace.</summary>
public sealed class StartupException(string message, Exception inner) : Exception(message, inner);

public static class Startup
{

    /// <summary>Checks the configuration, applies the migrations and loads the demo data on first start.</summary>
    /// <returns>What to tell the person at the console about the demo accounts (nothing after the first start).</returns>
    public static async Task<IReadOnlyList<string>> PrepareDatabaseAsync(this WebApplication app)
    {
        var demoAccountLines = new List<string>();
        var settings = app.Services.GetRequiredService<EgideSettings>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Egide.Startup");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EgideDb>();
        try
        {
            var applied = await DatabaseSetup.MigrateAsync(db);
            if (applied.Count > 0)
            {
                logger.LogInformation("Database {Provider}: {Count} migration(s) applied", settings.Provider, applied.Count);
            }
            // Before the first request: a key made lazily could be made inside a use case's transaction.
            DataProtectionKeyRing.EnsureAhead(app.Services);
            if (settings.SeedDemoData && !db.Organizations.Any())
            {
                var added = await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
                logger.LogInformation("Demo data loaded: {Count} organisations", added);
                // Before the accounts: the alerts the demo registers raise are not mailed to the demo controllers.
                var activities = await scope.ServiceProvider.GetRequiredService<DemoRegisters>().SeedAsync();
                logger.LogInformation("Demo registers loaded: {Count} processing activities", activities);
                var casework = await scope.ServiceProvider.GetRequiredService<DemoCasework>().SeedAsync();
                logger.LogInformation("Demo casework loaded: {Count} rights requests and data breaches", casework);
                var accounts = await scope.ServiceProvider.GetRequiredService<DemoAccounts>().SeedAsync();
                if (accounts.Count > 0)
                {
                    var lines = DemoAccounts.Describe(accounts).ToList();
                    // Also kept in the data folder, readable by its owner only, for whoever missed the console.
                    var file = Path.Combine(settings.DataFolder, "comptes-demo.txt");
                    await File.WriteAllLinesAsync(file, lines);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    }
                    lines.Add($"  (copie dans {file})");
                    demoAccountLines = lines;
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or SqliteException or TimeoutException)
        {
            var where = settings.Provider == DatabaseProvider.Postgres ? "PostgreSQL (EGIDE_DATABASE)" : settings.SqlitePath;
            throw new StartupException($"base de données inaccessible : {where} : {e.Message}", e);
        }
        return demoAccountLines;
    }

    /// <summary>Tells the person who ran `dotnet run` where to go.</summary>
    public static void AnnounceAddresses(this WebApplication app, IReadOnlyList<string> demoAccountLines) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var settings = app.Services.GetRequiredService<EgideSettings>();
            foreach (var address in addresses)
            {
                Console.WriteLine($"Egide est prêt : {address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)}");
            }
            Console.WriteLine($"Données : {(settings.Provider == DatabaseProvider.Postgres ? "PostgreSQL" : settings.SqlitePath)}");
            foreach (var line in demoAccountLines)
            {
                Console.WriteLine(line);
            }
        });
}
