using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Egide.Core.Account;
using Egide.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Egide.Cli;

/// <summary>
/// <c>egide token …</c>: personal access tokens for the API and scripts, through the same use cases as the web
/// application (membership and role rules included). The secret is printed once, at creation, and never again:
/// only its SHA-256 is stored. Each command creates or updates the database first if needed.
/// </summary>
internal static class TokenCommands
{
    private const int DefaultLifetimeDays = 90;

    public static Command Create(GlobalOptions global) =>
        new("token",
            "Jetons d'accès personnels à l'API, pour les scripts : un organisme, une partie des rôles de la personne "
            + "dans cet organisme, une date d'expiration. Chaque commande crée ou met à jour la base de données d'abord "
            + "si besoin, comme l'application web à son démarrage.")
        {
            CreateCommand(global),
            RevokeCommand(global),
            ListCommand(global),
        };

    private static Command CreateCommand(GlobalOptions global)
    {
        var user = UserCommands.Text("--user", "COURRIEL|ID",
            "Obligatoire. La personne au nom de qui le jeton agit : son adresse électronique (majuscules ou minuscules) "
            + "ou l'identifiant de son compte.");
        var organization = UserCommands.OrganizationOption(
            "Obligatoire. L'organisme où le jeton agit, dont la personne doit être membre : SIREN (espaces permis, "
            + "même sans guillemets) ou identifiant.");
        var name = UserCommands.Text("--name", "NOM",
            "Obligatoire. Nom du jeton (100 caractères au plus), par exemple le script qui l'utilise : « export nocturne du registre ».");
        var roles = new Option<OrganizationRoles>("--roles")
        {
            Description = "Obligatoire. Rôles du jeton, séparés par des virgules, par exemple reader ou dpo,reader : "
                + $"{UserCommands.RoleValues}. Majuscules indifférentes. Chacun doit être un rôle de la personne dans "
                + "l'organisme ; en donner moins limite ce que le jeton permet.",
            HelpName = "RÔLES",
            CustomParser = UserCommands.ParseRoles,
        };
        // Nullable rather than a DefaultValueFactory, whose "[default: 90]" help label System.CommandLine leaves in English.
        var days = new Option<int?>("--days")
        {
            Description = $"Durée de validité en jours, de 1 à {ApiToken.MaxLifetimeDays} ; {DefaultLifetimeDays} par défaut.",
            HelpName = "JOURS",
            CustomParser = ParseDays,
        };
        var command = new Command(
            "create",
            "Crée un jeton d'accès, avec les mêmes contrôles que l'application web (appartenance à l'organisme, rôles détenus, "
            + "durée). Affiche l'identifiant du jeton, seul sur la première ligne, puis le jeton lui-même, affiché une "
            + "seule fois : seule son empreinte est conservée, il ne pourra pas être affiché à nouveau.")
        {
            user,
            organization,
            name,
            roles,
            days,
        };
        OptionRules.Require(command, user);
        OptionRules.Require(command, organization);
        OptionRules.Require(command, name);
        OptionRules.Require(command, roles);

        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            var userReference = parseResult.GetValue(user)!;
            var person = await UserCommands.FindUserAsync(session, userReference)
                ?? throw new CliException($"{user.Name} : {UserCommands.UserNotFound(userReference)}");
            var (organizationId, _) = await UserCommands.FindOrganizationAsync(
                session, organization.Name, parseResult.GetValue(organization), ct);

            var input = new CreateApiToken.Command(
                person.Id, organizationId, parseResult.GetValue(name)!, parseResult.GetValue(roles),
                parseResult.GetValue(days) ?? DefaultLifetimeDays);
            var result = await session.Get<CreateApiToken.Handler>().Handle(input, ct);
            if (!result.IsSuccess)
            {
                throw new CliException(result.Failure is NotFoundFailure notMember
                    ? $"{notMember.Message} Pour l'y ajouter : egide user add-membership."
                    : UserCommands.Describe(result.Failure!, field => field switch
                    {
                        nameof(CreateApiToken.Command.Name) => name.Name,
                        nameof(CreateApiToken.Command.Roles) => roles.Name,
                        nameof(CreateApiToken.Command.LifetimeDays) => days.Name,
                        _ => field,
                    }));
            }

            var output = parseResult.InvocationConfiguration.Output;
            await output.WriteLineAsync(result.Value.Id.ToString());
            await output.WriteLineAsync($"Jeton (affiché une seule fois) : {result.Value.Secret}");
            await output.WriteLineAsync($"Valable jusqu'au {FrenchFormat.DateAndTime(result.Value.ExpiresAt)}.");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command RevokeCommand(GlobalOptions global)
    {
        var id = new Argument<Guid>("ID")
        {
            Description = "Identifiant du jeton, tel que egide token create l'a affiché ou que egide token list le montre.",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Guid.TryParse(text, out var value))
                {
                    return value;
                }
                result.AddError($"« {text} » n'est pas un identifiant de jeton ; egide token list les affiche");
                return Guid.Empty;
            },
        };
        var command = new Command(
            "revoke",
            "Révoque un jeton d'accès, quelle que soit la personne qui l'a créé : il ne donne plus accès à l'API, "
            + "immédiatement et définitivement. Révoquer un jeton déjà révoqué ne change rien.")
        {
            id,
        };
        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            var tokenId = parseResult.GetValue(id);
            // Read first: the use case keeps the first revocation date, so its answer alone does not say
            // whether this run revoked the token or found it revoked already.
            var before = await session.Db.ApiTokens.AsNoTracking()
                .Where(t => t.Id == tokenId)
                .Select(t => new { t.RevokedAt })
                .SingleOrDefaultAsync(ct)
                ?? throw new CliException(TokenNotFound(tokenId));

