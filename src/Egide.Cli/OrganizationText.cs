using Egide.Core.Common;
using Egide.Core.Organizations;

namespace Egide.Cli;

/// <summary>An organisation as text for <c>egide org show</c>: the sections of the web details page.</summary>
internal static class OrganizationText
{
    private const string Missing = "Non renseigné";

    public static async Task WriteAsync(TextWriter output, GetOrganization.Details details)
    {
        var o = details.Organization;
        await output.WriteLineAsync(o.Name);
        await WriteFactsAsync(output,
        [
            ("Type", o.Kind.French()),
            ("Identifiant", o.Id.ToString()),
            ("SIREN", o.Siren ?? Missing),
            ("Code INSEE", o.InseeCode ?? Missing),
            ("Population", o.Population is { } p
                ? $"{FrenchFormat.Number(p)} habitants (population légale {o.PopulationYear})"
                : "Non renseignée"),
            ("Adresse", Address(o.Address) ?? "Non renseignée"),
            ("Boîte fonctionnelle", o.FunctionalMailbox ?? "Non renseignée"),
            ("Jours fériés", o.HolidayCalendar == Core.Deadlines.HolidayCalendar.AlsaceMoselle ? "Alsace-Moselle (avec le Vendredi saint et le 26 décembre)" : "Nationaux"),
            ("Créé le", FrenchFormat.DateAndTime(o.CreatedAt)),
            ("Modifié le", FrenchFormat.DateAndTime(o.UpdatedAt)),
        ]);

        await output.WriteLineAsync();
        await output.WriteLineAsync("Délégué à la protection des données (DPO)");
        if (o.Dpo.Kind == DpoKind.NotDesignated)
        {
            await output.WriteLineAsync("  Aucun DPO n'est désigné. La désignation est obligatoire pour les organismes publics (article 37 du RGPD).");
        }
        else
        {
            var facts = new List<(string, string)>
            {
                ("Type", o.Dpo.Kind == DpoKind.Internal ? "DPO interne" : "DPO externe ou mutualisé"),
            };
            if (o.Dpo.Kind == DpoKind.External)
            {
                var body = details.ExternalDpoName ?? Missing;
                facts.Add(("Organisme DPO", o.Dpo.ExternalOrganizationId is { } id ? $"{body} ({id})" : body));
            }
            facts.Add(("Personne", o.Dpo.PersonName ?? Missing));
            facts.Add(("Courriel", o.Dpo.Email ?? Missing));
            facts.Add(("Téléphone", o.Dpo.Phone ?? Missing));
            facts.Add(("N° de désignation CNIL", o.Dpo.CnilDesignationNumber ?? Missing));
            await WriteFactsAsync(output, facts);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("Référents RGPD");
        if (o.Referents.Count == 0)
        {
            await output.WriteLineAsync("  Aucun référent désigné.");
        }
        foreach (var r in o.Referents)
        {
            await output.WriteLineAsync("  " + Join(r.Name, r.Service, r.Email, r.Phone));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("Contacts");
        if (o.Contacts.Count == 0)
        {
            await output.WriteLineAsync("  Aucun contact enregistré.");
        }
        foreach (var c in o.Contacts)
        {
            await output.WriteLineAsync("  " + Join(c.Name, c.Role, c.Email, c.Phone));
        }
    }

    private static async Task WriteFactsAsync(TextWriter output, IReadOnlyList<(string Label, string Value)> facts)
    {
        var width = facts.Max(f => f.Label.Length);
        foreach (var (label, value) in facts)
        {
            await output.WriteLineAsync($"  {label.PadRight(width)} : {value}");
        }
    }

    private static string? Address(PostalAddress address)
    {
        var parts = new[] { address.Street, $"{address.PostalCode} {address.City}".Trim() }.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string Join(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
