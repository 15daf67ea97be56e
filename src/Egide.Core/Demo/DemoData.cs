using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Demo;

/// <summary>
/// The bodies of the four source deliberations and a few neighbours. SIRENs are the real ones where
/// known (each passes its check digit); people, e-mail addresses (.example) and phone numbers are fictional.
/// </summary>
public sealed class DemoData(EgideDb db, TimeProvider clock)
{
    public const string ManagementCentreName = "Centre de gestion de la fonction publique territoriale du Pas-de-Calais (CDG 62)";

    /// <summary>Adds the demo organisations that are not there yet, all in one transaction.</summary>
    /// <returns>How many were added.</returns>
    public async Task<int> SeedAsync(CancellationToken ct = default)
    {
        var existing = (await db.Organizations.Select(o => o.SearchName).ToListAsync(ct)).ToHashSet();
        var sirens = (await db.Organizations.Where(o => o.Siren != null).Select(o => o.Siren!).ToListAsync(ct)).ToHashSet();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var handler = new CreateOrganization.Handler(db, clock);
            var added = 0;
            Guid? cdg = await db.Organizations
                .Where(o => o.SearchName == TextSearch.Fold(ManagementCentreName))
                .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);

            foreach (var input in Organizations(() => cdg))
            {
                // Already there, possibly renamed since: the SIREN says so.
                if (existing.Contains(TextSearch.Fold(input.Name!)) || (input.Siren is { } siren && sirens.Contains(siren)))
                {
                    continue;
                }
                var result = await handler.Handle(input, ct);
                if (!result.IsSuccess)
                {
                    throw new InvalidOperationException(
                        $"Demo organisation '{input.Name}' is invalid: {(result.Failure as ValidationFailure)?.FirstMessage ?? result.Failure!.Message}");
                }
                if (input.Name == ManagementCentreName)
                {
                    cdg = result.Value;
                }
                added++;
            }
            await transaction.CommitAsync(ct);
            return added;
        });
    }

    // Lazily enumerated so that the CDG's id, known once it is created, reaches the members it serves as DPO.
    private static IEnumerable<OrganizationInput> Organizations(Func<Guid?> cdg)
    {
        yield return Org(OrganizationKind.ManagementCentre, ManagementCentreName, null, null, null, "62000", "Arras",
            "echanges@cdg62.example",
            Internal("Claire Vasseur", "dpo@cdg62.example", "03 21 00 00 01", "DPO-10001"),
            [Referent("Julien Caron", "Conseil juridique numérique", "rgpd@cdg62.example")],
            [Contact("Sophie Lefebvre", "Directrice générale des services", "direction@cdg62.example", "03 21 00 00 02")]);

        yield return Org(OrganizationKind.Region, "Région Hauts-de-France", "200053742", null, (5_995_292, 2021), "59000", "Lille",
            "echanges@hautsdefrance.example",
            Internal("Marc Delattre", "dpo@hautsdefrance.example", "03 74 00 00 01", "DPO-10002"),
            [Referent("Isabelle Dumont", "Direction des systèmes d'information", "rgpd-dsi@hautsdefrance.example")],
            [Contact("Thomas Lemaire", "RSSI", "rssi@hautsdefrance.example", "03 74 00 00 02")]);

        yield return Departement("Nord", "225900018", 2_611_293, "59000", "Lille", "lenord", "Paul Vandamme", "DPO-10003");
        yield return Departement("Pas-de-Calais", "226200012", 1_465_278, "62000", "Arras", "pasdecalais", "Nathalie Bernard", "DPO-10004");
        yield return Departement("Somme", "228000014", 568_932, "80000", "Amiens", "somme", "Hugo Martin", "DPO-10005");
        yield return Departement("Oise", "226000016", 829_419, "60000", "Beauvais", "oise", "Élise Moreau", "DPO-10006");
        yield return Departement("Aisne", "220200026", 526_050, "02000", "Laon", "aisne", "Karim Benali", "DPO-10007");

        yield return Org(OrganizationKind.FireService, "Service départemental d'incendie et de secours du Nord (SDIS 59)", null, null, null, "59000", "Lille",
            "echanges@sdis59.example",
            Internal("Capitaine Anne Leroy", "dpo@sdis59.example", "03 20 00 00 01", null),
            [], [Contact("Commandant Yves Lambert", "Chef du groupement des systèmes d'information", "gsi@sdis59.example", null)]);

        yield return Org(OrganizationKind.StateService, "Direction interdépartementale de la police nationale du Pas-de-Calais (DIPN 62) – CPN d'Arras", null, null, null, "62000", "Arras",
            "dipn62-echanges@interieur.example",
            new OrganizationInput.DpoInput { Kind = DpoKind.External, ExternalBodyName = "DPO du ministère de l'Intérieur", Email = "dpo@interieur.example" },
            [], [Contact("Commandant Luc Fontaine", "Service départemental d'appui numérique (SDAN)", "sdan62@interieur.example", "03 21 00 00 17")]);

        yield return Commune("Saint-Laurent-Blangy", "216207530", "62753", 6_752, "62223", cdg(),
            Referent("Marie Delcourt", "Direction générale des services", "rgpd@saint-laurent-blangy.example"),
            Contact("Jean Dufour", "Contact technique habilité (convention police)", "informatique@saint-laurent-blangy.example", "03 21 00 00 31"));
        yield return Commune("Arras", "216200410", "62041", 41_555, "62000", null,
            Referent("Camille Petit", "Direction des affaires juridiques", "rgpd@arras.example"),
            Contact("Olivier Roussel", "Directeur des systèmes d'information", "dsi@arras.example", null));
        yield return Commune("Achicourt", "216200048", "62004", 7_708, "62217", cdg(),
            Referent("Sandrine Lemoine", "Accueil – état civil", "rgpd@achicourt.example"), null);
        yield return Commune("Beaurains", "216200998", "62099", 5_688, "62217", cdg(),
            Referent("Bruno Delaby", "Ressources humaines", "rgpd@beaurains.example"), null);

        yield return Org(OrganizationKind.SocialActionCentre, "CCAS de Saint-Laurent-Blangy", null, null, null, "62223", "Saint-Laurent-Blangy",
            null, External(cdg(), "Claire Vasseur", "dpo@cdg62.example", "DPO-10008"),
            [Referent("Fatima Haddad", "Action sociale", "ccas@saint-laurent-blangy.example")], []);

        yield return Org(OrganizationKind.Epci, "Communauté urbaine d'Arras", "246200364", null, (107_000, 2021), "62000", "Arras",
            "echanges@cu-arras.example",
            Internal("Vincent Dubois", "dpo@cu-arras.example", "03 21 00 00 41", "DPO-10009"),
            [Referent("Laura Carpentier", "Systèmes d'information", "rgpd@cu-arras.example")], []);
    }

    private static OrganizationInput Departement(string name, string siren, int population, string postalCode, string city,
        string domain, string dpo, string cnilNumber) =>
        Org(OrganizationKind.Departement, $"Département {(name == "Aisne" || name == "Oise" ? "de l'" : name == "Somme" ? "de la " : "du ")}{name}", siren, null,
            (population, 2021), postalCode, city, $"echanges@{domain}.example",
            Internal(dpo, $"dpo@{domain}.example", null, cnilNumber),
            [Referent("Référent RGPD", "Direction des systèmes d'information", $"rgpd@{domain}.example")],
            [Contact("RSSI", "Responsable de la sécurité des systèmes d'information", $"rssi@{domain}.example", null)]);

    private static OrganizationInput Commune(string name, string siren, string insee, int population, string postalCode, Guid? cdg,
        OrganizationInput.ReferentInput referent, OrganizationInput.ContactInput? contact)
    {
        var slug = TextSearch.Fold(name).Replace(' ', '-');
        var of = "AEIOUYÉÈÂÎ".Contains(name[0], StringComparison.Ordinal) ? "d'" : "de ";
        return Org(OrganizationKind.Commune, $"Commune {of}{name}", siren, insee, (population, 2021), postalCode, name,
            $"echanges@{slug}.example",
            cdg is null ? Internal("DPO de la ville", $"dpo@{slug}.example", null, null) : External(cdg, "Claire Vasseur", "dpo@cdg62.example", null),
            [referent], contact is null ? [] : [contact]);
    }

    private static OrganizationInput Org(OrganizationKind kind, string name, string? siren, string? insee, (int Count, int Year)? population,
        string postalCode, string city, string? mailbox, OrganizationInput.DpoInput dpo,
        List<OrganizationInput.ReferentInput> referents, List<OrganizationInput.ContactInput> contacts) => new()
        {
            Kind = kind,
            Name = name,
            Siren = siren,
            InseeCode = insee,
            Population = population?.Count,
            PopulationYear = population?.Year,
            Address = new OrganizationInput.AddressInput { PostalCode = postalCode, City = city },
            FunctionalMailbox = mailbox,
            Dpo = dpo,
            Referents = referents,
            Contacts = contacts,
        };

    private static OrganizationInput.DpoInput Internal(string name, string email, string? phone, string? cnilNumber) =>
        new() { Kind = DpoKind.Internal, PersonName = name, Email = email, Phone = phone, CnilDesignationNumber = cnilNumber };

    private static OrganizationInput.DpoInput External(Guid? body, string person, string email, string? cnilNumber) =>
        new()
        {
            Kind = DpoKind.External,
            ExternalOrganizationId = body,
            ExternalBodyName = body is null ? ManagementCentreName : null,
            PersonName = person,
            Email = email,
            CnilDesignationNumber = cnilNumber,
        };

    private static OrganizationInput.ReferentInput Referent(string name, string service, string email) =>
        new() { Name = name, Service = service, Email = email };

    private static OrganizationInput.ContactInput Contact(string name, string role, string? email, string? phone) =>
        new() { Name = name, Role = role, Email = email, Phone = phone };
}
