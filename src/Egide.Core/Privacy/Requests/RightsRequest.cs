using Egide.Core.Audit;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Privacy.Requests;

/// <summary>The right a person exercises (GDPR arts. 15 to 22).</summary>
public enum RightsRequestKind
{
    Access,
    Rectification,
    Erasure,
    Restriction,
    Portability,
    Objection,
    Other,
}

/// <summary>How the request reached the organisation.</summary>
public enum RequestChannel
{
    Email,
    Post,
    OnlineForm,
    InPerson,
    Phone,
    Other,
}

/// <summary>Received → in progress → answered, or refused with its legal reason.</summary>
public enum RightsRequestStatus
{
    Received,
    InProgress,
    Answered,
    Refused,
}

/// <summary>Why a request is refused, each with its legal ground.</summary>
public enum RefusalReason
{
    /// <summary>Art. 12(2) and 11(2): the person's identity could not be established.</summary>
    IdentityNotEstablished,
    /// <summary>Art. 12(5)(b): manifestly unfounded.</summary>
    ManifestlyUnfounded,
    /// <summary>Art. 12(5)(b): excessive, in particular repetitive.</summary>
    Excessive,
    /// <summary>Art. 17(3): erasure excluded (legal obligation, public task, archiving in the public interest…).</summary>
    ErasureException,
    /// <summary>Art. 21(1): compelling legitimate grounds, or art. 21 not applicable to a legal obligation.</summary>
    ObjectionNotApplicable,
    /// <summary>Art. 20(3): portability does not apply to processing for a public task.</summary>
    PortabilityNotApplicable,
    /// <summary>Art. 23 and a French text restricting the right (e.g. the rights exercised through the CNIL).</summary>
    LegalRestriction,
    Other,
}

/// <summary>
/// A data subject's request to exercise a right (GDPR arts. 12 to 22), from its receipt to its answer or refusal.
/// The due date is stored (computed by <see cref="Deadlines.RightsRequestClock"/> on every change) so that lists
/// sort and filter on it in the database.
/// </summary>
public sealed class RightsRequest : IOrganizationOwned
{
    public const int ReferenceMaxLength = 40;
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 8000;

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    /// <summary>« DD-2026-001 »: the organisation's own numbering, unique in the organisation.</summary>
    public string Reference { get; set; } = "";

    public RightsRequestKind Kind { get; set; }

    /// <summary>What the person asks, in their words or summarised.</summary>
    public string? Description { get; set; }

    public string RequesterName { get; set; } = "";

    public string? RequesterEmail { get; set; }

    public string? RequesterAddress { get; set; }

    public string? RequesterPhone { get; set; }

    /// <summary>Someone acting for the data subject (lawyer, guardian…), when that is the case.</summary>
    public string? RepresentativeName { get; set; }

    public RequestChannel Channel { get; set; }

    /// <summary>The day the request reached the organisation: the clock starts there.</summary>
    public DateOnly ReceivedOn { get; set; }

    /// <summary>The day proof of identity was asked for, when there was a reasonable doubt (art. 12(6)).</summary>
    public DateOnly? IdentityProofRequestedOn { get; set; }

    public DateOnly? IdentityProofReceivedOn { get; set; }

    /// <summary>Receipt + 1 month, or + 1 + <see cref="ExtensionMonths"/> months, moved past a weekend or holiday.</summary>
    public DateOnly DueDate { get; set; }

    /// <summary>1 or 2 further months (art. 12(3)); null: not extended.</summary>
    public int? ExtensionMonths { get; set; }

    public string? ExtensionReason { get; set; }

    /// <summary>The day the person was told of the extension and its reasons (within the first month).</summary>
    public DateOnly? ExtensionToldOn { get; set; }

    public RightsRequestStatus Status { get; set; }

    public DateOnly? AnsweredOn { get; set; }

    /// <summary>What was answered or done (data sent, rectified, erased…).</summary>
    public string? AnswerSummary { get; set; }

    public RefusalReason? RefusalReason { get; set; }

    /// <summary>The facts behind the refusal, written to the person with the means of appeal.</summary>
    public string? RefusalDetail { get; set; }

