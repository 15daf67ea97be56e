using Egide.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Egide.EndToEnd;

/// <summary>The watch on console errors and CSP violations would be worthless if it could not see one.</summary>
public sealed class BrowserSessionTests(BrowserFixture browser)
{
    [Fact]
    public async Task Problems_InlineScriptAndStyleInjected_ReportsCspViolations()
    {
        await using var app = await RunningApp.StartAsync(Db.Sqlite);
        await using var session = await browser.OpenSessionAsync(app.BaseAddress, nameof(Problems_InlineScriptAndStyleInjected_ReportsCspViolations));
        var page = session.Page;
        await page.GotoAsync("/");
        await Expect(page).ToHaveTitleAsync("Connexion – Egide"); // the sign-in page: no account needed here
        Assert.Empty(session.Problems);

        // What a careless template would do; Playwright's evaluate itself is not subject to the CSP.
        // The promise settles once the page has seen both violations, after the session's own listener
        // (or after 5 s, so that a watch that sees nothing fails below rather than hangs).
        await page.EvaluateAsync("""
            () => new Promise(resolve => {
              setTimeout(resolve, 5000);
              let seen = 0;
              document.addEventListener("securitypolicyviolation", () => { if (++seen === 2) setTimeout(resolve, 0); });
              const script = document.createElement("script");
              script.textContent = "window.inlineRan = true";
              document.body.append(script);
              document.body.insertAdjacentHTML("beforeend", '<p style="color: red">style en ligne</p>');
            })
            """);
        Assert.False(await page.EvaluateAsync<bool>("() => window.inlineRan === true"));
        await session.FlushAsync();

        Assert.Contains(session.Problems, p => p.StartsWith("CSP: script-src", StringComparison.Ordinal));
        Assert.Contains(session.Problems, p => p.StartsWith("CSP: style-src", StringComparison.Ordinal));
        Assert.Contains(session.Problems, p => p.StartsWith("console.error", StringComparison.Ordinal) && p.Contains("Content Security Policy", StringComparison.Ordinal));

        session.ClearProblems();
        await session.CompleteAsync();
    }
}
