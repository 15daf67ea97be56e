using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Privacy.Register;

internal sealed class ProcessingActivityConfiguration : IEntityTypeConfiguration<ProcessingActivity>
{
    public void Configure(EntityTypeBuilder<ProcessingActivity> b)
    {
        b.ToTable("ProcessingActivities");
        b.HasKey(a => a.Id);
        b.Ignore(a => a.Content);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.Reference).HasMaxLength(ProcessingActivity.ReferenceMaxLength).IsRequired();
        b.HasIndex(a => new { a.OrganizationId, a.Reference }).IsUnique();
        b.Property(a => a.Name).HasMaxLength(ProcessingActivity.NameMaxLength).IsRequired();
        b.Property(a => a.ResponsibleService).HasMaxLength(200);
        b.Property(a => a.Role).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.AiUse).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.DpoOpinion).HasConversion<string>().HasMaxLength(40);
        b.Property(a => a.LegalBasisCode).HasMaxLength(60);
        b.Property(a => a.SearchText).IsRequired();
        b.Property(a => a.ContentJson).IsRequired();
        b.Property(a => a.DpoOpinionText).HasMaxLength(4000);
        b.Property(a => a.DpoOpinionBy).HasMaxLength(200);
        b.Property(a => a.ValidatedBy).HasMaxLength(200);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasIndex(a => new { a.OrganizationId, a.Status });
        b.HasIndex(a => new { a.OrganizationId, a.Name });
    }
}

internal sealed class ActivityVersionConfiguration : IEntityTypeConfiguration<ActivityVersion>
{
    public void Configure(EntityTypeBuilder<ActivityVersion> b)
    {
        b.ToTable("ActivityVersions");
        b.HasKey(v => v.Id);
        b.Ignore(v => v.Snapshot);
        b.HasOne<ProcessingActivity>().WithMany().HasForeignKey(v => v.ActivityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(v => new { v.ActivityId, v.Number }).IsUnique();
        b.HasIndex(v => new { v.OrganizationId, v.RecordedAt });
        b.Property(v => v.RecordedByName).HasMaxLength(200).IsRequired();
        b.Property(v => v.Change).HasMaxLength(200).IsRequired();
        b.Property(v => v.SnapshotJson).IsRequired();
    }
}

internal sealed class ProcessorConfiguration : IEntityTypeConfiguration<Processor>
{
    public void Configure(EntityTypeBuilder<Processor> b)
    {
        b.ToTable("Processors");
        b.HasKey(p => p.Id);
        b.Ignore(p => p.Transfers);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(p => p.Name).HasMaxLength(300).IsRequired();
        b.Property(p => p.SearchName).HasMaxLength(300).IsRequired();
        b.HasIndex(p => new { p.OrganizationId, p.SearchName });
        b.Property(p => p.Siren).HasMaxLength(9).IsFixedLength();
        b.Property(p => p.Address).HasMaxLength(500);
        b.Property(p => p.ContactName).HasMaxLength(200);
        b.Property(p => p.ContactEmail).HasMaxLength(254);
        b.Property(p => p.ContactPhone).HasMaxLength(30);
        b.Property(p => p.DpoName).HasMaxLength(200);
        b.Property(p => p.DpoEmail).HasMaxLength(254);
        b.Property(p => p.ContractReference).HasMaxLength(200);
        b.Property(p => p.SubProcessors).HasMaxLength(4000);
        b.Property(p => p.DataLocation).HasMaxLength(1000);
        b.Property(p => p.TransfersJson).IsRequired();
        b.Property(p => p.Clauses).HasConversion<int>();
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class ActivityProcessorConfiguration : IEntityTypeConfiguration<ActivityProcessor>
{
    public void Configure(EntityTypeBuilder<ActivityProcessor> b)
    {
        b.ToTable("ActivityProcessors");
        b.HasKey(l => new { l.ActivityId, l.ProcessorId });
        b.HasOne<ProcessingActivity>().WithMany().HasForeignKey(l => l.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Processor>().WithMany().HasForeignKey(l => l.ProcessorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => l.ProcessorId);
    }
}

internal sealed class RegisterAlertConfiguration : IEntityTypeConfiguration<RegisterAlert>
{
    public void Configure(EntityTypeBuilder<RegisterAlert> b)
    {
        b.ToTable("RegisterAlerts");
        b.HasKey(a => a.Id);
        b.Ignore(a => a.IsOpen);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(a => a.RuleCode).HasMaxLength(60).IsRequired();
        b.Property(a => a.SubjectKey).HasMaxLength(60).IsRequired();
        b.Property(a => a.SubjectName).HasMaxLength(300).IsRequired();
        b.Property(a => a.Message).HasMaxLength(2000).IsRequired();
        b.Property(a => a.Article).HasMaxLength(100).IsRequired();
        b.Property(a => a.AcknowledgedByName).HasMaxLength(200);
        // Two nodes finding the same non-conformity at once: the second insert fails instead of alerting twice.
        b.HasIndex(a => new { a.OrganizationId, a.RuleCode, a.SubjectKey }).IsUnique().HasFilter("\"ResolvedAt\" IS NULL");
        // "Which entries have an open alert": SQLite would otherwise pick the unique index above and scan every open alert.
        b.HasIndex(a => new { a.OrganizationId, a.ActivityId }).HasFilter("\"ResolvedAt\" IS NULL").HasDatabaseName("IX_RegisterAlerts_Open_Activity");
        b.HasIndex(a => a.ActivityId);
    }
}
