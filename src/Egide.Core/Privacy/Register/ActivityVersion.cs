using System.Text.Json;
using Egide.Core.Data;

namespace Egide.Core.Privacy.Register;

/// <summary>
/// One saved state of a processing activity, kept for ever: the history of an entry, and the register as it
/// stood on any past date, are read from these rows.
/// </summary>
public sealed class ActivityVersion : IOrganizationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public Guid ActivityId { get; set; }

    /// <summary>Equals the activity's <see cref="ProcessingActivity.Version"/> once saved.</summary>
    public int Number { get; set; }

    public DateTime RecordedAt { get; set; }

    public Guid? RecordedById { get; set; }

    public string RecordedByName { get; set; } = "";

    /// <summary>What happened, in French: « Création », « Modification : Finalités », « Validation »…</summary>
    public string Change { get; set; } = "";

    public string SnapshotJson { get; set; } = "{}";

    public ActivitySnapshot Snapshot => ActivitySnapshot.Read(SnapshotJson);
}

/// <summary>An activity as it stood: its own fields and its content.</summary>
public sealed record ActivitySnapshot
{
    public Guid Id { get; init; }
    public string Reference { get; init; } = "";
    public string Name { get; init; } = "";
    public ProcessingRole Role { get; init; }
    public string? ResponsibleService { get; init; }
    public ActivityStatus Status { get; init; }
    public DpoOpinionKind? DpoOpinion { get; init; }
    public string? DpoOpinionText { get; init; }
    public string? DpoOpinionBy { get; init; }
    public DateTime? DpoOpinionAt { get; init; }
    public string? ValidatedBy { get; init; }
    public DateTime? ValidatedAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime LastReviewedAt { get; init; }
    public int Version { get; init; }
    public ActivityContent Content { get; init; } = new();

    public static ActivitySnapshot Of(ProcessingActivity a) => new()
    {
        Id = a.Id,
        Reference = a.Reference,
        Name = a.Name,
        Role = a.Role,
        ResponsibleService = a.ResponsibleService,
        Status = a.Status,
        DpoOpinion = a.DpoOpinion,
        DpoOpinionText = a.DpoOpinionText,
        DpoOpinionBy = a.DpoOpinionBy,
        DpoOpinionAt = a.DpoOpinionAt,
        ValidatedBy = a.ValidatedBy,
        ValidatedAt = a.ValidatedAt,
        CreatedAt = a.CreatedAt,
        UpdatedAt = a.UpdatedAt,
        LastReviewedAt = a.LastReviewedAt,
        Version = a.Version,
        Content = a.Content,
    };

    public static ActivitySnapshot Read(string json) => JsonSerializer.Deserialize<ActivitySnapshot>(json, RegisterJson.Options) ?? new();

    public string Write() => JsonSerializer.Serialize(this, RegisterJson.Options);
}
