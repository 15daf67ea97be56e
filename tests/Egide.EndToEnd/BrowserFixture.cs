using Microsoft.Playwright;
using Xunit;

[assembly: AssemblyFixture(typeof(Egide.EndToEnd.BrowserFixture))]

namespace Egide.EndToEnd;

/// <summary>
/// One Playwright driver and one headless Chromium for the whole run (starting them costs about a
/// second); every test opens its own <see cref="BrowserSession"/>, i.e. a fresh browser context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium: Playwright's own browser download does not work on these machines.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("EGIDE_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Evidence of the last run, next to the test binaries: bin/…/TestResults/screenshots.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Playwright traces of failed tests (open with https://trace.playwright.dev or `playwright show-trace`).</summary>
    public static string TraceFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "traces");

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser fixture is not initialised.");

    public async ValueTask InitializeAsync()
    {
        // Screenshots are kept as evidence of this run only: a renamed test must not leave stale ones.
        foreach (var folder in new[] { ScreenshotFolder, TraceFolder })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            Directory.CreateDirectory(folder);
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {ChromiumPath}: `apt-get install -y --no-install-recommends chromium`, or set EGIDE_TEST_CHROMIUM.");
        }

        // The node driver ships in the NuGet package (copied to bin/.playwright); nothing is downloaded.
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        // Two slow cores on CI: the first request of a test also builds EF Core's model.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>A fresh browser context (own cookies, storage) on the app at <paramref name="baseAddress"/>.</summary>
    public Task<BrowserSession> OpenSessionAsync(Uri baseAddress, string testName) =>
        BrowserSession.OpenAsync(Browser, baseAddress, testName);

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }
        playwright?.Dispose();
    }
}
