using System.CommandLine;
using Egide.Core.Demo;

namespace Egide.Cli;

/// <summary><c>egide demo …</c>: demonstration data.</summary>
internal static class DemoCommands
{
    public static Command Create(GlobalOptions global) => new("demo", "Données de démonstration.")
    {
        Seed(global),
    };

    private static Command Seed(GlobalOptions global)
    {
        var command = new Command(
            "seed",
            "Ajoute les organismes de démonstration qui manquent (région, départements, CDG 62, communes…), remplit le "
            + "registre RGPD de ceux qui n'en ont pas encore (Département du Pas-de-Calais, Saint-Laurent-Blangy et son CCAS, "
            + "Achicourt), puis ajoute des demandes d'exercice de droits et des violations de données au Département et à Achicourt "
            + "s'ils n'en ont aucune ; sur une base sans aucun compte, crée aussi les comptes de démonstration et affiche une seule fois "
            + "leurs mots de passe et clés TOTP. Relancée, n'ajoute rien. Crée ou met à jour la base de données d'abord si besoin.");
        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            var added = await session.Get<DemoData>().SeedAsync(ct);
            var output = parseResult.InvocationConfiguration.Output;
            await output.WriteLineAsync(added == 0
                ? "Aucun organisme ajouté : les organismes de démonstration sont déjà présents."
                : $"{French.Count(added, "organisme de démonstration ajouté", "organismes de démonstration ajoutés")}.");
            var activities = await session.Get<DemoRegisters>().SeedAsync(ct);
            await output.WriteLineAsync(activities == 0
                ? "Aucune fiche de registre ajoutée : les organismes de démonstration ont déjà leur registre."
                : $"{French.Count(activities, "fiche de registre de démonstration ajoutée", "fiches de registre de démonstration ajoutées")}.");
            var casework = await session.Get<DemoCasework>().SeedAsync(ct);
            await output.WriteLineAsync(casework == 0
                ? "Aucune demande ni violation ajoutée : les demandes et violations de démonstration sont déjà présentes."
                : $"{French.Count(casework, "demande ou violation de démonstration ajoutée", "demandes et violations de démonstration ajoutées")}.");
            var accounts = await session.Get<DemoAccounts>().SeedAsync(ct);
            if (accounts.Count > 0)
            {
                foreach (var line in DemoAccounts.Describe(accounts))
                {
                    await output.WriteLineAsync(line);
                }
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
