using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using Egide.Core.Common;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Register.Exchange;

namespace Egide.Cli;

/// <summary>
/// <c>egide register …</c>: the register of processing activities of one organisation. The CLI acts as the
/// platform, for any organisation, with no person behind it; it only reads the register.
/// </summary>
internal static class RegisterCommands
{
    public static Command Create(GlobalOptions global) =>
        new("register", "Registre des activités de traitement (RGPD, art. 30) d'un organisme.")
        {
            ExportCommand(global),
            ImportCommand(global),
        };

    private static Command ImportCommand(GlobalOptions global)
    {
        var file = new Argument<string>("FICHIER")
        {
            Description = "Le fichier à importer, reconnu par son contenu : le modèle de registre simplifié de la CNIL (.ods ou .xlsx, "
                + "une feuille par traitement disposée comme « Modèle de fiche de registre ») ; ou un tableau d'une ligne par "
                + "traitement : .xlsx, .ods, ou .csv (UTF-8 ou Windows-1252, séparateur « ; » ou « , »), tel que l'écrit "
                + "egide register export.",
        };
        var organization = UserCommands.OrganizationOption(
            "Obligatoire. L'organisme dont le registre reçoit les fiches : SIREN (espaces permis, même sans guillemets) ou identifiant.");
        var mappingFile = new Option<string?>("--mapping")
        {
            Description = "Pour un tableau : la correspondance des colonnes, un fichier JSON { \"Nom du traitement\": \"Intitulé\", … } "
                + "(champ d'Egide → en-tête du fichier). Sans cette option : celle enregistrée dans Egide pour ces en-têtes, "
                + "sinon les en-têtes reconnus d'eux-mêmes.",
            HelpName = "FICHIER.json",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Affiche seulement l'aperçu (fiches créées ou mises à jour, problèmes par feuille, ligne et colonne) ; n'écrit rien.",
        };
        var command = new Command(
            "import",
            "Importe un registre : aperçu d'abord, puis, s'il ne contient aucune erreur, toutes les fiches en une seule "
            + "transaction (tout ou rien). Une fiche dont la référence existe déjà est mise à jour avec ce que porte le fichier ; "
            + "le reste est conservé.")
        {
            file,
            organization,
            mappingFile,
            dryRun,
        };
        OptionRules.Require(command, organization);

        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            var content = await ReadInputAsync(path, file.Name, ct);
            ColumnMapping? mapping = null;
            if (parseResult.GetValue(mappingFile) is { } mappingPath)
            {
                var json = Encoding.UTF8.GetString(await ReadInputAsync(Path.GetFullPath(mappingPath), mappingFile.Name, ct));
                try
                {
                    mapping = ColumnMapping.FromJson(json);
                }
                catch (FormatException e)
                {
                    throw new CliException($"{mappingFile.Name} : {e.Message}");
                }
            }
            var (organizationId, organizationName) = await UserCommands.FindOrganizationAsync(
                session, organization.Name, parseResult.GetValue(organization), ct);
            session.Db.UseOrganization(organizationId);
            var read = await session.Get<ImportRegisterFile.Handler>().PreviewAsync(content, path, mapping, ct);
            var preview = read.Preview;

            var output = parseResult.InvocationConfiguration.Output;
            if (read is { Table: { } table, Mapping: { } used })
            {
                var origin = mapping is not null ? "celle du fichier " + Path.GetFileName(parseResult.GetValue(mappingFile))
                    : read.MappingSaved ? "celle enregistrée pour ces en-têtes" : "en-têtes reconnus";
                await output.WriteLineAsync($"Tableau : {table.Description}, {French.Count(table.Rows.Count, "ligne", "lignes")}. Correspondance des colonnes ({origin}) :");
                foreach (var field in ColumnMapping.Fields.Where(used.Columns.ContainsKey))
                {
                    await output.WriteLineAsync($"  {field} ← « {used.Columns[field]} »");
                }
            }
            if (preview.Organization is { } block && (block.Controller ?? block.Representative ?? block.Dpo) is not null)
            {
                await output.WriteLineAsync($"Liste des traitements : responsable « {block.Controller?.Name ?? "non indiqué"} », "
                    + $"représentant « {block.Representative?.Name ?? "non indiqué"} », DPO « {block.Dpo?.Name ?? "non indiqué"} ».");
            }
            foreach (var activity in preview.Activities)
            {
                var what = activity.Change switch
                {
                    ImportChange.Create => "création",
                    ImportChange.Update => "mise à jour",
                    _ => "inchangée",
                };
                await output.WriteLineAsync($"{(read.Source == ImportSource.CnilModel ? "Feuille « " + activity.Sheet + " »" : activity.Sheet)} : {what} de la fiche « {activity.Input.Reference} – {activity.Input.Name} ».");
            }
            foreach (var problem in preview.Problems)
            {
                var where = problem.Sheet.Length == 0 ? "" : $"« {problem.Sheet} »{(problem.Cell.Length == 0 ? "" : $", cellule {problem.Cell}")} : ";
                await output.WriteLineAsync($"{(problem.Blocking ? "Erreur" : "Attention")} – {where}{problem.Message}");
            }
            if (!preview.CanConfirm)
            {
                var errors = preview.Problems.Count(p => p.Blocking);
                throw new CliException($"import refusé : {French.Count(errors, "erreur", "erreurs")} dans le fichier ; rien n'a été importé.");
            }
            if (parseResult.GetValue(dryRun))
            {
                await output.WriteLineAsync("Simulation : rien n'a été importé.");
                return ExitCodes.Success;
            }
            var result = await session.Get<ImportRegister.Handler>().ConfirmAsync(preview, RegisterActor.System, ct);
            if (!result.IsSuccess)
            {
                throw new CliException($"import annulé, rien n'a été importé : {(result.Failure as ValidationFailure)?.FirstMessage ?? result.Failure!.Message}");
            }
            await output.WriteLineAsync(
                $"Registre de {organizationName} : {French.Count(result.Value.Created, "fiche créée", "fiches créées")}, "
                + $"{French.Count(result.Value.Updated, "fiche mise à jour", "fiches mises à jour")}.");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command ExportCommand(GlobalOptions global)
    {
        var organization = UserCommands.OrganizationOption(
            "Obligatoire. L'organisme dont le registre est exporté : SIREN (espaces permis, même sans guillemets) ou identifiant.");
        var format = new Option<RegisterExportFormat>("--format")
        {
            Description = "Obligatoire. csv (UTF-8, séparateur « ; », pour Excel et LibreOffice), xlsx (classeur avec une "
                + "feuille « Registre » et une feuille « À propos »), pdf (le document du registre, article 30 du RGPD : page de "
                + "garde, sommaire, une section par traitement) ou cnil (classeur .ods au modèle de registre simplifié de la CNIL, "
                + "relu par egide register import).",
            HelpName = "csv|xlsx|pdf|cnil",
            CustomParser = ParseFormat,
        };
        var at = new Option<DateOnly?>("--at")
        {
            Description = "Le registre tel qu'il était à la fin de ce jour (heure de Paris), au format AAAA-MM-JJ ; "
                + "aujourd'hui ou un jour passé. Sans cette option : le registre actuel, sans les fiches archivées.",
            HelpName = "AAAA-MM-JJ",
            CustomParser = ParseDate,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Obligatoire. Le fichier à écrire. Il est écrit entièrement à côté, puis renommé : jamais à moitié écrit.",
            HelpName = "FICHIER",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Remplace le fichier s'il existe déjà ; sans cette option, un fichier existant n'est pas touché.",
        };
        var command = new Command(
            "export",
            "Exporte le registre d'un organisme en fichier plat, une ligne par traitement et une colonne par champ "
            + "(format décrit dans docs/register-flat-format.md, relu par l'import), ou en document PDF. Affiche le nombre de traitements exportés.")
        {
            organization,
            format,
            at,
            output,
            force,
        };
        OptionRules.Require(command, organization);
        OptionRules.Require(command, format);
        OptionRules.Require(command, output);

        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(output)!);
            var overwrite = parseResult.GetValue(force);
            var folder = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(folder))
            {
                throw new CliException($"{output.Name} : le dossier « {folder} » n'existe pas.");
            }
            if (Directory.Exists(path))
            {
                throw new CliException($"{output.Name} : « {path} » est un dossier ; indiquez un nom de fichier.");
            }
            if (File.Exists(path) && !overwrite)
            {
                throw new CliException($"{output.Name} : le fichier « {path} » existe déjà ; ajoutez --force pour le remplacer.");
            }

