using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Egide.Core.Privacy.Breaches;

/// <summary>What the breach harmed (EDPB guidelines 9/2022): one or more of the three.</summary>
[Flags]
public enum BreachNature
{
    None = 0,
    Confidentiality = 1,
    Integrity = 2,
    Availability = 4,
}

/// <summary>Where the incident came from, as the CNIL's online form asks it.</summary>
public enum BreachOrigin
{
    Unknown,
    InternalAccidental,
    InternalMalicious,
    ExternalAccidental,
    ExternalMalicious,
}

/// <summary>The likely risk to the persons' rights and freedoms: it decides art. 33 (risk) and art. 34 (high risk).</summary>
public enum BreachRisk
{
    NotAssessed,
    None,
    Risk,
    HighRisk,
}

/// <summary>The decision on notifying the CNIL (art. 33(1)).</summary>
public enum NotificationDecision
{
    Pending,
    Notify,
    /// <summary>Unlikely to result in a risk: recorded in the register with its reason, not notified.</summary>
    DoNotNotify,
}

/// <summary>The CNIL's online form takes a notification whole, or in phases (art. 33(4)).</summary>
public enum NotificationKind
{
    /// <summary>Everything is known: one complete notification.</summary>
    Complete,
    /// <summary>The first, within 72 hours, with what is known.</summary>
    Initial,
    /// <summary>The later ones, completing the initial notification.</summary>
    Complementary,
}

/// <summary>Telling the persons concerned (art. 34).</summary>
public enum PersonsCommunication
{
    NotDecided,
    /// <summary>The risk is not high: art. 34 does not require it.</summary>
    NotRequired,
    Informed,
    /// <summary>High risk, but one of the art. 34(3) exemptions applies (see <see cref="PersonsExemption"/>).</summary>
    Exempted,
}

/// <summary>The three exemptions of art. 34(3).</summary>
public enum PersonsExemption
{
    /// <summary>(a) the data were made unintelligible (encryption) to anyone not authorised.</summary>
    DataUnintelligible,
    /// <summary>(b) measures taken since make the high risk no longer likely.</summary>
    RiskNoLongerLikely,
    /// <summary>(c) it would involve disproportionate effort: a public communication instead.</summary>
    DisproportionateEffort,
}

/// <summary>
/// A personal-data breach in the organisation's breach register (art. 33(5)): every breach is recorded, notified
/// or not. The CNIL clock runs 72 real hours from <see cref="AwareAt"/> (<see cref="Deadlines.HoursClock.CnilBreach"/>).
/// </summary>
public sealed class DataBreach : IOrganizationOwned
{
    public const int ReferenceMaxLength = 40;
    public const int TitleMaxLength = 300;
    public const int TextMaxLength = 8000;

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    /// <summary>« VD-2026-001 »: the organisation's own numbering, unique in the organisation.</summary>
    public string Reference { get; set; } = "";

    /// <summary>A short description for the lists (« Courriel envoyé au mauvais destinataire »).</summary>
    public string Title { get; set; } = "";

    /// <summary>When the organisation became aware of the breach (UTC): the 72-hour clock starts here.</summary>
    public DateTime AwareAt { get; set; }

    /// <summary>How it became aware (an agent's report, a processor's notice, a complaint…).</summary>
    public string? AwarenessCircumstances { get; set; }

    /// <summary>When the breach began, when known (UTC).</summary>
    public DateTime? OccurredFrom { get; set; }

    /// <summary>When it ended, when known; null with <see cref="IsOngoing"/> false: unknown.</summary>
    public DateTime? OccurredUntil { get; set; }

    public bool IsOngoing { get; set; }

    public BreachNature Nature { get; set; }

    public BreachOrigin Origin { get; set; }

    /// <summary>What happened and why (lost laptop, mail to the wrong person, ransomware…).</summary>
    public string? Cause { get; set; }

    public string? PersonCategories { get; set; }

    /// <summary>Approximate number of persons concerned; null: not known yet.</summary>
    public int? PersonsCount { get; set; }

    public string? DataCategories { get; set; }

    /// <summary>Approximate number of records concerned; null: not known yet.</summary>
    public int? RecordsCount { get; set; }

    /// <summary>Special categories (art. 9) or offences (art. 10) among the data.</summary>
    public bool HasSpecialData { get; set; }

    public string? LikelyConsequences { get; set; }

    public string? MeasuresTaken { get; set; }

    public string? MeasuresPlanned { get; set; }

    public BreachRisk Risk { get; set; }

    /// <summary>Why that risk level: required for every level, and weighed against the numbers.</summary>
    public string? RiskReasoning { get; set; }

    public NotificationDecision Decision { get; set; }

