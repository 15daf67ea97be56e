using System.Net;
using Egide.Testing;
using Xunit;

namespace Egide.EndToEnd;

/// <summary>The real app with its demo data, on a database of its own, served by Kestrel on loopback for the browser.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private RunningApp(TestDatabase database, EgideWebFactory factory, Uri baseAddress)
    {
        Database = database;
        Factory = factory;
        BaseAddress = baseAddress;
    }

    public TestDatabase Database { get; }

    public EgideWebFactory Factory { get; }

    public Uri BaseAddress { get; }

    /// <param name="services">Test replacements, e.g. a <see cref="TestClock"/> for a journey that moves time.</param>
    public static async Task<RunningApp> StartAsync(Db provider, IReadOnlyDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        EgideWebFactory? factory = null;
        try
        {
            factory = new EgideWebFactory(database, demoData: true, services: services, settings: settings);
            var baseAddress = factory.StartKestrel();
            // A browser cannot reach the in-memory TestServer (whose address is http://localhost/): this must be
            // the port Kestrel was given, on loopback only.
            Assert.True(
                baseAddress.Host == IPAddress.Loopback.ToString() && baseAddress.Port is > 0 and not 80,
                $"StartKestrel should return Kestrel's address, http://127.0.0.1:<port>/, not {baseAddress}.");
            return new RunningApp(database, factory, baseAddress);
        }
        catch
        {
            if (factory is not null)
            {
                await factory.DisposeAsync();
            }
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>A platform administrator with a second factor, made through the app's own services.</summary>
    public Task<TestAccount> CreateAdminAsync(string email = "admin.tests@egide.example") =>
        TestAccounts.CreateAsync(Factory.Services, email, platformAdmin: true);

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
