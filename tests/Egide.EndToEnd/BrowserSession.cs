using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using Xunit;

namespace Egide.EndToEnd;

/// <summary>
/// One test's browser: a fresh context and page on the app, a full-page screenshot per step
/// (TestResults/screenshots/&lt;test&gt;-&lt;NN&gt;-&lt;step&gt;.png, kept as evidence), and a watch on
/// everything the page should never do: console errors, uncaught exceptions, Content Security
/// Policy violations, HTTP errors. The app sends a strict CSP (no inline script or style), so the
/// watch catches a template that slips one in.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const string CspBinding = "__egideCspViolation";

    private readonly IBrowserContext context;
    private readonly string testName;
    private readonly ConcurrentQueue<string> problems = new();
    private readonly Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private int step;
    private bool completed;

    private BrowserSession(IBrowserContext context, IPage page, string testName)
    {
        this.context = context;
        this.testName = testName;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>What went wrong in the page so far, in order.</summary>
    public IReadOnlyCollection<string> Problems => problems;

    internal static async Task<BrowserSession> OpenAsync(IBrowser browser, Uri baseAddress, string testName)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // DOM snapshots only: screencast frames would double the run time, and each step has its own screenshot.
        await context.Tracing.StartAsync(new TracingStartOptions { Title = testName, Snapshots = true });
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page, SafeFileName(testName));

        // Chromium also logs CSP violations as console errors; the DOM event is a second witness
        // that names the directive. The binding and the init script go through the DevTools
        // protocol, so the page's own CSP does not block them.
        await context.ExposeFunctionAsync(CspBinding, (string violation) => session.problems.Enqueue("CSP: " + violation));
        await context.AddInitScriptAsync($$"""
            document.addEventListener("securitypolicyviolation", e =>
              window.{{CspBinding}}(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} in ${e.sourceFile || e.documentURI}:${e.lineNumber}`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                session.problems.Enqueue($"console.{message.Type}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => session.problems.Enqueue("JavaScript exception: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                session.problems.Enqueue($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        page.RequestFailed += (_, request) =>
            session.problems.Enqueue($"request failed: {request.Method} {request.Url} ({request.Failure})");
        return session;
    }

    /// <summary>Saves a full-page screenshot of this step, then fails if the page misbehaved so far.</summary>
    public async Task StepAsync(string name)
    {
        var number = Interlocked.Increment(ref step);
        var reached = clock.Elapsed;
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{testName}-{number:00}-{SafeFileName(name)}.png"),
            FullPage = true,
        });
        TestContext.Current.TestOutputHelper?.WriteLine(FormattableString.Invariant(
            $"{number:00} {name}: reached at {reached.TotalSeconds:0.00} s, screenshot {(clock.Elapsed - reached).TotalMilliseconds:0} ms"));
        AssertNoProblems($"by step {number:00} '{name}'");
    }

    /// <summary>Ends the journey: no problem may have happened; the trace is then not kept.</summary>
    public async Task CompleteAsync()
    {
        await FlushAsync();
        AssertNoProblems("during the test");
        completed = true;
    }

    /// <summary>Console and binding events travel asynchronously; a round trip to the page lets them arrive.</summary>
    public async Task FlushAsync() => await Page.EvaluateAsync("() => 0");

    /// <summary>For a test that provokes problems on purpose, once it has checked them.</summary>
    public void ClearProblems() => problems.Clear();

    private void AssertNoProblems(string when)
    {
        if (problems.IsEmpty)
        {
            return;
        }
        var report = new StringBuilder($"The page reported {problems.Count} problem(s) {when}:");
        foreach (var problem in problems)
        {
            report.Append("\n  - ").Append(problem);
        }
        Assert.Fail(report.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (completed)
            {
                await context.Tracing.StopAsync();
            }
            else
            {
                // The test failed (or forgot CompleteAsync): keep what the page looked like, and the trace.
                await Page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{testName}-echec.png"),
                    FullPage = true,
                });
                await context.Tracing.StopAsync(new TracingStopOptions { Path = Path.Combine(BrowserFixture.TraceFolder, $"{testName}.zip") });
            }
        }
        catch (PlaywrightException)
        {
            // Evidence is best effort: a crashed page must not hide the test's own failure.
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static string SafeFileName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c);
        }
        return safe.ToString();
    }
}