            var result = await session.Get<RevokeApiToken.Handler>().Handle(tokenId, userId: null, ct);
            if (!result.IsSuccess)
            {
                // Deleted (with its person or organisation) since it was read.
                throw new CliException(TokenNotFound(tokenId));
            }
            var token = result.Value;
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(before.RevokedAt is { } revokedAt
                ? $"Le jeton « {token.Name} » était déjà révoqué, depuis le {FrenchFormat.DateAndTime(revokedAt)} ; rien n'a changé."
                : $"Jeton « {token.Name} » révoqué le {FrenchFormat.DateAndTime(token.RevokedAt!.Value)} : il ne donne plus accès à l'API.");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command ListCommand(GlobalOptions global)
    {
        var user = UserCommands.Text("--user", "COURRIEL|ID",
            "Seulement les jetons de cette personne : son adresse électronique ou l'identifiant de son compte.");
        var command = new Command(
            "list",
            "Liste les jetons d'accès, révoqués et expirés compris (tableau : identifiant, nom, courriel de la personne, "
            + "organisme, rôles, création, expiration, dernière utilisation, état). Le jeton lui-même n'est jamais affiché : "
            + "il n'est pas conservé.")
        {
            user,
        };
        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            Guid? userId = null;
            string? email = null;
            if (parseResult.GetValue(user) is { } userReference)
            {
                var person = await UserCommands.FindUserAsync(session, userReference)
                    ?? throw new CliException($"{user.Name} : {UserCommands.UserNotFound(userReference)}");
                (userId, email) = (person.Id, person.Email);
            }

            var db = session.Db;
            // Projected column by column: neither the hash nor the hint leaves the database.
            var tokens = await (
                    from t in db.ApiTokens.AsNoTracking()
                    join u in db.Users on t.UserId equals u.Id
                    join o in db.Organizations on t.OrganizationId equals o.Id
                    where userId == null || t.UserId == userId
                    orderby u.Email, t.CreatedAt, t.Id
                    select new Row(t.Id, t.Name, u.Email ?? "", o.Name, t.Roles, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
                .ToListAsync(ct);

            var output = parseResult.InvocationConfiguration.Output;
            var prefix = email is null ? "" : $"{email} : ";
            if (tokens.Count == 0)
            {
                await output.WriteLineAsync(email is null ? "Aucun jeton." : $"{prefix}aucun jeton.");
                return ExitCodes.Success;
            }
            var now = session.Get<TimeProvider>().GetUtcNow().UtcDateTime;
            await TextTable.WriteAsync(
                output,
                ["Identifiant", "Nom", "Courriel", "Organisme", "Rôles", "Créé le", "Expire le", "Dernière utilisation", "État"],
                tokens.Select(t => (IReadOnlyList<string>)
                [
                    t.Id.ToString(), t.Name, t.Email, t.Organization, t.Roles.French(),
                    FrenchFormat.DateAndTime(t.CreatedAt), FrenchFormat.DateAndTime(t.ExpiresAt),
                    t.LastUsedAt is { } used ? FrenchFormat.DateAndTime(used) : "jamais",
                    ApiToken.FrenchState(t.RevokedAt, t.ExpiresAt, now),
                ]).ToList());
            await output.WriteLineAsync($"{prefix}{French.Count(tokens.Count, "jeton", "jetons")}.");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private sealed record Row(
        Guid Id, string Name, string Email, string Organization, OrganizationRoles Roles,
        DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    private static int? ParseDays(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days))
        {
            return days;
        }
        result.AddError($"--days : « {text} » n'est pas un nombre entier de jours");
        return null;
    }

    private static string TokenNotFound(Guid id) =>
        $"jeton introuvable : « {id} » n'est l'identifiant d'aucun jeton enregistré (egide token list les affiche).";
}
