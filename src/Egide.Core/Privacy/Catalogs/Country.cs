using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Privacy.Catalogs;

/// <summary>Where a country stands for transfers of personal data (GDPR chapter V).</summary>
public enum TransferZone
{
    /// <summary>European Union or European Economic Area: not a transfer.</summary>
    EuropeanEconomicArea,
    /// <summary>Covered by an adequacy decision of the European Commission (art. 45).</summary>
    Adequate,
    /// <summary>An adequacy decision that covers some recipients only (e.g. United States: certified organisations).</summary>
    PartiallyAdequate,
    /// <summary>No adequacy decision: a safeguard of art. 46 or a derogation of art. 49 is needed.</summary>
    NotAdequate,
}

public sealed class Country
{
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public TransferZone Zone { get; set; }

    /// <summary>The adequacy decision and what it covers, as the Commission's list states it.</summary>
    public string? AdequacyDecision { get; set; }

    /// <summary>The date of the Commission's list this row was checked against.</summary>
    public DateOnly CheckedOn { get; set; }

    public int Version { get; set; }
}

internal sealed class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> b)
    {
        b.ToTable("Countries");
        b.HasKey(c => c.Code);
        b.Property(c => c.Code).HasMaxLength(2).IsFixedLength();
        b.Property(c => c.Name).HasMaxLength(100).IsRequired();
        b.Property(c => c.Zone).HasConversion<string>().HasMaxLength(30);
        b.Property(c => c.AdequacyDecision).HasMaxLength(500);
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}
