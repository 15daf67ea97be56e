using Egide.Core.Data;

namespace Egide.Core.Privacy.Register;

/// <summary>
/// A non-conformity found by <see cref="RegisterRules"/>, dated when first found, sent to the controller, and
/// kept after it is resolved: the register's compliance history. At most one open alert per rule and subject.
/// </summary>
public sealed class RegisterAlert : IOrganizationOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string RuleCode { get; set; } = "";

    /// <summary>« activity:{id} », « processor:{id} » or « organization »: what the alert is about.</summary>
    public string SubjectKey { get; set; } = "";

    public Guid? ActivityId { get; set; }

    public Guid? ProcessorId { get; set; }

    /// <summary>The activity's or processor's name when the alert was raised.</summary>
    public string SubjectName { get; set; } = "";

    public string Message { get; set; } = "";

    public string Article { get; set; } = "";

    public DateTime RaisedAt { get; set; }

    /// <summary>When the mail to the controller was written to the outbox.</summary>
    public DateTime? NotifiedAt { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public Guid? AcknowledgedById { get; set; }

    public string? AcknowledgedByName { get; set; }

    /// <summary>When the rule stopped finding it (the entry was fixed, archived…).</summary>
    public DateTime? ResolvedAt { get; set; }

    public bool IsOpen => ResolvedAt is null;
}
