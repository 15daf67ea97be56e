using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const int ActorNameMaxLength = 200;
    public const int ViaMaxLength = 100;
    public const int ActionMaxLength = 60;
    public const int EntityTypeMaxLength = 100;
    public const int EntityIdMaxLength = 100;

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        // The sequence number is the key: its unique index is the last guard against two writers appending
        // the same number (the lock taken before reading the last entry is the first).
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.ActorName).HasMaxLength(ActorNameMaxLength).IsRequired();
        b.Property(e => e.Via).HasMaxLength(ViaMaxLength);
        b.Property(e => e.Action).HasMaxLength(ActionMaxLength).IsRequired();
        b.Property(e => e.EntityType).HasMaxLength(EntityTypeMaxLength);
        b.Property(e => e.EntityId).HasMaxLength(EntityIdMaxLength);
        // Plain text, never jsonb: PostgreSQL would reorder and respace it, and the hash covers it as written.
        b.Property(e => e.Changes);
        b.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        b.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        b.HasIndex(e => e.At);
        b.HasIndex(e => e.OrganizationId);
        b.HasIndex(e => new { e.EntityType, e.EntityId });
    }
}

/// <summary>Model configuration for what the audit trail leaves out.</summary>
public static class AuditModel
{
    internal const string NotAuditedAnnotation = "Egide:NotAudited";

    /// <summary>
    /// The trail records that this property changed, never its value: for a property one cannot mark with
    /// <see cref="NotAuditedAttribute"/> (declared in a framework base class, such as a password hash).
    /// </summary>
    public static PropertyBuilder<T> IsNotAudited<T>(this PropertyBuilder<T> property) =>
        property.HasAnnotation(NotAuditedAnnotation, true);
}
