using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Mail;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.To).HasMaxLength(OutboxMessage.AddressMaxLength).IsRequired();
        b.Property(m => m.Subject).HasMaxLength(OutboxMessage.SubjectMaxLength).IsRequired();
        b.Property(m => m.TextBody).IsRequired();
        b.Property(m => m.Key).HasMaxLength(OutboxMessage.KeyMaxLength);
        b.Property(m => m.LastError).HasMaxLength(OutboxMessage.LastErrorMaxLength);
        b.Property(m => m.ClaimedBy).HasMaxLength(OutboxMessage.ClaimedByMaxLength);
        // Both SQLite and PostgreSQL let a unique index hold any number of NULLs: only keyed messages are unique.
        b.HasIndex(m => m.Key).IsUnique();
        // The sender's query: SentAt IS NULL AND NextAttemptAt <= now, oldest first.
        b.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
        b.HasIndex(m => m.OrganizationId);
    }
}
