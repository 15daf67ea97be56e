using System.Diagnostics;
using System.Globalization;
using Egide.Bench;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Microsoft.Extensions.Configuration;
using Npgsql;

// Speed targets live here, never in tests: this prints figures and whether the target is met; it asserts nothing.
const double TargetP95Ms = 100;

if (args.Length > 0 && args[0] == "register-pdf")
{
    return await RegisterPdfScenario.RunAsync(args.Skip(1).ToArray());
}
if (args.Length > 0 && args[0] == "register-import")
{
    return await RegisterImportScenario.RunAsync(args.Skip(1).ToArray());
}
if (args.Length == 0 || args[0] != "register")
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/Egide.Bench -- register [options]
          --activities N   activities in the organisation (default 2000)
          --iterations N   measured iterations per scenario (default 200)
          --warmup N       unmeasured iterations first (default 20)
          --data DIR       keep the SQLite data folder in DIR instead of a temporary one (DIR must not hold a database yet)
          --url URL        also time GET URL over HTTP (repeatable), e.g. an externally started web app's page or API
          --header "N: V"  header sent with every --url request (repeatable), e.g. "Authorization: Bearer egd_…"
          --http-only      time the --url requests only (no database of the benchmark's own, no in-process web app)
        Each database is timed through the Core queries, then through the web app hosted in this process (page and API).
        EGIDE_BENCH_POSTGRES=<server connection string> also runs them on a temporary PostgreSQL database.
        Also: dotnet run -c Release --project bench/Egide.Bench -- register-pdf [--activities N] [--runs N] [--keep FILE]
              dotnet run -c Release --project bench/Egide.Bench -- register-import [--activities N] [--runs N] [--keep FILE] [--file FILE]
        """);
    return 2;
}

var options = Options.Parse(args.Skip(1).ToArray());
var ct = CancellationToken.None;
Console.WriteLine($"Egide register benchmark — {DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, "
    + $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine($"{(options.HttpOnly ? "HTTP only" : $"{options.Activities:N0} activities in one organisation")}; {options.Warmup} warm-up then {options.Iterations} measured iterations per scenario; "
    + $"target: p95 < {TargetP95Ms} ms (warm).");
#if DEBUG
Console.WriteLine("Warning: Debug build; run with -c Release for meaningful figures.");
#endif

var results = new List<Measurement>();
var failures = new List<string>();
if (!options.HttpOnly)
{
    var sqliteFolder = options.DataFolder ?? Directory.CreateTempSubdirectory("egide-bench-").FullName;
    try
    {
        results.AddRange(await RunDatabaseAsync("SQLite", new Dictionary<string, string?> { [EgideSettings.DataKey] = sqliteFolder }, options, failures, ct));
    }
    finally
    {
        DatabaseSetup.ReleaseSqliteFiles();
        if (options.DataFolder is null)
        {
            Directory.Delete(sqliteFolder, recursive: true);
        }
        else
        {
            Console.WriteLine($"SQLite data kept in {sqliteFolder} (start the web app on it with --data {sqliteFolder} --demo false).");
        }
    }
}

if (!options.HttpOnly && Environment.GetEnvironmentVariable("EGIDE_BENCH_POSTGRES") is { Length: > 0 } server)
{
    var name = "egide_bench_" + Guid.NewGuid().ToString("N");
    await ExecuteAsync(server, $"CREATE DATABASE {name} ENCODING 'UTF8'");
    var folder = Directory.CreateTempSubdirectory("egide-bench-pg-").FullName;
    try
    {
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        results.AddRange(await RunDatabaseAsync("PostgreSQL", new Dictionary<string, string?>
        {
            [EgideSettings.DataKey] = folder,
            [EgideSettings.DatabaseKey] = connection,
        }, options, failures, ct));
    }
    finally
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        Directory.Delete(folder, recursive: true);
    }
}

if (options.Urls.Count > 0)
{
    results.AddRange(await RunHttpAsync(options, ct));
}

if (options.HttpOnly && options.Urls.Count == 0)
{
    Console.Error.WriteLine("--http-only needs at least one --url.");
    return 2;
}
Report.Print(results, failures, TargetP95Ms);
return 0;

// Seeds the database, times the Core queries, then the page and the API through the web app hosted on it.
static async Task<IReadOnlyList<Measurement>> RunDatabaseAsync(
    string label, Dictionary<string, string?> configuration, Options options, List<string> failures, CancellationToken ct)
{
    configuration[EgideSettings.DemoKey] = "false";
    var settings = EgideSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
    var factory = new EgideDbFactory(settings);
    await using (var db = factory.Create())
    {
        await DatabaseSetup.MigrateAsync(db, ct);
    }
    var generator = new RegisterGenerator(factory, settings, TimeProvider.System);
    var organization = await generator.CreateOrganizationAsync(ct);
    var seeding = Stopwatch.StartNew();
    Console.Write($"{label}: seeding {options.Activities:N0} activities through the use cases…");
    await generator.GenerateAsync(organization, options.Activities, n => Console.Write($" {n}"), ct);
    Console.WriteLine($" done in {seeding.Elapsed.TotalSeconds:N0} s.");

    async Task<int> List(ListProcessingActivities.Query query)
    {
        await using var db = factory.Create();
        db.UseOrganization(organization);
        var page = await new ListProcessingActivities.Handler(db).Handle(query, ct);
        return page.Items.Count;
    }

    var list = new List<Measurement>
    {
        await Measurement.RunAsync(label, "list: default page (50, by reference)", options, () => List(new ListProcessingActivities.Query())),
        await Measurement.RunAsync(label, "list: search « RSA » + basis (e) + validated", options,
            () => List(new ListProcessingActivities.Query(Search: "RSA", LegalBasis: "e", Status: ActivityStatus.Validated))),
        await Measurement.RunAsync(label, "list: open alerts, by last update desc", options,
            () => List(new ListProcessingActivities.Query(HasAlert: true, Sort: ActivitySort.UpdatedAt, Descending: true))),
        await Measurement.RunAsync(label, "list: page 20 of 50 (deep page)", options, () => List(new ListProcessingActivities.Query(Page: 20))),
        await Measurement.RunAsync(label, "services for the filter", options, async () =>
        {
            await using var db = factory.Create();
            db.UseOrganization(organization);
            return (await ListProcessingActivities.ServicesAsync(db, ct)).Count;
        }),
    };
    Console.WriteLine($"{label}: Core queries timed; now the page and the API through the web app in this process.");
    list.AddRange(await WebScenarios.RunAsync(label, configuration, organization, options, failures, ct));
    return list;
}

static async Task<IReadOnlyList<Measurement>> RunHttpAsync(Options options, CancellationToken ct)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    foreach (var header in options.Headers)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        http.DefaultRequestHeaders.TryAddWithoutValidation(header[..colon].Trim(), header[(colon + 1)..].Trim());
    }
    var results = new List<Measurement>();
    foreach (var url in options.Urls)
    {
        var statuses = new SortedSet<int>();
        results.Add(await Measurement.RunAsync("HTTP", $"GET {url}", options, async () =>
        {
            using var response = await http.GetAsync(url, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            statuses.Add((int)response.StatusCode);
            return body.Length;
        }, rowsLabel: "bytes"));
        if (statuses.Any(s => s != 200))
        {
            Console.WriteLine($"Warning: GET {url} answered {string.Join(", ", statuses)}: the figures time those answers, not the page.");
        }
    }
    return results;
}

static async Task ExecuteAsync(string server, string sql)
{
    await using var connection = new NpgsqlConnection(server);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

internal sealed record Options(int Activities, int Iterations, int Warmup, string? DataFolder, List<string> Urls, List<string> Headers, bool HttpOnly)
{
    public static Options Parse(string[] args)
    {
        var options = new Options(2000, 200, 20, null, [], [], false);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture) is var n and > 0 ? n : throw new ArgumentException($"{args[i]} must be positive");
            switch (args[i])
            {
                case "--activities": options = options with { Activities = Number() }; break;
                case "--iterations": options = options with { Iterations = Number() }; break;
                case "--warmup": options = options with { Warmup = Number() }; break;
                case "--data": options = options with { DataFolder = Path.GetFullPath(Value()) }; break;
                case "--url": options.Urls.Add(Value()); break;
                case "--http-only": options = options with { HttpOnly = true }; break;
                case "--header":
                    var header = Value();
                    options.Headers.Add(header.Contains(':', StringComparison.Ordinal) ? header : throw new ArgumentException("--header takes \"Name: value\""));
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return options;
    }
}

internal sealed record Measurement(string Database, string Scenario, int Rows, string RowsLabel, double P50, double P95, double Max, double Mean)
{
    public static async Task<Measurement> RunAsync(string database, string scenario, Options options, Func<Task<int>> run, string rowsLabel = "rows")
    {
        for (var i = 0; i < options.Warmup; i++)
        {
            await run();
        }
        var samples = new double[options.Iterations];
        var rows = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            rows = await run();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return new Measurement(database, scenario, rows, rowsLabel, Percentile(samples, 0.50), Percentile(samples, 0.95), samples[^1], samples.Average());
    }

    // Nearest rank: the smallest sample with at least p of the samples at or below it.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

internal static class Report
{
    public static void Print(IReadOnlyList<Measurement> results, IReadOnlyList<string> failures, double target)
    {
        if (results.Count == 0)
        {
            Console.WriteLine("Nothing was timed.");
        }
        else
        {
            PrintTable(results, target);
        }
        foreach (var failure in failures)
        {
            Console.WriteLine(failure);
        }
    }

    private static void PrintTable(IReadOnlyList<Measurement> results, double target)
    {
        var scenarioWidth = Math.Max(8, results.Max(r => r.Scenario.Length));
        var line = new string('-', scenarioWidth + 68);
        Console.WriteLine();
        Console.WriteLine(line);
        Console.WriteLine($"{"database",-10}  {"scenario".PadRight(scenarioWidth)}  {"result",12}  {"p50 ms",7}  {"p95 ms",7}  {"max ms",7}  {"mean ms",7}  target");
        Console.WriteLine(line);
        foreach (var r in results)
        {
            var result = $"{r.Rows.ToString("N0", CultureInfo.InvariantCulture)} {r.RowsLabel}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Database,-10}  {r.Scenario.PadRight(scenarioWidth)}  {result,12}  {r.P50,7:F2}  {r.P95,7:F2}  {r.Max,7:F2}  {r.Mean,7:F2}  {(r.P95 < target ? "met" : "MISSED")}"));
        }
        Console.WriteLine(line);
        var missed = results.Count(r => r.P95 >= target);
        Console.WriteLine(missed == 0
            ? $"All {results.Count} scenarios meet p95 < {target} ms."
            : $"{missed} of {results.Count} scenarios miss p95 < {target} ms.");
    }
}
