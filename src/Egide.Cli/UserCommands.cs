using System.CommandLine;
using System.CommandLine.Parsing;
using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Egide.Cli;

/// <summary>
/// <c>egide user …</c>: the people who sign in and their roles in organisations, through the same use cases as
/// the web application (address, duplicate and password rules included). Each command creates or updates the
/// database first if needed.
/// </summary>
internal static class UserCommands
{
    internal static readonly string RoleValues =
        string.Join(", ", OrganizationRoleNames.All.Select(r => $"{r} ({r.French()})"));

    public static Command Create(GlobalOptions global, TextReader stdin) =>
        new("user",
            "Personnes qui se connectent à Egide, et leurs rôles dans les organismes. Chaque commande crée ou met à jour "
            + "la base de données d'abord si besoin, comme l'application web à son démarrage.")
        {
            CreateCommand(global, stdin),
            AddMembershipCommand(global),
            ListCommand(global),
        };

    private static Command CreateCommand(GlobalOptions global, TextReader stdin)
    {
        var email = Text("--email", "COURRIEL",
            "Obligatoire. Adresse électronique de la personne ; elle lui sert d'identifiant de connexion.");
        var name = Text("--name", "NOM", "Obligatoire. Prénom et nom, par exemple « Marie Delcourt ».");
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Lit le mot de passe sur l'entrée standard (une ligne), par exemple "
                + "« gestionnaire-de-secrets | egide user create … --password-stdin » : il n'apparaît ainsi ni dans la liste "
                + "des processus ni dans l'historique du shell. Au moins 12 caractères et pas un mot de passe courant ; "
                + "une phrase de plusieurs mots convient. Sans cette option, un mot de passe fort est généré et affiché une seule fois.",
        };
        var platformAdmin = new Option<bool>("--platform-admin")
        {
            Description = "Administrateur de la plateforme (catalogues, tous les organismes). "
                + "Ce n'est pas un rôle dans un organisme : voir egide user add-membership.",
        };
        var command = new Command(
            "create",
            "Crée le compte d'une personne, avec les mêmes contrôles que l'application web (adresse, doublon, mot de passe). "
            + "Affiche l'identifiant du compte, seul sur la première ligne, puis le mot de passe s'il a été généré.")
        {
            email,
            name,
            passwordStdin,
            platformAdmin,
        };
        OptionRules.Require(command, email);
        OptionRules.Require(command, name);

