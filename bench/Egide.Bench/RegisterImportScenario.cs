using System.Diagnostics;
using System.Globalization;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Egide.Bench;

/// <summary>
/// A flat XLSX register of 5,000 fully filled activities imported into an empty organisation: reading the file, the
/// preview, the confirmation, against the target of 10 s for the whole import.
/// </summary>
internal static class RegisterImportScenario
{
    private const double TargetSeconds = 10;

    /// <param name="Cpu">Processor time of the whole import (all threads): less sensitive than the wall clock to a loaded machine.</param>
    private sealed record Run(double Read, double Preview, double Confirm, double Cpu, int Created)
    {
        public double Total => Read + Preview + Confirm;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        int activities = 5000, runs = 3;
        string? keep = null, file = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture) is var n and > 0 ? n : throw new ArgumentException($"{args[i]} must be positive");
            switch (args[i])
            {
                case "--activities": activities = Number(); break;
                case "--runs": runs = Number(); break;
                case "--keep": keep = Path.GetFullPath(Value()); break;
                case "--file": file = Path.GetFullPath(Value()); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: register-import [--activities N] [--runs N] [--keep FILE] [--file FILE]");
                    return 2;
            }
        }

        var ct = CancellationToken.None;
        Console.WriteLine($"Egide register import benchmark — {DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
#if DEBUG
        Console.WriteLine("Warning: Debug build; run with -c Release for meaningful figures.");
#endif
        var folder = Directory.CreateTempSubdirectory("egide-bench-import-").FullName;
        try
        {
            var configuration = new Dictionary<string, string?> { [EgideSettings.DataKey] = folder };
            var (factory, generator) = await OpenAsync(configuration, ct);
            byte[] bytes;
            string name;
            if (file is not null)
            {
                bytes = await File.ReadAllBytesAsync(file, ct);
                name = Path.GetFileName(file);
                Console.WriteLine($"File {file} (given with --file): no register generated.");
            }
            else
            {
                var source = await generator.CreateOrganizationAsync(ct);
                var seeding = Stopwatch.StartNew();
                // One in twenty ends archived, which the export leaves out: a few more, so that the file has the count asked for.
                var generated = RegisterGenerator.CountFor(activities);
                Console.Write($"SQLite: seeding {generated:N0} fully filled activities through the use cases ({generated - activities:N0} archived)…");
                await generator.GenerateAsync(source, generated, n => Console.Write($" {n}"), ct, RegisterPdfScenario.Full);
                Console.WriteLine($" done in {seeding.Elapsed.TotalSeconds:N0} s.");
                await using var db = factory.Create();
                db.UseOrganization(source);
                var exported = await new ExportRegister.Handler(db, TimeProvider.System).Handle(RegisterExportFormat.Xlsx, null, ct);
                (bytes, name) = (exported.Content, exported.FileName);
                Console.WriteLine($"Exported as XLSX: {exported.ActivityCount:N0} activities (archived ones left out).");
                if (keep is not null)
                {
                    await File.WriteAllBytesAsync(keep, bytes, ct);
                    Console.WriteLine($"XLSX kept in {keep}.");
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"File: {name}, {bytes.Length / 1024.0 / 1024.0:F2} MiB."));

            var results = new List<(string Database, Run[] Runs)>
            {
                ("SQLite", await ImportRunsAsync("SQLite", factory, generator, bytes, name, runs, ct)),
            };
            if (Environment.GetEnvironmentVariable("EGIDE_BENCH_POSTGRES") is { Length: > 0 } server)
            {
                results.Add(("PostgreSQL", await OnPostgresAsync(server, bytes, name, runs, ct)));
            }
            Print(results, bytes.Length);
        }
        finally
        {
            DatabaseSetup.ReleaseSqliteFiles();
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    private static async Task<(EgideDbFactory, RegisterGenerator)> OpenAsync(Dictionary<string, string?> configuration, CancellationToken ct)
    {
        configuration[EgideSettings.DemoKey] = "false";
        var settings = EgideSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        var factory = new EgideDbFactory(settings);
        await using (var db = factory.Create())
        {
            await DatabaseSetup.MigrateAsync(db, ct);
        }
        return (factory, new RegisterGenerator(factory, settings, TimeProvider.System));
    }

    /// <summary>The same file imported on a temporary PostgreSQL database (the source register stays on SQLite: only the import is timed).</summary>
    private static async Task<Run[]> OnPostgresAsync(string server, byte[] bytes, string name, int runs, CancellationToken ct)
    {
        var database = "egide_bench_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE {database} ENCODING 'UTF8'");
        var folder = Directory.CreateTempSubdirectory("egide-bench-import-pg-").FullName;
        try
        {
            var (factory, generator) = await OpenAsync(new Dictionary<string, string?>
            {
                [EgideSettings.DataKey] = folder,
                [EgideSettings.DatabaseKey] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
            }, ct);
            return await ImportRunsAsync("PostgreSQL", factory, generator, bytes, name, runs, ct);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// A first, cold run (reported, not counted), then <paramref name="runs"/> runs, each into a new empty organisation
    /// of the same database holding the six processors the recipients name.
    /// </summary>
    private static async Task<Run[]> ImportRunsAsync(
        string label, EgideDbFactory factory, RegisterGenerator generator, byte[] bytes, string name, int runs, CancellationToken ct)
    {
        var samples = new List<Run>();
        for (var i = 0; i <= runs; i++)
        {
            var target = await generator.CreateOrganizationAsync(ct, $"Département du Nord (import {i + 1})");
            await generator.CreateProcessorsAsync(target, ct);

            var cpu = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            var table = FlatTableReader.Read(bytes, name);
            var read = Stopwatch.GetElapsedTime(start).TotalSeconds;

            ImportPreview preview;
            start = Stopwatch.GetTimestamp();
            await using (var db = factory.Create())
            {
                db.UseOrganization(target);
                preview = await new ImportFlatRegister.Handler(db, TimeProvider.System).PreviewAsync(table, ColumnMapping.Automatic(table.Headers), ct);
            }
            var previewed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (!preview.CanConfirm)
            {
                Console.WriteLine($"{label}: FAILED, the preview cannot be confirmed ({preview.Activities.Count:N0} entries, {preview.Problems.Count(p => p.Blocking):N0} blocking problems):");
                foreach (var problem in preview.Problems.Where(p => p.Blocking).Take(10))
                {
                    Console.WriteLine($"  {problem.Sheet} row {problem.Row} column {problem.Column}: {problem.Message}");
                }
                return [];
            }

            int created;
            start = Stopwatch.GetTimestamp();
            await using (var db = factory.Create())
            {
                db.UseOrganization(target);
                var result = await new ImportRegister.Handler(db, generator.Settings, TimeProvider.System).ConfirmAsync(preview, RegisterGenerator.Referent, ct);
                if (!result.IsSuccess)
                {
                    Console.WriteLine($"{label}: FAILED, the confirmation was refused: {result.Failure!.Message}");
                    return [];
                }
                created = result.Value.Created;
            }
            var confirmed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var used = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;

            await using (var db = factory.Create())
            {
                db.UseOrganization(target);
                var stored = await db.ProcessingActivities.CountAsync(ct);
                var versions = await db.ActivityVersions.CountAsync(ct);
                var alerts = await db.RegisterAlerts.CountAsync(ct);
                var run = new Run(read, previewed, confirmed, used, created);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label} run {(i == 0 ? "0 (cold, not counted)" : i.ToString(CultureInfo.InvariantCulture))}: read {read:F2} s, preview {previewed:F2} s, "
                    + $"confirm {confirmed:F2} s, total {run.Total:F2} s (processor {used:F2} s); {created:N0} created ({stored:N0} entries, {versions:N0} versions, {alerts:N0} alerts stored)"));
                if (i > 0)
                {
                    samples.Add(run);
                }
            }
        }
        return [.. samples];
    }

    private static void Print(List<(string Database, Run[] Runs)> results, long size)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Flat XLSX of {size / 1024.0 / 1024.0:F2} MiB imported into an empty organisation."));
        Console.WriteLine($"{"database",-10}  {"step",-8}  {"median s",8}  {"max s",7}");
        foreach (var (database, runs) in results.Where(r => r.Runs.Length > 0))
        {
            foreach (var (step, value) in new (string, Func<Run, double>)[] { ("read", r => r.Read), ("preview", r => r.Preview), ("confirm", r => r.Confirm), ("total", r => r.Total), ("CPU", r => r.Cpu) })
            {
                var sorted = runs.Select(value).Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{database,-10}  {step,-8}  {Median(sorted),8:F2}  {sorted[^1],7:F2}"));
            }
            var worst = runs.Max(r => r.Total);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{database}: {runs[^1].Created:N0} entries created per run, {runs.Length} runs; target total < {TargetSeconds} s: {(worst < TargetSeconds ? "met" : "MISSED")} (max {worst:F2} s)"));
        }
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
