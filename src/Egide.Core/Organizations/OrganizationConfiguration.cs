using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Organizations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("Organizations");
        b.HasKey(o => o.Id);
        b.Property(o => o.Name).HasMaxLength(OrganizationRules.NameMaxLength).IsRequired();
        b.Property(o => o.SearchName).HasMaxLength(OrganizationRules.NameMaxLength).IsRequired();
        b.HasIndex(o => o.SearchName);
        b.Property(o => o.Siren).HasMaxLength(9).IsFixedLength();
        b.HasIndex(o => o.Siren).IsUnique();
        b.Property(o => o.InseeCode).HasMaxLength(5);
        b.Property(o => o.FunctionalMailbox).HasMaxLength(254);
        b.Property(o => o.HolidayCalendar).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.Version).IsConcurrencyToken();

        b.OwnsOne(o => o.Address, a =>
        {
            a.Property(x => x.Street).HasColumnName("AddressStreet").HasMaxLength(OrganizationRules.TextMaxLength);
            a.Property(x => x.PostalCode).HasColumnName("AddressPostalCode").HasMaxLength(5);
            a.Property(x => x.City).HasColumnName("AddressCity").HasMaxLength(OrganizationRules.TextMaxLength);
        });
        b.Navigation(o => o.Address).IsRequired();

        b.OwnsOne(o => o.Dpo, d =>
        {
            d.Property(x => x.Kind).HasColumnName("DpoKind");
            d.Property(x => x.PersonName).HasColumnName("DpoPersonName").HasMaxLength(OrganizationRules.TextMaxLength);
            d.Property(x => x.Email).HasColumnName("DpoEmail").HasMaxLength(254);
            d.Property(x => x.Phone).HasColumnName("DpoPhone").HasMaxLength(30);
            d.Property(x => x.ExternalOrganizationId).HasColumnName("DpoExternalOrganizationId");
            d.Property(x => x.ExternalBodyName).HasColumnName("DpoExternalBodyName").HasMaxLength(OrganizationRules.TextMaxLength);
            d.Property(x => x.CnilDesignationNumber).HasColumnName("DpoCnilDesignationNumber").HasMaxLength(20);
            d.HasOne<Organization>().WithMany().HasForeignKey(x => x.ExternalOrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Navigation(o => o.Dpo).IsRequired();

        b.OwnsMany(o => o.Referents, r =>
        {
            r.ToTable("PrivacyReferents");
            r.WithOwner().HasForeignKey("OrganizationId");
            r.Property<int>("Id");
            r.HasKey("Id");
            r.Property(x => x.Name).HasMaxLength(OrganizationRules.TextMaxLength);
            r.Property(x => x.Service).HasMaxLength(OrganizationRules.TextMaxLength);
            r.Property(x => x.Email).HasMaxLength(254);
            r.Property(x => x.Phone).HasMaxLength(30);
        });

        b.OwnsMany(o => o.Contacts, c =>
        {
            c.ToTable("OrganizationContacts");
            c.WithOwner().HasForeignKey("OrganizationId");
            c.Property<int>("Id");
            c.HasKey("Id");
            c.Property(x => x.Name).HasMaxLength(OrganizationRules.TextMaxLength);
            c.Property(x => x.Role).HasMaxLength(OrganizationRules.TextMaxLength);
            c.Property(x => x.Email).HasMaxLength(254);
            c.Property(x => x.Phone).HasMaxLength(30);
        });
    }
}
