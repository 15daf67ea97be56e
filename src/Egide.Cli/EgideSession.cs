using Egide.Core.Account;
using System.Net.Sockets;
using Egide.Core;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Egide.Cli;

/// <summary>
/// The Core services of one command, registered exactly as the web application registers them.
/// No logging provider: Core logs nothing of its own, and EF Core's error logs would only repeat the
/// failure that the CLI reports as its single line on stderr.
/// </summary>
internal sealed class EgideSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    private EgideSession(ServiceProvider services)
    {
        _services = services;
        _scope = services.CreateAsyncScope();
    }

    public EgideSettings Settings => _services.GetRequiredService<EgideSettings>();

    public EgideDb Db => Get<EgideDb>();

    /// <summary>Where the data is, for messages; never the connection string, which may hold a password.</summary>
    public string DatabaseDescription => Describe(Settings);

    /// <summary>Reads the configuration; throws <see cref="EgideConfigurationException"/> when it is wrong.</summary>
    public static EgideSession Open(IEnumerable<KeyValuePair<string, string?>> overrides)
    {
        var configuration = EgideConfiguration.ForCli(overrides);
        var services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddEgideCore()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var session = new EgideSession(services);
        try
        {
            _ = session.Settings;
        }
        catch
        {
            services.Dispose();
            throw;
        }
        return session;
    }

    public T Get<T>()
        where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>Runs a command; a database failure becomes a <see cref="CliException"/> naming the database.</summary>
    public async Task<int> RunAsync(bool migrate, Func<EgideSession, Task<int>> command, CancellationToken ct)
    {
        try
        {
            if (migrate && (await Db.Database.GetPendingMigrationsAsync(ct)).Any())
            {
                await DatabaseSetup.MigrateAsync(Db, ct);
            }
            if (migrate)
            {
                // Before the command: a key made lazily could be made inside its transaction (an invitation's token).
                DataProtectionKeyRing.EnsureAhead(_scope.ServiceProvider);
            }
            return await command(this);
        }
        catch (Exception e) when (DatabaseError(e) is { } cause && !ct.IsCancellationRequested)
        {
            var detail = cause.InnerException is { } inner && !cause.Message.Contains(inner.Message.TrimEnd('.'), StringComparison.Ordinal)
                ? $"{cause.Message} ({inner.Message})"
                : cause.Message;
            var setting = Settings.Provider == DatabaseProvider.Postgres ? "--database, EGIDE_DATABASE" : "--data, EGIDE_DATA";
            throw new CliException($"base de données inaccessible ou en erreur ({DatabaseDescription}, voir {setting}) : {detail}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }

    private static string Describe(EgideSettings settings)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            return $"SQLite {settings.SqlitePath}";
        }
        var builder = new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>The driver's exception in the chain, however EF Core wrapped it (DbUpdateException, InvalidOperationException…).</summary>
    private static Exception? DatabaseError(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException or SqliteException or SocketException or TimeoutException)
            {
                return current;
            }
        }
        return null;
    }
}
