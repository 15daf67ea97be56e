using System.CommandLine;
using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Deadlines;

namespace Egide.Cli;

/// <summary>
/// <c>egide deadlines</c>: what an organisation must meet soon, as the dashboard and the reminders see it
/// (<see cref="OrganizationDeadlines"/>): answers to rights requests, CNIL notifications of breaches.
/// </summary>
internal static class DeadlineCommands
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    public static Command Create(GlobalOptions global)
    {
        var organization = UserCommands.OrganizationOption(
            "Obligatoire. L'organisme : SIREN (espaces permis, même sans guillemets) ou identifiant.");
        var days = new Option<string>("--days")
        {
            Description = $"Les échéances des N prochains jours (calendrier de Paris), de 0 (aujourd'hui) à {MaxDays} ; {DefaultDays} par défaut. "
                + "Celles déjà dépassées sont toujours listées.",
            HelpName = "N",
        };
        var command = new Command(
            "deadlines",
            "Liste les échéances d'un organisme, la plus proche d'abord : réponses aux demandes d'exercice de droits, "
            + "notifications des violations de données à la CNIL (72 heures). Tableau : échéance, état, type, référence, objet.")
        {
            organization,
            days,
        };
        OptionRules.Require(command, organization);

        command.SetAction((parseResult, ct) =>
        {
            var window = ParseDays(parseResult.GetValue(days));
            return global.RunAsync(parseResult, migrate: true, async session =>
            {
                var (organizationId, _) = await UserCommands.FindOrganizationAsync(session, organization.Name, parseResult.GetValue(organization), ct);
                session.Db.UseOrganization(organizationId);
                var now = session.Get<TimeProvider>().GetUtcNow().UtcDateTime;
                // Whole Paris days: the N-th day ends at midnight in Paris, whatever the daylight-saving changes on the way.
                var until = Periods.EndOfParisDay(Periods.ParisDate(now).AddDays(window));
                var deadlines = await OrganizationDeadlines.ListAsync(session.Db, until, ct);

                var output = parseResult.InvocationConfiguration.Output;
                if (deadlines.Count == 0)
                {
                    await output.WriteLineAsync(window switch
                    {
                        0 => "Aucune échéance aujourd'hui.",
                        1 => "Aucune échéance aujourd'hui ni demain.",
                        _ => $"Aucune échéance dans les {window} prochains jours.",
                    });
                    return ExitCodes.Success;
                }
                await TextTable.WriteAsync(
                    output,
                    ["Échéance", "État", "Type", "Référence", "Objet"],
                    [.. deadlines.Select(d => (IReadOnlyList<string>)[
                        d.DueDate is { } day ? FrenchFormat.Date(day) : FrenchFormat.DateAndTime(d.DueAt),
                        DeadlineState.Describe(d, now),
                        d.Kind == DeadlineKind.RightsRequestAnswer ? "Demande de droits" : "Violation (CNIL)",
                        d.Reference,
                        d.Title,
                    ])]);
                var overdue = deadlines.Count(d => d.IsOverdue(now));
                await output.WriteLineAsync(
                    $"{French.Count(deadlines.Count, "échéance", "échéances")}{(overdue == 0 ? "" : $", dont {FrenchFormat.Number(overdue)} dépassée{(overdue < 2 ? "" : "s")}")}.");
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    private static int ParseDays(string? text)
    {
        if (text is null)
        {
            return DefaultDays;
        }
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days) && days is >= 0 and <= MaxDays)
        {
            return days;
        }
        throw new CliException($"--days attend un nombre de jours entre 0 et {MaxDays}");
    }
}
