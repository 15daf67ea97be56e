using System.Security.Cryptography;
using System.Text;
using Egide.Core.Audit;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Deadlines;

/// <summary>
/// A secret address at which a calendar application (Outlook, Thunderbird) reads every deadline of one
/// organisation. The address carries the secret; only its SHA-256 is kept (256 random bits: a fast hash is
/// enough). Revoked, the address answers 404 at once; a person may hold several (one per application).
/// </summary>
public sealed class CalendarFeed : IOrganizationOwned
{
    public const int LabelMaxLength = 100;

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    /// <summary>What it is for (« Outlook du DPO »).</summary>
    public string Label { get; set; } = "";

    public byte[] SecretHash { get; set; } = [];

    /// <summary>The first characters of the secret, to recognise an address in a list.</summary>
    public string Hint { get; set; } = "";

    public Guid CreatedById { get; set; }

    public string CreatedByName { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public DateTime? LastReadAt { get; set; }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>A new secret for the address: 256 random bits, URL-safe.</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> b)
    {
        b.ToTable("CalendarFeeds");
        b.HasKey(f => f.Id);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(f => f.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(f => f.Label).HasMaxLength(CalendarFeed.LabelMaxLength).IsRequired();
        b.Property(f => f.SecretHash).HasMaxLength(32).IsRequired().IsNotAudited();
        b.Property(f => f.Hint).HasMaxLength(12).IsRequired();
        b.Property(f => f.CreatedByName).HasMaxLength(200).IsRequired();
        b.HasIndex(f => f.SecretHash).IsUnique();
        b.HasIndex(f => f.OrganizationId);
    }
}
