using Egide.Core.Common;

namespace Egide.Core.Organizations;

/// <summary>What a person enters to create or edit an organisation (form, API body, CLI options).</summary>
public sealed class OrganizationInput
{
    public OrganizationKind? Kind { get; set; }

    public string? Name { get; set; }

    public string? Siren { get; set; }

    public string? InseeCode { get; set; }

    public int? Population { get; set; }

    public int? PopulationYear { get; set; }

    public AddressInput Address { get; set; } = new();

    public string? FunctionalMailbox { get; set; }

    /// <summary>Null: from the INSEE code, else the postal code (57, 67, 68: Alsace-Moselle).</summary>
    public Deadlines.HolidayCalendar? HolidayCalendar { get; set; }

    public DpoInput Dpo { get; set; } = new();

    public List<ReferentInput> Referents { get; set; } = [];

    public List<ContactInput> Contacts { get; set; } = [];

    public sealed class AddressInput
    {
        public string? Street { get; set; }

        public string? PostalCode { get; set; }

        public string? City { get; set; }
    }

    public sealed class DpoInput
    {
        public DpoKind Kind { get; set; }

        public string? PersonName { get; set; }

        public string? Email { get; set; }

        public string? Phone { get; set; }

        public Guid? ExternalOrganizationId { get; set; }

        public string? ExternalBodyName { get; set; }

        public string? CnilDesignationNumber { get; set; }
    }

    public sealed class ReferentInput
    {
        public string? Name { get; set; }

        public string? Service { get; set; }

        public string? Email { get; set; }

        public string? Phone { get; set; }

        internal bool IsBlank => Clean.AllBlank(Name, Service, Email, Phone);
    }

    public sealed class ContactInput
    {
        public string? Name { get; set; }

        public string? Role { get; set; }

        public string? Email { get; set; }

        public string? Phone { get; set; }

        internal bool IsBlank => Clean.AllBlank(Name, Role, Email, Phone);
    }

    /// <summary>Trims every text, drops blank list rows (forms offer empty rows) and the DPO fields that do not apply.</summary>
    public void Normalize()
    {
        Name = Clean.Text(Name);
        Siren = Clean.Text(Siren) is { } siren ? Organizations.Siren.Normalize(siren) : null;
        InseeCode = Clean.Text(InseeCode)?.ToUpperInvariant();
        Address.Street = Clean.Text(Address.Street);
        Address.PostalCode = Clean.Text(Address.PostalCode)?.Replace(" ", "", StringComparison.Ordinal);
        Address.City = Clean.Text(Address.City);
        FunctionalMailbox = Clean.Text(FunctionalMailbox)?.ToLowerInvariant();
        Dpo.PersonName = Clean.Text(Dpo.PersonName);
        Dpo.Email = Clean.Text(Dpo.Email)?.ToLowerInvariant();
        Dpo.Phone = Clean.Text(Dpo.Phone);
        Dpo.ExternalBodyName = Clean.Text(Dpo.ExternalBodyName);
        Dpo.CnilDesignationNumber = Clean.Text(Dpo.CnilDesignationNumber)?.ToUpperInvariant();
        switch (Dpo.Kind)
        {
            case DpoKind.NotDesignated:
                Dpo = new DpoInput();
                break;
            case DpoKind.Internal:
                Dpo.ExternalOrganizationId = null;
                Dpo.ExternalBodyName = null;
                break;
        }
        Referents = Referents.Where(r => !r.IsBlank).ToList();
        foreach (var r in Referents)
        {
            r.Name = Clean.Text(r.Name);
            r.Service = Clean.Text(r.Service);
            r.Email = Clean.Text(r.Email)?.ToLowerInvariant();
            r.Phone = Clean.Text(r.Phone);
        }
        Contacts = Contacts.Where(c => !c.IsBlank).ToList();
        foreach (var c in Contacts)
        {
            c.Name = Clean.Text(c.Name);
            c.Role = Clean.Text(c.Role);
            c.Email = Clean.Text(c.Email)?.ToLowerInvariant();
            c.Phone = Clean.Text(c.Phone);
        }
    }

    public static OrganizationInput From(Organization o) => new()
    {
        Kind = o.Kind,
        Name = o.Name,
        Siren = o.Siren,
        InseeCode = o.InseeCode,
        Population = o.Population,
        PopulationYear = o.PopulationYear,
        Address = new AddressInput { Street = o.Address.Street, PostalCode = o.Address.PostalCode, City = o.Address.City },
        FunctionalMailbox = o.FunctionalMailbox,
        HolidayCalendar = o.HolidayCalendar,
        Dpo = new DpoInput
        {
            Kind = o.Dpo.Kind,
            PersonName = o.Dpo.PersonName,
            Email = o.Dpo.Email,
            Phone = o.Dpo.Phone,
            ExternalOrganizationId = o.Dpo.ExternalOrganizationId,
            ExternalBodyName = o.Dpo.ExternalBodyName,
            CnilDesignationNumber = o.Dpo.CnilDesignationNumber,
        },
        Referents = o.Referents.Select(r => new ReferentInput { Name = r.Name, Service = r.Service, Email = r.Email, Phone = r.Phone }).ToList(),
        Contacts = o.Contacts.Select(c => new ContactInput { Name = c.Name, Role = c.Role, Email = c.Email, Phone = c.Phone }).ToList(),
    };

    /// <summary>Copies a validated input onto the entity.</summary>
    internal void ApplyTo(Organization o)
    {
        o.Kind = Kind!.Value;
        o.Name = Name!;
        o.SearchName = TextSearch.Fold(Name!);
        o.Siren = Siren;
        o.InseeCode = InseeCode;
        o.Population = Population;
        o.PopulationYear = PopulationYear;
        o.Address = new PostalAddress { Street = Address.Street, PostalCode = Address.PostalCode, City = Address.City };
        o.FunctionalMailbox = FunctionalMailbox;
        o.HolidayCalendar = HolidayCalendar ?? Deadlines.FrenchPublicHolidays.DefaultCalendar(InseeCode, Address.PostalCode);
        o.Dpo = new DpoDesignation
        {
            Kind = Dpo.Kind,
            PersonName = Dpo.PersonName,
            Email = Dpo.Email,
            Phone = Dpo.Phone,
            ExternalOrganizationId = Dpo.ExternalOrganizationId,
            ExternalBodyName = Dpo.ExternalBodyName,
            CnilDesignationNumber = Dpo.CnilDesignationNumber,
        };
        o.Referents.Clear();
        o.Referents.AddRange(Referents.Select(r => new PrivacyReferent { Name = r.Name!, Service = r.Service, Email = r.Email!, Phone = r.Phone }));
        o.Contacts.Clear();
        o.Contacts.AddRange(Contacts.Select(c => new OrganizationContact { Name = c.Name!, Role = c.Role, Email = c.Email, Phone = c.Phone }));
    }
}

internal static class Clean
{
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool AllBlank(params string?[] values) => values.All(string.IsNullOrWhiteSpace);
}
