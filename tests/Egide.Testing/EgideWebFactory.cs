using Egide.Core.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Egide.Testing;

/// <summary>
/// The real web application on a test database; optionally served by Kestrel for a browser.
/// <paramref name="settings"/> adds configuration keys (e.g. <see cref="TestSmtp.Configuration"/>).
/// </summary>
public sealed class EgideWebFactory(
    TestDatabase database,
    bool demoData = false,
    Action<IServiceCollection>? services = null,
    IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>
    /// Dozens of test hosts run at once; each would watch appsettings.json for changes with an inotify
    /// instance, and Linux allows 128 per user. Tests never edit the file, so nothing is watched.
    /// Pages also watch their stylesheet and script for asp-append-version: polling instead of inotify.
    /// </summary>
    static EgideWebFactory()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Database.Configuration)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting(EgideSettings.DemoKey, demoData ? "true" : "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>Starts the app on Kestrel at a free loopback port and returns its root URL (for Playwright).</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress;
    }
}
