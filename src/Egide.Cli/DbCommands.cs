using System.CommandLine;
using Egide.Core.Data;

namespace Egide.Cli;

/// <summary><c>egide db …</c>: the database itself.</summary>
internal static class DbCommands
{
    public static Command Create(GlobalOptions global) => new("db", "Base de données.")
    {
        Migrate(global),
    };

    private static Command Migrate(GlobalOptions global)
    {
        var command = new Command(
            "migrate",
            "Crée la base de données ou la met à jour (migrations en attente). Sans risque si elle est déjà à jour. "
            + "Les commandes org, user et demo le font aussi d'elles-mêmes avant de travailler.");
        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: false, async session =>
        {
            var applied = await DatabaseSetup.MigrateAsync(session.Db, ct);
            var output = parseResult.InvocationConfiguration.Output;
            if (applied.Count == 0)
            {
                await output.WriteLineAsync($"La base de données est à jour : aucune migration à appliquer ({session.DatabaseDescription}).");
                return ExitCodes.Success;
            }
            await output.WriteLineAsync(
                $"{French.Count(applied.Count, "migration appliquée", "migrations appliquées")} ({session.DatabaseDescription}) :");
            foreach (var migration in applied)
            {
                await output.WriteLineAsync("  " + migration);
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
