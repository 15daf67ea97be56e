namespace Egide.Core.Organizations;

public enum OrganizationKind
{
    Commune,
    Departement,
    Region,
    Epci,
    /// <summary>CCAS or CIAS (centre communal / intercommunal d'action sociale).</summary>
    SocialActionCentre,
    Syndicat,
    TourismOffice,
    /// <summary>SDIS, the departmental fire and rescue service.</summary>
    FireService,
    /// <summary>Centre de gestion de la fonction publique territoriale.</summary>
    ManagementCentre,
    StateService,
    Other,
}

public static class OrganizationKindNames
{
    public static string French(this OrganizationKind kind) => kind switch
    {
        OrganizationKind.Commune => "Commune",
        OrganizationKind.Departement => "Département",
        OrganizationKind.Region => "Région",
        OrganizationKind.Epci => "EPCI",
        OrganizationKind.SocialActionCentre => "CCAS / CIAS",
        OrganizationKind.Syndicat => "Syndicat",
        OrganizationKind.TourismOffice => "Office de tourisme",
        OrganizationKind.FireService => "SDIS",
        OrganizationKind.ManagementCentre => "Centre de gestion",
        OrganizationKind.StateService => "Service de l'État",
        OrganizationKind.Other => "Autre",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Accepts the code name ("ManagementCentre") or the short French words people type on the CLI.</summary>
    public static bool TryParse(string value, out OrganizationKind kind)
    {
        var text = value.Trim().ToLowerInvariant();
        kind = text switch
        {
            "commune" => OrganizationKind.Commune,
            "departement" or "département" => OrganizationKind.Departement,
            "region" or "région" => OrganizationKind.Region,
            "epci" => OrganizationKind.Epci,
            "ccas" or "cias" => OrganizationKind.SocialActionCentre,
            "syndicat" => OrganizationKind.Syndicat,
            "office-de-tourisme" or "ot" => OrganizationKind.TourismOffice,
            "sdis" => OrganizationKind.FireService,
            "cdg" or "centre-de-gestion" => OrganizationKind.ManagementCentre,
            "etat" or "état" => OrganizationKind.StateService,
            "autre" => OrganizationKind.Other,
            _ => (OrganizationKind)(-1),
        };
        if (Enum.IsDefined(kind))
        {
            return true;
        }
        return Enum.TryParse(value.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _);
    }
}