        command.SetAction(async (parseResult, ct) =>
        {
            var fromStdin = parseResult.GetValue(passwordStdin);
            // Read before the database is opened: nothing happens if the password never comes.
            var password = fromStdin
                ? await stdin.ReadLineAsync(ct)
                    ?? throw new CliException($"{passwordStdin.Name} : rien à lire sur l'entrée standard ; envoyez-y le mot de passe, sur une ligne.")
                : null;
            var input = new CreateUser.Command(
                parseResult.GetValue(email)!, parseResult.GetValue(name)!, password, parseResult.GetValue(platformAdmin));

            return await global.RunAsync(parseResult, migrate: true, async session =>
            {
                Result<CreateUser.Created> result;
                try
                {
                    result = await session.Get<CreateUser.Handler>().Handle(input, ct);
                }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
                {
                    // Created by someone else between Identity's duplicate check and the insert.
                    throw new CliException($"{email.Name} : un compte existe déjà avec cette adresse.");
                }
                if (!result.IsSuccess)
                {
                    throw new CliException(Describe(result.Failure!, field => field switch
                    {
                        nameof(CreateUser.Command.Email) => email.Name,
                        nameof(CreateUser.Command.DisplayName) => name.Name,
                        nameof(CreateUser.Command.Password) => fromStdin ? passwordStdin.Name : "mot de passe généré",
                        _ => field,
                    }));
                }

                var output = parseResult.InvocationConfiguration.Output;
                await output.WriteLineAsync(result.Value.Id.ToString());
                if (!fromStdin)
                {
                    await output.WriteLineAsync($"Mot de passe (affiché une seule fois) : {result.Value.Password}");
                }
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    private static Command AddMembershipCommand(GlobalOptions global)
    {
        var user = Text("--user", "COURRIEL|ID",
            "Obligatoire. La personne : son adresse électronique (majuscules ou minuscules) ou l'identifiant de son compte.");
        var organization = OrganizationOption("Obligatoire. L'organisme : SIREN (espaces permis, même sans guillemets) ou identifiant.");
        var roles = new Option<OrganizationRoles>("--roles")
        {
            Description = $"Obligatoire. Rôles à ajouter, séparés par des virgules, par exemple dpo,controller : {RoleValues}. "
                + "Majuscules indifférentes. Les rôles que la personne a déjà dans l'organisme sont conservés.",
            HelpName = "RÔLES",
            CustomParser = ParseRoles,
        };
        var command = new Command(
            "add-membership",
            "Fait d'une personne un membre d'un organisme avec ces rôles, ou ajoute ces rôles à ceux qu'elle y a déjà. "
            + "Affiche ensuite tous ses rôles dans l'organisme.")
        {
            user,
            organization,
            roles,
        };
        OptionRules.Require(command, user);
        OptionRules.Require(command, organization);
        OptionRules.Require(command, roles);

        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            var userReference = parseResult.GetValue(user)!;
            var person = await FindUserAsync(session, userReference)
                ?? throw new CliException($"{user.Name} : {UserNotFound(userReference)}");
            var (organizationId, organizationName) = await FindOrganizationAsync(session, organization.Name, parseResult.GetValue(organization), ct);

            AddMembership.Command input = new(person.Id, organizationId, parseResult.GetValue(roles));
            Result<OrganizationRoles> result;
            try
            {
                result = await session.Get<AddMembership.Handler>().Handle(input, ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // The membership was created by someone else between the handler's read and its insert.
                throw new CliException("cette personne vient d'être ajoutée à cet organisme par ailleurs ; relancez la commande pour ajouter les rôles.");
            }
            if (!result.IsSuccess)
            {
                throw new CliException(Describe(result.Failure!, field => field == nameof(AddMembership.Command.Roles) ? roles.Name : field));
            }
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                $"Rôles de {person.DisplayName} ({person.Email}) dans {organizationName} : {result.Value.French()}.");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command ListCommand(GlobalOptions global)
    {
        var organization = OrganizationOption(
            "Seulement les membres de cet organisme (SIREN, espaces permis, ou identifiant), avec leurs rôles.");
        var command = new Command(
            "list",
            "Liste les personnes par adresse électronique (tableau : courriel, nom, administrateur de la plateforme, "
            + "double authentification) ; avec --org, les membres d'un organisme et leurs rôles.")
        {
            organization,
        };
        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var db = session.Db;
            if (parseResult.GetResult(organization) is null)
            {
                var everyone = await db.Users.AsNoTracking()
                    .OrderBy(u => u.Email)
                    .Select(u => new Person(u.Email ?? "", u.DisplayName, u.IsPlatformAdmin, u.TwoFactorEnabled, OrganizationRoles.None))
                    .ToListAsync(ct);
                if (everyone.Count == 0)
                {
                    await output.WriteLineAsync("Aucune personne enregistrée.");
                    return ExitCodes.Success;
                }
                await TextTable.WriteAsync(
                    output,
                    ["Courriel", "Nom", "Admin. plateforme", "Double authentification"],
                    everyone.Select(p => (IReadOnlyList<string>)[p.Email, p.Name, YesNo(p.PlatformAdmin), OnOff(p.TwoFactor)]).ToList());
                await output.WriteLineAsync($"{French.Count(everyone.Count, "personne", "personnes")}.");
                return ExitCodes.Success;
            }

            var (organizationId, organizationName) = await FindOrganizationAsync(session, organization.Name, parseResult.GetValue(organization), ct);
            var members = await db.Memberships.AsNoTracking()
                .Where(m => m.OrganizationId == organizationId)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { User = u, m.Roles })
                .OrderBy(x => x.User.Email)
                .Select(x => new Person(x.User.Email ?? "", x.User.DisplayName, x.User.IsPlatformAdmin, x.User.TwoFactorEnabled, x.Roles))
                .ToListAsync(ct);
            if (members.Count == 0)
            {
                await output.WriteLineAsync($"{organizationName} : aucun membre.");
                return ExitCodes.Success;
            }
            await TextTable.WriteAsync(
                output,
                ["Courriel", "Nom", "Rôles", "Admin. plateforme", "Double authentification"],
                members.Select(p => (IReadOnlyList<string>)[p.Email, p.Name, p.Roles.French(), YesNo(p.PlatformAdmin), OnOff(p.TwoFactor)]).ToList());
            await output.WriteLineAsync($"{organizationName} : {French.Count(members.Count, "membre", "membres")}.");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private sealed record Person(string Email, string Name, bool PlatformAdmin, bool TwoFactor, OrganizationRoles Roles);

    internal static Option<string> Text(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    /// <summary>A SIREN written with spaces is several tokens; they are joined again, as <c>org show</c> does.</summary>
    internal static Option<string[]> OrganizationOption(string description) => new("--org")
    {
        Description = description,
        HelpName = "SIREN|ID",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    internal static OrganizationRoles ParseRoles(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (OrganizationRoleNames.TryParse(text, out var roles))
        {
            return roles;
        }
        var unknown = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(part => !OrganizationRoleNames.TryParse(part, out _))
            .Select(part => $"« {part} »")
            .ToList();
        result.AddError(unknown.Count switch
        {
            0 => $"--roles : indiquez au moins un rôle ; rôles possibles : {RoleValues}",
            1 => $"--roles : rôle inconnu {unknown[0]} ; rôles possibles : {RoleValues}",
            _ => $"--roles : rôles inconnus {string.Join(", ", unknown)} ; rôles possibles : {RoleValues}",
        });
        return OrganizationRoles.None;
    }

    /// <summary>By id, or by e-mail address as Identity compares them (normalised, so case does not matter).</summary>
    internal static async Task<EgideUser?> FindUserAsync(EgideSession session, string reference)
    {
        var text = reference.Trim();
        if (text.Length == 0)
        {
            return null;
        }
        var users = session.Get<UserManager<EgideUser>>();
        return Guid.TryParse(text, out var id) ? await users.FindByIdAsync(id.ToString()) : await users.FindByEmailAsync(text);
    }

    internal static async Task<(Guid Id, string Name)> FindOrganizationAsync(
        EgideSession session, string option, string[]? tokens, CancellationToken ct)
    {
        var reference = string.Join(' ', tokens ?? []);
        var id = await session.Get<GetOrganization.Handler>().FindByReference(reference, ct)
            ?? throw new CliException($"{option} : {OrgCommands.NotFound(reference)}");
        var name = await session.Db.Organizations.Where(o => o.Id == id).Select(o => o.Name).SingleAsync(ct);
        return (id, name);
    }

    internal static string UserNotFound(string reference) =>
        $"personne introuvable : « {reference} » n'est ni l'adresse électronique ni l'identifiant d'un compte enregistré.";

    /// <summary>One line: every message of every field, each after the option that fills the field.</summary>
    internal static string Describe(Failure failure, Func<string, string> optionFor) => failure switch
    {
        // Identity reports a taken address twice (user name and e-mail are the same address): once is enough.
        ValidationFailure v => string.Join(" ; ", v.Errors.SelectMany(field =>
            field.Value.Distinct(StringComparer.Ordinal).Select(message => $"{optionFor(field.Key)} : {message}"))),
        _ => failure.Message,
    };

    private static string YesNo(bool value) => value ? "oui" : "non";

    private static string OnOff(bool value) => value ? "activée" : "désactivée";
}