            DateTime? atUtc = null;
            if (parseResult.GetValue(at) is { } day)
            {
                var now = session.Get<TimeProvider>().GetUtcNow().UtcDateTime;
                if (day > Periods.ParisDate(now))
                {
                    throw new CliException($"{at.Name} : le {FrenchFormat.Date(day)} n'est pas encore arrivé ; indiquez aujourd'hui ou un jour passé.");
                }
                atUtc = Periods.EndOfParisDay(day);
            }

            var (organizationId, organizationName) = await UserCommands.FindOrganizationAsync(
                session, organization.Name, parseResult.GetValue(organization), ct);
            session.Db.UseOrganization(organizationId);
            var file = await session.Get<ExportRegister.Handler>().Handle(parseResult.GetValue(format), atUtc, ct);

            await WriteAtomicallyAsync(path, file.Content, overwrite, output.Name, ct);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                $"Registre de {organizationName}{(atUtc is null ? "" : $" au {FrenchFormat.Date(parseResult.GetValue(at)!.Value)}")} : "
                + $"{French.Count(file.ActivityCount, "traitement exporté", "traitements exportés")} dans {path}.");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>A file to read, refused in one line when missing or larger than an upload may be.</summary>
    private static async Task<byte[]> ReadInputAsync(string path, string option, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new CliException($"{option} : le fichier « {path} » n'existe pas.");
        }
        if (info.Length > Core.Spreadsheets.SpreadsheetReader.MaxUploadBytes)
        {
            throw new CliException($"{option} : {Core.Spreadsheets.SpreadsheetReader.TooLarge().Message}");
        }
        return await File.ReadAllBytesAsync(path, ct);
    }

    /// <summary>Written to a temporary file of the same folder, then renamed: the target is whole or untouched.</summary>
    private static async Task WriteAtomicallyAsync(string path, byte[] content, bool overwrite, string option, CancellationToken ct)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, content, ct);
            File.Move(temporary, path, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            throw new CliException($"{option} : le fichier « {path} » vient d'être créé par ailleurs ; ajoutez --force pour le remplacer.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option} : impossible d'écrire « {path} » : {e.Message}");
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static RegisterExportFormat ParseFormat(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        var format = RegisterExportFormats.Parse(text);
        if (format is null)
        {
            result.AddError($"--format : format inconnu « {text} » ; formats possibles : {RegisterExportFormats.AllNames}");
            return default;
        }
        return format.Value;
    }

    private static DateOnly? ParseDate(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        result.AddError($"--at : « {text} » n'est pas une date au format AAAA-MM-JJ, par exemple 2026-01-31");
        return null;
    }
}
