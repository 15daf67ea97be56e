using Egide.Core.Audit;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// A file sent to be imported, kept between its preview and its confirmation (the preview is computed again from it
/// when confirming: nothing a browser sends back is trusted). Deleted once imported, or after a day.
/// </summary>
public sealed class RegisterImportUpload : IOrganizationOwned
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string FileName { get; set; } = "";

    /// <summary>The file itself: not copied into the audit trail (which records who sent what, when).</summary>
    [NotAudited]
    public byte[] Content { get; set; } = [];

    public long Size { get; set; }

    public Guid UploadedById { get; set; }

    public DateTime UploadedAt { get; set; }
}

/// <summary>
/// Deletes, in every organisation, the files sent for an import and neither confirmed nor abandoned within
/// <see cref="RegisterImportUpload.Lifetime"/>. Across organisations by name (the hourly check calls it); a
/// bulk delete of transient files, not written to the audit trail (their sending is).
/// </summary>
public static class PurgeImportUploads
{
    public static Task<int> RunAsync(EgideDb db, TimeProvider clock, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - RegisterImportUpload.Lifetime;
        return db.Set<RegisterImportUpload>().IgnoreQueryFilters([Tenancy.FilterName])
            .Where(u => u.UploadedAt <= cutoff).ExecuteDeleteAsync(ct);
    }
}

/// <summary>A column mapping an organisation saved for files laid out with these headers (<see cref="ColumnMapping.Signature"/>).</summary>
public sealed class RegisterImportMapping : IOrganizationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string Signature { get; set; } = "";

    public string MappingJson { get; set; } = "{}";

    public DateTime SavedAt { get; set; }

    public Guid SavedById { get; set; }
}

internal sealed class RegisterImportUploadConfiguration : IEntityTypeConfiguration<RegisterImportUpload>
{
    public void Configure(EntityTypeBuilder<RegisterImportUpload> b)
    {
        b.ToTable("RegisterImportUploads");
        b.HasKey(u => u.Id);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(u => u.FileName).HasMaxLength(260).IsRequired();
        b.Property(u => u.Content).IsRequired();
        b.HasIndex(u => new { u.OrganizationId, u.UploadedAt });
    }
}

internal sealed class RegisterImportMappingConfiguration : IEntityTypeConfiguration<RegisterImportMapping>
{
    public void Configure(EntityTypeBuilder<RegisterImportMapping> b)
    {
        b.ToTable("RegisterImportMappings");
        b.HasKey(m => m.Id);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(m => m.Signature).HasMaxLength(64).IsRequired();
        b.Property(m => m.MappingJson).IsRequired();
        b.HasIndex(m => new { m.OrganizationId, m.Signature }).IsUnique();
    }
}
