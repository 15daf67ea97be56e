namespace Egide.Core.Organizations;

/// <summary>A public body (collectivité, établissement, service de l'État…): the tenant of Egide.</summary>
public sealed class Organization
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public OrganizationKind Kind { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The name folded to lower case without accents, for search and sorting (see TextSearch.Fold).</summary>
    public string SearchName { get; set; } = "";

    public string? Siren { get; set; }

    public string? InseeCode { get; set; }

    public int? Population { get; set; }

    /// <summary>The year of the INSEE legal population the figure comes from (it drives e.g. the CDG tariff band).</summary>
    public int? PopulationYear { get; set; }

    public PostalAddress Address { get; set; } = new();

    /// <summary>The shared mailbox (boîte fonctionnelle) through which secure exchanges go.</summary>
    public string? FunctionalMailbox { get; set; }

    /// <summary>The public holidays that move the last day of legal periods (rights requests, appeals): Alsace-Moselle adds two.</summary>
    public Deadlines.HolidayCalendar HolidayCalendar { get; set; }

    public DpoDesignation Dpo { get; set; } = new();

    public List<PrivacyReferent> Referents { get; set; } = [];

    public List<OrganizationContact> Contacts { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Concurrency token: raised on every save, so a stale edit is refused instead of overwriting.</summary>
    public int Version { get; set; }
}

public sealed class PostalAddress
{
    public string? Street { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }
}

public enum DpoKind
{
    NotDesignated,
    /// <summary>A person of the organisation itself.</summary>
    Internal,
    /// <summary>An external body (typically a centre de gestion acting as DPO mutualisé) or a provider.</summary>
    External,
}

/// <summary>The data protection officer designated to the CNIL (GDPR art. 37).</summary>
public sealed class DpoDesignation
{
    public DpoKind Kind { get; set; }

    /// <summary>The internal DPO's name, or the named contact at the external body.</summary>
    public string? PersonName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    /// <summary>The external body when it is itself an organisation in Egide (e.g. the CDG).</summary>
    public Guid? ExternalOrganizationId { get; set; }

    /// <summary>The external body's name when it is not in Egide.</summary>
    public string? ExternalBodyName { get; set; }

    /// <summary>The number of the CNIL's designation receipt (e.g. DPO-12345).</summary>
    public string? CnilDesignationNumber { get; set; }
}

public sealed class PrivacyReferent
{
    public string Name { get; set; } = "";

    public string? Service { get; set; }

    public string Email { get; set; } = "";

    public string? Phone { get; set; }
}

public sealed class OrganizationContact
{
    public string Name { get; set; } = "";

    public string? Role { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }
}
