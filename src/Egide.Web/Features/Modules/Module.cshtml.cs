using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Modules;

/// <summary>The landing page of a module, saying plainly what it will cover until it is built.</summary>
public sealed class ModuleModel : PageModel
{
    /// <param name="Href">Where the module lives once built; until then, its landing page here.</param>
    public sealed record Module(string Slug, string Title, string Summary, string[] Scope, string? Href = null)
    {
        public string Link => Href ?? $"/modules/{Slug}";
    }

    public static readonly IReadOnlyList<Module> All =
    [
        new("registre-rgpd", "Registre RGPD", "Registre des activités de traitement, sous-traitants, demandes de droits, violations, AIPD et plan d'action.",
            ["registre des traitements (article 30 du RGPD) et des sous-traitants", "alertes de non-conformité adressées au responsable de traitement", "demandes d'exercice des droits et violations de données avec leurs délais", "import des registres Excel existants et exports lisibles par la CNIL"], Href: "/registre"),
        new("echanges-securises", "Échanges sécurisés", "Conventions d'échange entre organismes, personnes habilitées, boîtes fonctionnelles et chiffrement.",
            ["conventions d'échange et personnes habilitées", "calendrier des envois (états IS 101 et IST) et accusés de réception", "conteneurs chiffrés de bout en bout ou outil imposé par le partenaire (ZED!)"]),
        new("entraide-cyber", "Entraide cyber", "Réseau d'entraide en cas de cyberattaque : alerte, ressources, main courante, RETEX.",
            ["déclaration de crise et alerte des membres", "demandes et prêts de ressources et d'experts", "main courante horodatée et retour d'expérience"]),
        new("programme-securite", "Programme sécurité", "Groupement de commandes, marchés, audits, certificats électroniques et mesures NIS2.",
            ["groupement de commandes, marchés à bons de commande et bons de commande", "audits et constats, suivi de la remédiation", "certificats électroniques et alertes d'expiration", "mesures NIS2"]),
        new("conventions", "Conventions", "Conventions et délibérations, avec chaque échéance calculée.",
            ["conventions, parties, durées, reconduction et préavis", "délibérations (votes, publication, transmission en préfecture)", "échéances et délais de recours calculés"]),
    ];

    public Module Current { get; private set; } = null!;

    public IActionResult OnGet(string slug)
    {
        var module = All.FirstOrDefault(m => m.Slug == slug);
        if (module is null)
        {
            return NotFound();
        }
        if (module.Href is { } built)
        {
            return RedirectPermanent(built);
        }
        Current = module;
        return Page();
    }
}
