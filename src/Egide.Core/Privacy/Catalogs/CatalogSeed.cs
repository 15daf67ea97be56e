using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Catalogs;

/// <summary>
/// The catalogues as first delivered. Applied after every migration: entries missing by (kind, code) are added,
/// entries already there are left as the platform administrator keeps them.
/// </summary>
public static class CatalogSeed
{
    /// <summary>
    /// The date of the European Commission's list of adequacy decisions the countries were checked against
    /// (https://commission.europa.eu/law/law-topic/data-protection/international-dimension-data-protection/adequacy-decisions_en).
    /// Unlike the CNIL model's lists, it no longer names the Privacy Shield, invalidated in July 2020 (CJEU, C-311/18).
    /// </summary>
    public static readonly DateOnly AdequacyListDate = new(2025, 9, 1);

    public static async Task<int> EnsureAsync(EgideDb db, CancellationToken ct = default)
    {
        var entries = await db.CatalogEntries.Select(e => new { e.Kind, e.Code }).ToListAsync(ct);
        var known = entries.Select(e => (e.Kind, e.Code)).ToHashSet();
        var countries = (await db.Countries.Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var entry in Entries().Where(e => !known.Contains((e.Kind, e.Code))))
        {
            db.CatalogEntries.Add(entry);
            added++;
        }
        foreach (var country in Countries().Where(c => !countries.Contains(c.Code)))
        {
            db.Countries.Add(country);
            added++;
        }
        if (added > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return added;
    }

    public static IEnumerable<CatalogEntry> Entries()
    {
        var order = 0;
        CatalogEntry E(CatalogKind kind, string code, string label, string? details = null, DataCategoryNature nature = DataCategoryNature.Ordinary) =>
            new() { Kind = kind, Code = code, Label = label, Details = details, Nature = nature, SortOrder = ++order };

        yield return E(CatalogKind.LegalBasis, "a", "Consentement de la personne concernée", "RGPD, art. 6(1)(a)");
        yield return E(CatalogKind.LegalBasis, "b", "Exécution d'un contrat ou de mesures précontractuelles", "RGPD, art. 6(1)(b)");
        yield return E(CatalogKind.LegalBasis, "c", "Respect d'une obligation légale", "RGPD, art. 6(1)(c) : citez le texte (par exemple un article du CGCT ou du code électoral).");
        yield return E(CatalogKind.LegalBasis, "d", "Sauvegarde des intérêts vitaux", "RGPD, art. 6(1)(d)");
        yield return E(CatalogKind.LegalBasis, "e", "Exécution d'une mission d'intérêt public ou relevant de l'exercice de l'autorité publique", "RGPD, art. 6(1)(e) : citez le texte ou la délibération qui confie la mission.");
        yield return E(CatalogKind.LegalBasis, "f", "Intérêts légitimes", "RGPD, art. 6(1)(f) : ne peut pas fonder les traitements des autorités publiques dans l'exécution de leurs missions.");

        order = 0;
        yield return E(CatalogKind.DataCategory, "etat-civil", "État civil, identité, données d'identification, images");
        yield return E(CatalogKind.DataCategory, "vie-personnelle", "Vie personnelle (habitudes de vie, situation familiale…)");
        yield return E(CatalogKind.DataCategory, "vie-professionnelle", "Vie professionnelle (CV, scolarité, formation, distinctions…)");
        yield return E(CatalogKind.DataCategory, "economique-financier", "Informations d'ordre économique et financier (revenus, situation financière, situation fiscale…)");
        yield return E(CatalogKind.DataCategory, "connexion", "Données de connexion (adresse IP, journaux…)");
        yield return E(CatalogKind.DataCategory, "localisation", "Données de localisation (déplacements, données GPS, GSM…)");
        yield return E(CatalogKind.DataCategory, "nir", "Numéro de sécurité sociale (NIR)", "Décret n° 2019-341 du 19 avril 2019", DataCategoryNature.Nir);
        yield return E(CatalogKind.DataCategory, "origine-ethnique", "Données révélant l'origine raciale ou ethnique", "RGPD, art. 9", DataCategoryNature.Special);
        yield return E(CatalogKind.DataCategory, "opinions-politiques", "Données révélant les opinions politiques", "RGPD, art. 9", DataCategoryNature.Special);
        yield return E(CatalogKind.DataCategory, "convictions", "Données révélant les convictions religieuses ou philosophiques", "RGPD, art. 9", DataCategoryNature.Special);
        yield return E(CatalogKind.DataCategory, "syndicat", "Données révélant l'appartenance syndicale", "RGPD, art. 9", DataCategoryNature.Special);
        yield return E(CatalogKind.DataCategory, "genetiques", "Données génétiques", "RGPD, art. 9", DataCategoryNature.Special);
        yield return E(CatalogKind.DataCategory, "biometriques", "Données biométriques aux fins d'identifier une personne physique de manière unique", "RGPD, art. 9", DataCategoryNature.Special);
        yield return E(CatalogKind.DataCategory, "sante", "Données concernant la santé", "RGPD, art. 9", DataCategoryNature.Special);
        yield return E(CatalogKind.DataCategory, "vie-sexuelle", "Données concernant la vie sexuelle ou l'orientation sexuelle", "RGPD, art. 9", DataCategoryNature.Special);
        yield return E(CatalogKind.DataCategory, "infractions", "Données relatives aux condamnations pénales ou aux infractions", "RGPD, art. 10", DataCategoryNature.Offence);

        order = 0;
        yield return E(CatalogKind.DataSubjectCategory, "agents", "Agents et salariés");
        yield return E(CatalogKind.DataSubjectCategory, "elus", "Élus");
        yield return E(CatalogKind.DataSubjectCategory, "candidats", "Candidats à un emploi");
        yield return E(CatalogKind.DataSubjectCategory, "administres", "Administrés, habitants");
        yield return E(CatalogKind.DataSubjectCategory, "usagers", "Usagers d'un service public");
        yield return E(CatalogKind.DataSubjectCategory, "electeurs", "Électeurs");
        yield return E(CatalogKind.DataSubjectCategory, "mineurs", "Mineurs");
        yield return E(CatalogKind.DataSubjectCategory, "beneficiaires", "Bénéficiaires d'aides ou de prestations sociales");
        yield return E(CatalogKind.DataSubjectCategory, "vulnerables", "Personnes vulnérables (âgées, handicapées, en difficulté)");
        yield return E(CatalogKind.DataSubjectCategory, "fournisseurs", "Fournisseurs et prestataires");
        yield return E(CatalogKind.DataSubjectCategory, "visiteurs", "Visiteurs, passants");
        yield return E(CatalogKind.DataSubjectCategory, "autres", "Autres (à préciser)");

        order = 0;
        yield return E(CatalogKind.RecipientType, "service-interne", "Service interne qui traite les données");
        yield return E(CatalogKind.RecipientType, "sous-traitant", "Sous-traitant");
        yield return E(CatalogKind.RecipientType, "partenaire", "Partenaires institutionnels ou commerciaux");
        yield return E(CatalogKind.RecipientType, "autorite", "Autorités publiques et tiers autorisés (trésorerie, préfecture, forces de l'ordre…)");
        yield return E(CatalogKind.RecipientType, "pays-tiers", "Destinataires dans des pays tiers ou organisations internationales");
        yield return E(CatalogKind.RecipientType, "autre", "Autre (à préciser)");

        order = 0;
        yield return E(CatalogKind.SecurityMeasure, "tracabilite", "Mesures de traçabilité (journalisation des accès)");
        yield return E(CatalogKind.SecurityMeasure, "protection-logiciels", "Mesures de protection des logiciels (mises à jour, antivirus)");
        yield return E(CatalogKind.SecurityMeasure, "sauvegarde", "Sauvegarde des données");
        yield return E(CatalogKind.SecurityMeasure, "chiffrement", "Chiffrement des données");
        yield return E(CatalogKind.SecurityMeasure, "controle-acces", "Contrôle d'accès des utilisateurs (habilitations)");
        yield return E(CatalogKind.SecurityMeasure, "authentification", "Authentification forte des utilisateurs");
        yield return E(CatalogKind.SecurityMeasure, "controle-sous-traitants", "Contrôle des sous-traitants");
        yield return E(CatalogKind.SecurityMeasure, "securite-physique", "Sécurité physique des locaux");
        yield return E(CatalogKind.SecurityMeasure, "sensibilisation", "Sensibilisation des utilisateurs");
        yield return E(CatalogKind.SecurityMeasure, "pseudonymisation", "Pseudonymisation ou minimisation");
        yield return E(CatalogKind.SecurityMeasure, "autres", "Autres mesures (à préciser)");

        order = 0;
        const string Cnil = "CNIL, délibération n° 2018-327 du 11 octobre 2018";
        yield return E(CatalogKind.CnilDpiaList, "sante-etablissements", "Traitements de données de santé mis en œuvre par les établissements de santé ou médico-sociaux pour la prise en charge des personnes", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "genetique-vulnerables", "Traitements portant sur des données génétiques de personnes dites « vulnérables »", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "profils-rh", "Traitements établissant des profils de personnes physiques à des fins de gestion des ressources humaines", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "surveillance-employes", "Traitements ayant pour finalité de surveiller de manière constante l'activité des employés", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "alertes-sociales-sanitaires", "Gestion des alertes et des signalements en matière sociale et sanitaire", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "alertes-professionnelles", "Gestion des alertes et des signalements en matière professionnelle", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "entrepot-sante", "Traitements de données de santé nécessaires à la constitution d'un entrepôt de données ou d'un registre", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "profilage-exclusion", "Profilage pouvant aboutir à l'exclusion du bénéfice d'un contrat ou à sa suspension ou sa rupture", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "manquements-mutualises", "Traitements mutualisés de manquements contractuels pouvant aboutir à une décision d'exclusion ou de suspension", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "profilage-sources-externes", "Profilage faisant appel à des données provenant de sources externes", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "biometrie-vulnerables", "Données biométriques aux fins de reconnaissance de personnes parmi lesquelles figurent des personnes « vulnérables »", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "logement-social", "Instruction des demandes et gestion des logements sociaux", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "accompagnement-social", "Accompagnement social ou médico-social des personnes", Cnil);
        yield return E(CatalogKind.CnilDpiaList, "localisation-large-echelle", "Traitements de données de localisation à large échelle", Cnil);

        order = 0;
        const string Edpb = "Lignes directrices du CEPD sur l'AIPD (WP 248 rév. 01)";
        yield return E(CatalogKind.EdpbCriterion, "evaluation", "Évaluation ou notation, y compris le profilage", Edpb);
        yield return E(CatalogKind.EdpbCriterion, "decision-automatisee", "Décision automatisée avec effet juridique ou effet similaire significatif", Edpb);
        yield return E(CatalogKind.EdpbCriterion, "surveillance", "Surveillance systématique", Edpb);
        yield return E(CatalogKind.EdpbCriterion, "donnees-sensibles", "Données sensibles ou à caractère hautement personnel", Edpb);
        yield return E(CatalogKind.EdpbCriterion, "grande-echelle", "Traitement à grande échelle", Edpb);
        yield return E(CatalogKind.EdpbCriterion, "croisement", "Croisement ou combinaison d'ensembles de données", Edpb);
        yield return E(CatalogKind.EdpbCriterion, "vulnerables", "Personnes vulnérables", Edpb);
        yield return E(CatalogKind.EdpbCriterion, "usage-innovant", "Usage innovant ou application de nouvelles solutions technologiques ou organisationnelles", Edpb);
        yield return E(CatalogKind.EdpbCriterion, "exclusion", "Traitement qui empêche d'exercer un droit ou de bénéficier d'un service ou d'un contrat", Edpb);
    }

    public static IEnumerable<Country> Countries()
    {
        Country C(string code, string name, TransferZone zone, string? decision = null) =>
            new() { Code = code, Name = name, Zone = zone, AdequacyDecision = decision, CheckedOn = AdequacyListDate };

        foreach (var (code, name) in new[]
        {
            ("AT", "Autriche"), ("BE", "Belgique"), ("BG", "Bulgarie"), ("CY", "Chypre"), ("CZ", "Tchéquie"), ("DE", "Allemagne"),
            ("DK", "Danemark"), ("EE", "Estonie"), ("ES", "Espagne"), ("FI", "Finlande"), ("FR", "France"), ("GR", "Grèce"),
            ("HR", "Croatie"), ("HU", "Hongrie"), ("IE", "Irlande"), ("IT", "Italie"), ("LT", "Lituanie"), ("LU", "Luxembourg"),
            ("LV", "Lettonie"), ("MT", "Malte"), ("NL", "Pays-Bas"), ("PL", "Pologne"), ("PT", "Portugal"), ("RO", "Roumanie"),
            ("SE", "Suède"), ("SI", "Slovénie"), ("SK", "Slovaquie"), ("IS", "Islande"), ("LI", "Liechtenstein"), ("NO", "Norvège"),
        })
        {
            yield return C(code, name, TransferZone.EuropeanEconomicArea);
        }

        yield return C("AD", "Andorre", TransferZone.Adequate, "Décision 2010/625/UE");
        yield return C("AR", "Argentine", TransferZone.Adequate, "Décision 2003/490/CE");
        yield return C("CA", "Canada", TransferZone.PartiallyAdequate, "Décision 2002/2/CE : organisations commerciales soumises à la loi PIPEDA uniquement");
        yield return C("FO", "Îles Féroé", TransferZone.Adequate, "Décision 2010/146/UE");
        yield return C("GG", "Guernesey", TransferZone.Adequate, "Décision 2003/821/CE");
        yield return C("IL", "Israël", TransferZone.Adequate, "Décision 2011/61/UE");
        yield return C("IM", "Île de Man", TransferZone.Adequate, "Décision 2004/411/CE");
        yield return C("JP", "Japon", TransferZone.PartiallyAdequate, "Décision (UE) 2019/419 : organismes du secteur privé uniquement");
        yield return C("JE", "Jersey", TransferZone.Adequate, "Décision 2008/393/CE");
        yield return C("NZ", "Nouvelle-Zélande", TransferZone.Adequate, "Décision 2013/65/UE");
        yield return C("KR", "Corée du Sud", TransferZone.Adequate, "Décision (UE) 2022/254");
        yield return C("CH", "Suisse", TransferZone.Adequate, "Décision 2000/518/CE");
        yield return C("GB", "Royaume-Uni", TransferZone.Adequate, "Décision (UE) 2021/1772 (RGPD), prolongée");
        yield return C("UY", "Uruguay", TransferZone.Adequate, "Décision 2012/484/UE");
        yield return C("US", "États-Unis", TransferZone.PartiallyAdequate,
            "Décision (UE) 2023/1795 (cadre de protection des données UE–États-Unis) : organisations certifiées uniquement. Le « Privacy Shield » est invalidé depuis 2020.");

        foreach (var (code, name) in new[]
        {
            ("AU", "Australie"), ("BR", "Brésil"), ("CN", "Chine"), ("HK", "Hong Kong"), ("IN", "Inde"), ("ID", "Indonésie"),
            ("MA", "Maroc"), ("DZ", "Algérie"), ("TN", "Tunisie"), ("SN", "Sénégal"), ("CI", "Côte d'Ivoire"), ("CM", "Cameroun"),
            ("MG", "Madagascar"), ("MU", "Maurice"), ("ZA", "Afrique du Sud"), ("EG", "Égypte"), ("TR", "Turquie"), ("RU", "Russie"),
            ("UA", "Ukraine"), ("RS", "Serbie"), ("AL", "Albanie"), ("MK", "Macédoine du Nord"), ("BA", "Bosnie-Herzégovine"),
            ("ME", "Monténégro"), ("MD", "Moldavie"), ("GE", "Géorgie"), ("AM", "Arménie"), ("AE", "Émirats arabes unis"),
            ("SA", "Arabie saoudite"), ("QA", "Qatar"), ("SG", "Singapour"), ("MY", "Malaisie"), ("TH", "Thaïlande"),
            ("VN", "Viêt Nam"), ("PH", "Philippines"), ("TW", "Taïwan"), ("MX", "Mexique"), ("CL", "Chili"), ("CO", "Colombie"),
            ("PE", "Pérou"), ("MC", "Monaco"), ("SM", "Saint-Marin"), ("VA", "Vatican"), ("LB", "Liban"), ("HT", "Haïti"),
        })
        {
            yield return C(code, name, TransferZone.NotAdequate);
        }
    }
}