    /// <summary>The handler's notes: searches done, services asked.</summary>
    public string? Notes { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string CreatedByName { get; set; } = "";

    /// <summary>Optimistic concurrency, and the iCalendar SEQUENCE of its deadline.</summary>
    public int Version { get; set; }

    public bool IsOpen => Status is RightsRequestStatus.Received or RightsRequestStatus.InProgress;
}

/// <summary>A processing activity of the register that a request concerns.</summary>
public sealed class RightsRequestActivity : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public Guid RequestId { get; set; }

    public Guid ActivityId { get; set; }
}

/// <summary>A file kept with a request: the letter received, the proof of identity, the answer sent…</summary>
public sealed class RightsRequestDocument : IOrganizationOwned
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public Guid RequestId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "application/octet-stream";

    /// <summary>The file itself: not copied into the audit trail (which records who added what, when).</summary>
    [NotAudited]
    public byte[] Content { get; set; } = [];

    public long Size { get; set; }

    public string? Description { get; set; }

    public DateTime AddedAt { get; set; }

    public string AddedByName { get; set; } = "";
}

internal sealed class RightsRequestConfiguration : IEntityTypeConfiguration<RightsRequest>
{
    public void Configure(EntityTypeBuilder<RightsRequest> b)
    {
        b.ToTable("RightsRequests");
        b.HasKey(r => r.Id);
        b.Ignore(r => r.IsOpen);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(r => r.Reference).HasMaxLength(RightsRequest.ReferenceMaxLength).IsRequired();
        b.HasIndex(r => new { r.OrganizationId, r.Reference }).IsUnique();
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.Channel).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.RefusalReason).HasConversion<string>().HasMaxLength(40);
        b.Property(r => r.Description).HasMaxLength(RightsRequest.TextMaxLength);
        b.Property(r => r.RequesterName).HasMaxLength(RightsRequest.NameMaxLength).IsRequired();
        b.Property(r => r.RequesterEmail).HasMaxLength(254);
        b.Property(r => r.RequesterAddress).HasMaxLength(500);
        b.Property(r => r.RequesterPhone).HasMaxLength(30);
        b.Property(r => r.RepresentativeName).HasMaxLength(RightsRequest.NameMaxLength);
        b.Property(r => r.ExtensionReason).HasMaxLength(2000);
        b.Property(r => r.AnswerSummary).HasMaxLength(RightsRequest.TextMaxLength);
        b.Property(r => r.RefusalDetail).HasMaxLength(RightsRequest.TextMaxLength);
        b.Property(r => r.Notes).HasMaxLength(RightsRequest.TextMaxLength);
        b.Property(r => r.CreatedByName).HasMaxLength(200).IsRequired();
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => new { r.OrganizationId, r.Status, r.DueDate });
    }
}

internal sealed class RightsRequestActivityConfiguration : IEntityTypeConfiguration<RightsRequestActivity>
{
    public void Configure(EntityTypeBuilder<RightsRequestActivity> b)
    {
        b.ToTable("RightsRequestActivities");
        b.HasKey(l => new { l.RequestId, l.ActivityId });
        b.HasOne<RightsRequest>().WithMany().HasForeignKey(l => l.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Register.ProcessingActivity>().WithMany().HasForeignKey(l => l.ActivityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => l.ActivityId);
    }
}

internal sealed class RightsRequestDocumentConfiguration : IEntityTypeConfiguration<RightsRequestDocument>
{
    public void Configure(EntityTypeBuilder<RightsRequestDocument> b)
    {
        b.ToTable("RightsRequestDocuments");
        b.HasKey(d => d.Id);
        b.HasOne<RightsRequest>().WithMany().HasForeignKey(d => d.RequestId).OnDelete(DeleteBehavior.Restrict);
        b.Property(d => d.FileName).HasMaxLength(260).IsRequired();
        b.Property(d => d.ContentType).HasMaxLength(200).IsRequired();
        b.Property(d => d.Content).IsRequired();
        b.Property(d => d.Description).HasMaxLength(500);
        b.Property(d => d.AddedByName).HasMaxLength(200).IsRequired();
        b.HasIndex(d => new { d.OrganizationId, d.RequestId });
    }
}
