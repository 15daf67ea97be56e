using System.Diagnostics;
using System.Globalization;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;
using Microsoft.Extensions.Configuration;

namespace Egide.Bench;

/// <summary>
/// The register as PDF with every field of every activity filled: how long the export takes (reading the register,
/// laying it out, writing the file), against the target of 10 s for 500 activities.
/// </summary>
internal static class RegisterPdfScenario
{
    private const double TargetSeconds = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        int activities = 500, runs = 5;
        string? keep = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture) is var n and > 0 ? n : throw new ArgumentException($"{args[i]} must be positive");
            switch (args[i])
            {
                case "--activities": activities = Number(); break;
                case "--runs": runs = Number(); break;
                case "--keep": keep = Path.GetFullPath(Value()); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: register-pdf [--activities N] [--runs N] [--keep FILE]");
                    return 2;
            }
        }

        var ct = CancellationToken.None;
        Console.WriteLine($"Egide register PDF benchmark — {DateTime.Now:yyyy-MM-dd HH:mm}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
#if DEBUG
        Console.WriteLine("Warning: Debug build; run with -c Release for meaningful figures.");
#endif
        var folder = Directory.CreateTempSubdirectory("egide-bench-pdf-").FullName;
        try
        {
            var settings = EgideSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [EgideSettings.DataKey] = folder,
                [EgideSettings.DemoKey] = "false",
            }).Build());
            var factory = new EgideDbFactory(settings);
            await using (var db = factory.Create())
            {
                await DatabaseSetup.MigrateAsync(db, ct);
            }
            var generator = new RegisterGenerator(factory, settings, TimeProvider.System);
            var organization = await generator.CreateOrganizationAsync(ct);
            var seeding = Stopwatch.StartNew();
            Console.Write($"SQLite: seeding {activities:N0} fully filled activities through the use cases…");
            await generator.GenerateAsync(organization, activities, n => Console.Write($" {n}"), ct, Full);
            Console.WriteLine($" done in {seeding.Elapsed.TotalSeconds:N0} s.");

            async Task<ExportedFile> Export()
            {
                await using var db = factory.Create();
                db.UseOrganization(organization);
                return await new ExportRegister.Handler(db, TimeProvider.System).Handle(RegisterExportFormat.Pdf, null, ct);
            }

            // The first run pays for loading PDFsharp and the fonts: reported, not counted.
            var cold = Stopwatch.StartNew();
            var file = await Export();
            Console.WriteLine($"First run (cold): {cold.Elapsed.TotalSeconds:F2} s.");
            var samples = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var start = Stopwatch.GetTimestamp();
                file = await Export();
                samples[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run {i + 1}: {samples[i]:F2} s"));
            }
            Array.Sort(samples);
            var median = samples.Length % 2 == 1 ? samples[samples.Length / 2] : (samples[samples.Length / 2 - 1] + samples[samples.Length / 2]) / 2;
            var pages = PageCount(file.Content);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Register PDF: {file.ActivityCount:N0} activities (archived ones left out), {pages:N0} pages, {file.Content.Length / 1024.0 / 1024.0:F1} MiB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Export (read the register + lay out + write), {runs} runs: median {median:F2} s, max {samples[^1]:F2} s — target < {TargetSeconds} s: {(samples[^1] < TargetSeconds ? "met" : "MISSED")}"));
            if (keep is not null)
            {
                await File.WriteAllBytesAsync(keep, file.Content, ct);
                Console.WriteLine($"Last PDF kept in {keep}.");
            }
        }
        finally
        {
            DatabaseSetup.ReleaseSqliteFiles();
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    /// <summary>Every field the generator leaves empty, filled as a careful referent would.</summary>
    internal static ActivityInput Full(int i, ActivityInput input)
    {
        var controller = new ActorContact
        {
            Name = "Département du Pas-de-Calais, représenté par le Président du Conseil départemental",
            Address = "Rue Ferdinand Buisson", PostalCode = "62000", City = "Arras", Country = "France", Phone = "03 21 21 62 62",
            Email = "rgpd@pasdecalais.example",
        };
        var content = input.Content;
        return input with
        {
            Role = i % 9 == 4 ? ProcessingRole.JointController : ProcessingRole.Controller,
            Content = content with
            {
                Description = content.Description + " Le dossier de chaque personne est instruit par les agents habilités du service, qui "
                    + "recueillent les pièces justificatives, vérifient les conditions d'attribution et notifient la décision ; les "
                    + "réclamations et recours sont suivis dans le même dossier.",
                Controller = controller,
                Representative = new ActorContact { Name = "Sans objet : responsable établi dans l'Union", Country = "France" },
                JointControllers = i % 9 == 4 ? [new ActorContact { Name = "Caisse d'allocations familiales du Pas-de-Calais", City = "Arras", Email = "dpo@caf62.example" }] : [],
                ClientControllers = [new ActorContact { Name = "Commune partenaire du territoire", City = "Arras" }],
                SubPurposes = [.. content.SubPurposes, "Réponse aux demandes d'exercice des droits", "Archivage et statistiques anonymisées"],
                DataSubjects = content.DataSubjects.Select(s => s with { Details = "Personnes dont le dossier est ouvert ou clos depuis moins de 5 ans" }).ToList(),
                Transfers = content.Transfers.Count > 0 ? content.Transfers
                    : [new TransferUse { Recipient = "Éditeur du logiciel (maintenance)", CountryCode = "CH", Safeguard = TransferSafeguard.AdequacyDecision, Documentation = "Contrat de maintenance, annexe RGPD" }],
                SecurityMeasures = content.SecurityMeasures.Select(m => m with { Details = "Mesure revue chaque année par le RSSI" }).ToList(),
                SecurityDetails = "Serveurs hébergés en France, chiffrement des sauvegardes, habilitations revues chaque semestre.",
                DataSource = "La personne concernée, les partenaires institutionnels",
                CollectionMethod = "Formulaire papier ou en ligne, entretien",
                Software = "Progiciel métier hébergé",
                Media = "Dossiers papier et base de données",
                AiUse = i % 40 == 11 ? content.AiUse : ArtificialIntelligenceUse.None,
                AiDescription = content.AiDescription ?? "Aucun système d'intelligence artificielle n'est utilisé.",
            },
        };
    }

    private static int PageCount(byte[] pdf)
    {
        Egide.Core.Documents.PdfSetup.EnsureReady();
        using var document = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        return document.PageCount;
    }
}
