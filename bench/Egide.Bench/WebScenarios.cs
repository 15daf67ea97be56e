extern alias web;

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Egide.Core.Account;
using Egide.Core.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Egide.Bench;

/// <summary>
/// The real web application in this process, on the benchmark's database, configured as the tests host it
/// (no demo data, Production, warnings only) and served by Kestrel on a free loopback port.
/// </summary>
internal sealed class BenchWebApp(IReadOnlyDictionary<string, string?> configuration) : WebApplicationFactory<web::Program>
{
    /// <summary>Read by the host builder from the environment: no watching of appsettings.json, polling for asp-append-version.</summary>
    static BenchWebApp()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in configuration)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting(EgideSettings.DemoKey, "false");
        // The factory looks for its manifest in the working directory (a test's is its bin folder); `dotnet run` keeps the shell's.
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json"))))
        {
            builder.UseContentRoot(manifest.RootElement.GetProperty(typeof(web::Program).Assembly.FullName!).GetString()!);
        }
        builder.UseEnvironment("Production");
        builder.UseSetting("Logging:LogLevel:Default", "Warning"); // appsettings.json says Information
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
    }
}

/// <summary>
/// The register list page and the API list over real HTTP (loopback sockets, Kestrel, the whole pipeline): a member
/// of the organisation signed in through /connexion for the page, a personal access token of hers for the API.
/// </summary>
internal static partial class WebScenarios
{
    private const string Email = "banc.essai@egide.example";
    private const string Password = "cheval agrafe batterie correcte";

    public static async Task<IReadOnlyList<Measurement>> RunAsync(
        string label, IReadOnlyDictionary<string, string?> configuration, Guid organization, Options options, List<string> failures, CancellationToken ct)
    {
        await using var app = new BenchWebApp(configuration);
        app.UseKestrel(0);
        app.StartServer();
        var baseAddress = app.ClientOptions.BaseAddress;

        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var person = Expect(await services.GetRequiredService<CreateUser.Handler>()
                .Handle(new CreateUser.Command(Email, "Banc d'essai", Password), ct), "person");
            Expect(await services.GetRequiredService<AddMembership.Handler>()
                .Handle(new AddMembership.Command(person.Id, organization, OrganizationRoles.PrivacyReferent | OrganizationRoles.Reader), ct), "membership");
            token = Expect(await services.GetRequiredService<CreateApiToken.Handler>()
                .Handle(new CreateApiToken.Command(person.Id, organization, "banc d'essai", OrganizationRoles.Reader, 1), ct), "token").Secret;
        }

        using var browser = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var script = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var results = new List<Measurement>();
        if (await SignInAsync(browser, ct) is { } signInFailure)
        {
            Fail(failures, label, "sign-in through /connexion", signInFailure);
        }
        else
        {
            await TimeAsync("HTTP page: /registre (50 rows)", browser, "/registre", PageRows);
            await TimeAsync("HTTP page: /registre?q=rsa&status=Validated", browser, "/registre?q=rsa&status=Validated", PageRows);
        }
        var api = $"/api/v1/organizations/{organization}/register/activities";
        await TimeAsync("HTTP API: list (50 rows)", script, api, ApiRows);
        await TimeAsync("HTTP API: list ?search=rsa&hasAlert=true", script, api + "?search=rsa&hasAlert=true", ApiRows);
        return results;

        // One checked request first: a scenario whose answer is not the list is reported, never timed.
        async Task TimeAsync(string scenario, HttpClient client, string path, Func<string, int?> rows)
        {
            var (status, body) = await GetAsync(client, path, ct);
            if (status != HttpStatusCode.OK || rows(body) is null)
            {
                Fail(failures, label, $"{scenario} (GET {path})", $"answered {(int)status} {status}{(status == HttpStatusCode.OK ? " without the list" : "")}");
                return;
            }
            var wrong = 0;
            results.Add(await Measurement.RunAsync(label, scenario, options, async () =>
            {
                var (s, b) = await GetAsync(client, path, ct);
                var count = s == HttpStatusCode.OK ? rows(b) : null;
                wrong += count is null ? 1 : 0;
                return count ?? 0;
            }));
            if (wrong > 0)
            {
                Fail(failures, label, $"{scenario} (GET {path})", $"{wrong} answers of {options.Warmup + options.Iterations} were not the list; its figures are not the page's");
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>The rows of the page's register table; null when the page has no such table.</summary>
    private static int? PageRows(string html)
    {
        var table = html.IndexOf("<table class=\"register-table\"", StringComparison.Ordinal);
        var start = table < 0 ? -1 : html.IndexOf("<tbody>", table, StringComparison.Ordinal);
        var end = start < 0 ? -1 : html.IndexOf("</tbody>", start, StringComparison.Ordinal);
        return end < 0 ? null : RowTag().Count(html.AsSpan(start, end - start));
    }

    /// <summary>The items of the API's page; null when the answer is not one.</summary>
    private static int? ApiRows(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Posts the sign-in form as a browser would (its hidden fields, among them the antiforgery token, and the cookies);
    /// null when signed in, else what went wrong.
    /// </summary>
    private static async Task<string?> SignInAsync(HttpClient client, CancellationToken ct)
    {
        var (status, html) = await GetAsync(client, "/connexion", ct);
        var start = html.IndexOf("<form method=\"post\"", StringComparison.Ordinal);
        var end = start < 0 ? -1 : html.IndexOf("</form>", start, StringComparison.Ordinal);
        if (status != HttpStatusCode.OK || end < 0)
        {
            return $"GET /connexion answered {(int)status} {status}{(status == HttpStatusCode.OK ? " without the sign-in form" : "")}";
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in HiddenInput().Matches(html[start..end]))
        {
            fields[WebUtility.HtmlDecode(input.Groups["name"].Value)] = WebUtility.HtmlDecode(input.Groups["value"].Value);
        }
        fields["Email"] = Email;
        fields["Password"] = Password;
        using var form = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(new Uri("/connexion", UriKind.Relative), form, ct);
        var location = response.Headers.Location?.OriginalString ?? "";
        return response.StatusCode == HttpStatusCode.Redirect && !location.StartsWith("/connexion", StringComparison.Ordinal)
            ? null
            : $"POST /connexion answered {(int)response.StatusCode} {response.StatusCode}{(location.Length > 0 ? " to " + location : "")}";
    }

    private static void Fail(List<string> failures, string database, string scenario, string why)
    {
        var message = $"{database}: {scenario}: FAILED, {why}.";
        Console.WriteLine(message);
        failures.Add(message);
    }

    private static T Expect<T>(Egide.Core.Common.Result<T> result, string what) =>
        result.IsSuccess ? result.Value : throw new InvalidOperationException($"Could not create the benchmark's {what}: {result.Failure}");

    [GeneratedRegex("<tr[\\s>]")]
    private static partial Regex RowTag();

    [GeneratedRegex("<input(?=[^>]*\\btype=\"hidden\")(?=[^>]*\\bname=\"(?<name>[^\"]*)\")(?=[^>]*\\bvalue=\"(?<value>[^\"]*)\")[^>]*>")]
    private static partial Regex HiddenInput();
}
