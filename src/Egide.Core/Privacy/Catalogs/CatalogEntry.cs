using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Privacy.Catalogs;

/// <summary>The lists the register picks from, kept as data so that the platform administrator can keep them current.</summary>
public enum CatalogKind
{
    LegalBasis,
    DataCategory,
    DataSubjectCategory,
    RecipientType,
    SecurityMeasure,
    /// <summary>The CNIL's list of processing types for which a DPIA is required (délibération n° 2018-327).</summary>
    CnilDpiaList,
    /// <summary>The 9 criteria of the EDPB guidelines on DPIA (WP 248 rev.01).</summary>
    EdpbCriterion,
}

/// <summary>What the law says about a data category, which the alert rules read.</summary>
public enum DataCategoryNature
{
    Ordinary,
    /// <summary>GDPR art. 9.</summary>
    Special,
    /// <summary>GDPR art. 10.</summary>
    Offence,
    /// <summary>Numéro d'inscription au répertoire (NIR), framed by the décret-cadre n° 2019-341.</summary>
    Nir,
}

public sealed class CatalogEntry
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public CatalogKind Kind { get; set; }

    /// <summary>Stable key that activities refer to; never shown, never changed once used.</summary>
    public string Code { get; set; } = "";

    public string Label { get; set; } = "";

    /// <summary>An explanation or the legal reference.</summary>
    public string? Details { get; set; }

    public DataCategoryNature Nature { get; set; }

    public int SortOrder { get; set; }

    /// <summary>Withdrawn entries stay readable in the activities that use them, and are no longer offered.</summary>
    public bool IsActive { get; set; } = true;

    public int Version { get; set; }
}

internal sealed class CatalogEntryConfiguration : IEntityTypeConfiguration<CatalogEntry>
{
    public void Configure(EntityTypeBuilder<CatalogEntry> b)
    {
        b.ToTable("CatalogEntries");
        b.HasKey(e => e.Id);
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(e => e.Nature).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Code).HasMaxLength(60).IsRequired();
        b.Property(e => e.Label).HasMaxLength(300).IsRequired();
        b.Property(e => e.Details).HasMaxLength(2000);
        b.Property(e => e.Version).IsConcurrencyToken();
        b.HasIndex(e => new { e.Kind, e.Code }).IsUnique();
    }
}