    public string? DecisionReason { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecidedByName { get; set; }

    /// <summary>Why the CNIL was (or will be) notified after 72 hours (art. 33(1), last sentence).</summary>
    public string? DelayReason { get; set; }

    public PersonsCommunication PersonsCommunication { get; set; }

    public PersonsExemption? PersonsExemption { get; set; }

    public DateOnly? PersonsInformedOn { get; set; }

    /// <summary>How the persons were told (letter, mail, public notice) and what they were told.</summary>
    public string? PersonsCommunicationDetail { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? ClosedByName { get; set; }

    /// <summary>What was learned and what changes, written at closure.</summary>
    public string? ClosureSummary { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string CreatedByName { get; set; } = "";

    /// <summary>Optimistic concurrency, and the iCalendar SEQUENCE of its deadline.</summary>
    public int Version { get; set; }

    public bool IsClosed => ClosedAt is not null;
}

/// <summary>A processing activity of the register that a breach concerns.</summary>
public sealed class DataBreachActivity : IOrganizationOwned
{
    public Guid OrganizationId { get; set; }

    public Guid BreachId { get; set; }

    public Guid ActivityId { get; set; }
}

/// <summary>
/// A notification made to the CNIL, as made: its kind, when, the CNIL's acknowledgement number and the text
/// sent (assembled from the breach as it was then), so that later changes to the breach do not rewrite it.
/// </summary>
public sealed class BreachNotification : IOrganizationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public Guid BreachId { get; set; }

    public NotificationKind Kind { get; set; }

    /// <summary>When it was submitted to the CNIL (UTC).</summary>
    public DateTime NotifiedAt { get; set; }

    /// <summary>The number the CNIL's teleservice gives back.</summary>
    public string? CnilReference { get; set; }

    /// <summary>The text submitted, in the order of the CNIL's form.</summary>
    public string Content { get; set; } = "";

    public DateTime RecordedAt { get; set; }

    public string RecordedByName { get; set; } = "";
}

internal sealed class DataBreachConfiguration : IEntityTypeConfiguration<DataBreach>
{
    public void Configure(EntityTypeBuilder<DataBreach> b)
    {
        b.ToTable("DataBreaches");
        b.HasKey(x => x.Id);
        b.Ignore(x => x.IsClosed);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Reference).HasMaxLength(DataBreach.ReferenceMaxLength).IsRequired();
        b.HasIndex(x => new { x.OrganizationId, x.Reference }).IsUnique();
        b.Property(x => x.Title).HasMaxLength(DataBreach.TitleMaxLength).IsRequired();
        b.Property(x => x.AwarenessCircumstances).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.Nature).HasConversion<int>();
        b.Property(x => x.Origin).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Cause).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.PersonCategories).HasMaxLength(2000);
        b.Property(x => x.DataCategories).HasMaxLength(2000);
        b.Property(x => x.LikelyConsequences).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.MeasuresTaken).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.MeasuresPlanned).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.Risk).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.RiskReasoning).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.Decision).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.DecisionReason).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.DecidedByName).HasMaxLength(200);
        b.Property(x => x.DelayReason).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.PersonsCommunication).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.PersonsExemption).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.PersonsCommunicationDetail).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.ClosedByName).HasMaxLength(200);
        b.Property(x => x.ClosureSummary).HasMaxLength(DataBreach.TextMaxLength);
        b.Property(x => x.CreatedByName).HasMaxLength(200).IsRequired();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.ClosedAt, x.AwareAt });
    }
}

internal sealed class DataBreachActivityConfiguration : IEntityTypeConfiguration<DataBreachActivity>
{
    public void Configure(EntityTypeBuilder<DataBreachActivity> b)
    {
        b.ToTable("DataBreachActivities");
        b.HasKey(l => new { l.BreachId, l.ActivityId });
        b.HasOne<DataBreach>().WithMany().HasForeignKey(l => l.BreachId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Register.ProcessingActivity>().WithMany().HasForeignKey(l => l.ActivityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => l.ActivityId);
    }
}

internal sealed class BreachNotificationConfiguration : IEntityTypeConfiguration<BreachNotification>
{
    public void Configure(EntityTypeBuilder<BreachNotification> b)
    {
        b.ToTable("BreachNotifications");
        b.HasKey(n => n.Id);
        b.HasOne<DataBreach>().WithMany().HasForeignKey(n => n.BreachId).OnDelete(DeleteBehavior.Restrict);
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(n => n.CnilReference).HasMaxLength(100);
        b.Property(n => n.Content).IsRequired();
        b.Property(n => n.RecordedByName).HasMaxLength(200).IsRequired();
        b.HasIndex(n => new { n.OrganizationId, n.BreachId });
    }
}
