using System.CommandLine;
using Egide.Core.Audit;
using Microsoft.EntityFrameworkCore;

namespace Egide.Cli;

/// <summary><c>egide audit …</c>: the audit trail.</summary>
internal static class AuditCommands
{
    public static Command Create(GlobalOptions global) => new("audit", "Piste d'audit (journal des modifications, chaîné par SHA-256).")
    {
        Verify(global),
    };

    private static Command Verify(GlobalOptions global)
    {
        var anchor = new Option<AuditAnchor?>("--anchor")
        {
            Description = "Entrée relevée lors d'une vérification précédente (« N:EMPREINTE », tel qu'affiché après « Dernière entrée ») : "
                + "vérifie aussi qu'elle est toujours là, inchangée. Seul moyen de voir que des entrées ont été supprimées à la fin de la piste.",
            HelpName = "N:EMPREINTE",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (AuditAnchor.TryParse(text, out var parsed))
                {
                    return parsed;
                }
                result.AddError($"--anchor : « {text} » n'est pas de la forme N:EMPREINTE (numéro d'entrée, deux-points, 64 chiffres hexadécimaux)");
                return null;
            },
        };
        var command = new Command(
            "verify",
            "Vérifie la piste d'audit entrée par entrée : numérotation continue, chaînage de chaque entrée à la précédente, "
            + "empreinte SHA-256 de chacune. Ne modifie rien. Codes de sortie : 0 si la piste est intègre ; 3 si elle a été altérée "
            + "(une ligne sur la sortie d'erreur indique la première entrée en cause et pourquoi) ; 2 pour une erreur d'utilisation "
            + "ou de base de données (inaccessible, pas à jour).")
        {
            anchor,
        };
        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: false, async session =>
        {
            // Verifying must not change what it verifies: no migration here, unlike the other commands.
            if ((await session.Db.Database.GetPendingMigrationsAsync(ct)).Any())
            {
                throw new CliException($"la base de données n'est pas à jour ({session.DatabaseDescription}) : lancez d'abord « egide db migrate ».");
            }
            var result = await AuditVerifier.VerifyAsync(session.Db, parseResult.GetValue(anchor), ct);
            if (result.FirstBreak is { } broken)
            {
                throw new CliException($"piste d'audit altérée à l'entrée n° {broken.Sequence} : {broken.Reason}", ExitCodes.AuditTrailAltered);
            }
            var output = parseResult.InvocationConfiguration.Output;
            await output.WriteLineAsync($"Piste d'audit intègre : {French.Count(result.EntriesChecked, "entrée vérifiée", "entrées vérifiées")}.");
            if (result.LastSequence is { } last)
            {
                await output.WriteLineAsync($"Dernière entrée : {last}:{result.LastHash} (à relever pour une vérification ultérieure avec --anchor).");
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
