using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Organizations;

namespace Egide.Cli;

/// <summary>
/// <c>egide org …</c>: organisations, through the same use cases as the web pages (validation included).
/// Each command creates or updates the database first if needed.
/// </summary>
internal static class OrgCommands
{
    private const string KindValues =
        "commune, departement, region, epci, ccas, cias, syndicat, ot (office de tourisme), sdis, cdg (centre de gestion), etat, autre";

    public static Command Create(GlobalOptions global) =>
        new("org",
            "Organismes : collectivités, établissements publics, services de l'État. Chaque commande crée ou met à jour "
            + "la base de données d'abord si besoin, comme l'application web à son démarrage.")
        {
            CreateCommand(global),
            ListCommand(global),
            ShowCommand(global),
        };

    private static Command CreateCommand(GlobalOptions global)
    {
        var options = new CreateOptions();
        var command = new Command(
            "create",
            "Crée un organisme, avec les mêmes contrôles que le formulaire web (SIREN, doublons, DPO…). "
            + "Affiche l'identifiant du nouvel organisme, seul sur sa ligne.");
        foreach (var option in options.All)
        {
            command.Add(option);
        }
        OptionRules.Require(command, options.Kind);
        OptionRules.Require(command, options.Name);

        command.SetAction((parseResult, ct) =>
        {
            var input = options.ToInput(parseResult);
            return global.RunAsync(parseResult, migrate: true, async session =>
            {
                if (parseResult.GetValue(options.DpoOrganization) is { } reference)
                {
                    input.Dpo.ExternalOrganizationId = await session.Get<GetOrganization.Handler>().FindByReference(reference, ct)
                        ?? throw new CliException($"{options.DpoOrganization.Name} : {NotFound(reference)}");
                }
                var result = await session.Get<CreateOrganization.Handler>().Handle(input, ct);
                if (!result.IsSuccess)
                {
                    throw new CliException(options.Describe(result.Failure!));
                }
                await parseResult.InvocationConfiguration.Output.WriteLineAsync(result.Value.ToString());
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    private static Command ListCommand(GlobalOptions global)
    {
        var search = Text("--search", "TEXTE", "Cherche dans les noms (sans tenir compte des accents), ou un SIREN, code INSEE ou code postal exact.");
        var kind = KindOption("Seulement ce type d'organisme : " + KindValues + ".");
        var command = new Command("list", "Liste les organismes, tous, par ordre alphabétique (tableau : nom, type, SIREN, commune, identifiant).")
        {
            search,
            kind,
        };
        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            var handler = session.Get<ListOrganizations.Handler>();
            var items = new List<ListOrganizations.Item>();
            // Every page: a list that stops at the first 500 without saying so would mislead.
            for (var page = 1; ; page++)
            {
                var result = await handler.Handle(
                    new ListOrganizations.Query(parseResult.GetValue(search), parseResult.GetValue(kind), page, ListOrganizations.MaxPageSize), ct);
                items.AddRange(result.Items);
                if (page >= result.PageCount)
                {
                    break;
                }
            }

            var output = parseResult.InvocationConfiguration.Output;
            if (items.Count == 0)
            {
                var filtered = parseResult.GetValue(search) is not null || parseResult.GetValue(kind) is not null;
                await output.WriteLineAsync(filtered ? "Aucun organisme ne correspond à ces critères." : "Aucun organisme.");
                return ExitCodes.Success;
            }
            await TextTable.WriteAsync(
                output,
                ["Nom", "Type", "SIREN", "Commune", "Identifiant"],
                items.Select(i => (IReadOnlyList<string>)[i.Name, i.Kind.French(), i.Siren ?? "-", i.City ?? "-", i.Id.ToString()]).ToList());
            await output.WriteLineAsync($"{French.Count(items.Count, "organisme", "organismes")}.");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command ShowCommand(GlobalOptions global)
    {
        var reference = new Argument<string[]>("ORGANISME")
        {
            Description = "SIREN (espaces permis, même sans guillemets) ou identifiant de l'organisme.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("show", "Affiche un organisme : identité, DPO, référents RGPD, contacts.")
        {
            reference,
        };
        command.SetAction((parseResult, ct) => global.RunAsync(parseResult, migrate: true, async session =>
        {
            var text = string.Join(' ', parseResult.GetValue(reference) ?? []);
            var handler = session.Get<GetOrganization.Handler>();
            var details = await handler.FindByReference(text, ct) is { } id ? await handler.Handle(id, ct) : null;
            if (details is null)
            {
                throw new CliException(NotFound(text));
            }
            await OrganizationText.WriteAsync(parseResult.InvocationConfiguration.Output, details);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Option<string> Text(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    private static Option<int?> Number(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text.Replace(" ", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
            result.AddError($"{name} : « {text} » n'est pas un nombre entier");
            return null;
        },
    };

    private static Option<OrganizationKind?> KindOption(string description) => new("--kind")
    {
        Description = description,
        HelpName = "TYPE",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (OrganizationKindNames.TryParse(text, out var kind))
            {
                return kind;
            }
            result.AddError($"--kind : type d'organisme inconnu « {text} » ; valeurs possibles : {KindValues}");
            return null;
        },
    };

    private static DpoKind? ParseDpoKind(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        switch (text.Trim().ToLowerInvariant())
        {
            case "none" or "aucun" or "non-designe" or "non-désigné":
                return DpoKind.NotDesignated;
            case "internal" or "interne":
                return DpoKind.Internal;
            case "external" or "externe":
                return DpoKind.External;
            default:
                result.AddError($"--dpo-kind : valeur inconnue « {text} » ; valeurs possibles : none, internal, external");
                return null;
        }
    }

    internal static string NotFound(string reference) =>
        $"organisme introuvable : « {reference} » n'est ni le SIREN ni l'identifiant d'un organisme enregistré.";

    /// <summary>The options of <c>org create</c>, each tied to the input field it fills.</summary>
    private sealed class CreateOptions
    {
        public Option<OrganizationKind?> Kind { get; } =
            KindOption("Obligatoire. Type d'organisme : " + KindValues + ".");

        public Option<string> Name { get; } =
            Text("--name", "NOM", "Obligatoire. Nom de l'organisme, par exemple « Commune de Saint-Laurent-Blangy ».");

        public Option<string> Siren { get; } = Text("--siren", "SIREN", "SIREN (9 chiffres, espaces permis).");

        public Option<string> Insee { get; } =
            Text("--insee", "CODE", "Code INSEE de la commune (5 caractères, par exemple 62753 ou 2A004).");

        public Option<int?> Population { get; } =
            Number("--population", "N", "Population légale INSEE (avec --population-year).");

        public Option<int?> PopulationYear { get; } =
            Number("--population-year", "AAAA", "Année de référence de la population, par exemple 2021.");

        public Option<string> Street { get; } = Text("--street", "ADRESSE", "Adresse (numéro et voie).");

        public Option<string> PostalCode { get; } = Text("--postal-code", "CODE", "Code postal (5 chiffres).");

        public Option<string> City { get; } = Text("--city", "COMMUNE", "Commune de l'adresse.");

        public Option<string> Mailbox { get; } =
            Text("--mailbox", "COURRIEL", "Boîte fonctionnelle par laquelle passent les échanges sécurisés.");

        public Option<DpoKind?> DpoKind { get; } = new("--dpo-kind")
        {
            Description = "DPO : none (non désigné, par défaut), internal (interne) ou external (externe ou mutualisé). "
                + "Obligatoire pour utiliser les autres options --dpo-*.",
            HelpName = "none|internal|external",
            CustomParser = ParseDpoKind,
        };

        public Option<string> DpoName { get; } =
            Text("--dpo-name", "NOM", "Nom du DPO (interne) ou de la personne à contacter (externe).");

        public Option<string> DpoEmail { get; } =
            Text("--dpo-email", "COURRIEL", "Courriel du DPO (obligatoire pour un DPO désigné).");

        public Option<string> DpoPhone { get; } = Text("--dpo-phone", "TÉLÉPHONE", "Téléphone du DPO.");

        public Option<string> DpoOrganization { get; } = Text("--dpo-org", "ORGANISME",
            "DPO externe : l'organisme d'Egide qui assure la fonction (SIREN ou identifiant), par exemple le centre de gestion.");

        public Option<string> DpoBody { get; } =
            Text("--dpo-body", "NOM", "DPO externe : nom de l'organisme qui assure la fonction, s'il n'est pas dans Egide.");

        public Option<string> DpoCnilNumber { get; } =
            Text("--dpo-cnil-number", "DPO-NNNNN", "Numéro de désignation du DPO à la CNIL, par exemple DPO-12345.");

        public IEnumerable<Option> All =>
        [
            Kind, Name, Siren, Insee, Population, PopulationYear, Street, PostalCode, City, Mailbox,
            DpoKind, DpoName, DpoEmail, DpoPhone, DpoOrganization, DpoBody, DpoCnilNumber,
        ];

        /// <summary>
        /// The input for the use case, which does all the validation. Only what the use case would silently
        /// drop is refused here: DPO details without a designated DPO, external-body options for an internal DPO.
        /// </summary>
        public OrganizationInput ToInput(ParseResult parseResult)
        {
            var dpoKind = parseResult.GetValue(DpoKind) ?? Core.Organizations.DpoKind.NotDesignated;
            var details = new[] { DpoName, DpoEmail, DpoPhone, DpoOrganization, DpoBody, DpoCnilNumber }
                .Where(o => parseResult.GetResult(o) is not null).Select(o => o.Name).ToList();
            if (dpoKind == Core.Organizations.DpoKind.NotDesignated && details.Count > 0)
            {
                throw new CliException($"{string.Join(", ", details)} : indiquez aussi --dpo-kind internal ou --dpo-kind external.");
            }
            var externalOnly = details.Where(o => o == DpoOrganization.Name || o == DpoBody.Name).ToList();
            if (dpoKind == Core.Organizations.DpoKind.Internal && externalOnly.Count > 0)
            {
                throw new CliException($"{string.Join(", ", externalOnly)} : ne vaut que pour un DPO externe (--dpo-kind external).");
            }

            return new OrganizationInput
            {
                Kind = parseResult.GetValue(Kind),
                Name = parseResult.GetValue(Name),
                Siren = parseResult.GetValue(Siren),
                InseeCode = parseResult.GetValue(Insee),
                Population = parseResult.GetValue(Population),
                PopulationYear = parseResult.GetValue(PopulationYear),
                Address = new OrganizationInput.AddressInput
                {
                    Street = parseResult.GetValue(Street),
                    PostalCode = parseResult.GetValue(PostalCode),
                    City = parseResult.GetValue(City),
                },
                FunctionalMailbox = parseResult.GetValue(Mailbox),
                Dpo = new OrganizationInput.DpoInput
                {
                    Kind = dpoKind,
                    PersonName = parseResult.GetValue(DpoName),
                    Email = parseResult.GetValue(DpoEmail),
                    Phone = parseResult.GetValue(DpoPhone),
                    ExternalBodyName = parseResult.GetValue(DpoBody),
                    CnilDesignationNumber = parseResult.GetValue(DpoCnilNumber),
                },
            };
        }

        /// <summary>One line: every message of every field, each after the option that fills the field.</summary>
        public string Describe(Failure failure) => failure switch
        {
            ValidationFailure v => string.Join(" ; ", v.Errors.SelectMany(field =>
                field.Value.Select(message => $"{OptionFor(field.Key)} : {message}"))),
            _ => failure.Message,
        };

        private string OptionFor(string field) => field switch
        {
            nameof(OrganizationInput.Kind) => Kind.Name,
            nameof(OrganizationInput.Name) => Name.Name,
            nameof(OrganizationInput.Siren) => Siren.Name,
            nameof(OrganizationInput.InseeCode) => Insee.Name,
            nameof(OrganizationInput.Population) => Population.Name,
            nameof(OrganizationInput.PopulationYear) => PopulationYear.Name,
            "Address.Street" => Street.Name,
            "Address.PostalCode" => PostalCode.Name,
            "Address.City" => City.Name,
            nameof(OrganizationInput.FunctionalMailbox) => Mailbox.Name,
            "Dpo.Kind" => DpoKind.Name,
            "Dpo.PersonName" => DpoName.Name,
            "Dpo.Email" => DpoEmail.Name,
            "Dpo.Phone" => DpoPhone.Name,
            "Dpo.ExternalOrganizationId" => DpoOrganization.Name,
            "Dpo.ExternalBodyName" => $"{DpoOrganization.Name} / {DpoBody.Name}",
            "Dpo.CnilDesignationNumber" => DpoCnilNumber.Name,
            _ => field,
        };
    }
}
