using Egide.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Account;

/// <summary>
/// A person's place in an organisation: the only way a person sees an organisation.
/// A CDG adviser serving 300 members holds 300 memberships.
/// </summary>
public sealed class Membership
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public Guid OrganizationId { get; set; }

    public OrganizationRoles Roles { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("Memberships");
        b.HasKey(m => m.Id);
        b.HasIndex(m => new { m.UserId, m.OrganizationId }).IsUnique();
        b.HasIndex(m => m.OrganizationId);
        b.HasOne<EgideUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EgideUserConfiguration : IEntityTypeConfiguration<EgideUser>
{
    public void Configure(EntityTypeBuilder<EgideUser> b) => b.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
}
