namespace Egide.Core.Audit;

/// <summary>
/// On an entity class: its rows are not written to the audit trail (technical tables such as the outbox).
/// On a property: the trail records that the value changed, never the value (secrets, password hashes).
/// For a property declared in a base class one cannot annotate, use <see cref="AuditModel.IsNotAudited"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class NotAuditedAttribute : Attribute;
