namespace Egide.Core.Audit;

/// <summary>
/// Something worth an audit entry that is not a change of a row: a sign-in, a failed sign-in, an API token
/// used to write. Written by <see cref="AuditTrail.Record"/> in the same SaveChanges as the rest.
/// </summary>
/// <param name="Action">The event's name, in the past tense (see <see cref="AuditActions"/>).</param>
public sealed record AuditEvent(string Action)
{
    /// <summary>What the event is about, if a row: "User", "ApiToken"…</summary>
    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    public Guid? OrganizationId { get; init; }

    /// <summary>Who, when it is not the context's actor (e.g. the person who has just signed in).</summary>
    public IAuditActor? Actor { get; init; }

    /// <summary>What else the auditor needs (recorded as "after" values). No secrets: never a password or token.</summary>
    public IReadOnlyDictionary<string, object?> Details { get; init; } = new Dictionary<string, object?>();

    public static AuditEvent SignInSucceeded(Guid userId, string name, string via = "web") =>
        new(AuditActions.SignInSucceeded)
        {
            EntityType = "User",
            EntityId = userId.ToString("D"),
            Actor = new RecordedActor(userId, name, via),
        };

    /// <summary>A refused sign-in, with the address that was typed: finding who tried what is the trail's purpose.</summary>
    /// <param name="userId">The account the address belongs to, if any.</param>
    public static AuditEvent SignInFailed(string emailTyped, string reason, Guid? userId = null, string via = "web") =>
        new(AuditActions.SignInFailed)
        {
            EntityType = "User",
            EntityId = userId?.ToString("D"),
            Actor = new RecordedActor(null, AnonymousName, via),
            Details = new Dictionary<string, object?> { ["Email"] = emailTyped, ["Reason"] = reason },
        };

    /// <summary>An API token used for a request that writes; <paramref name="path"/> without its query string.</summary>
    public static AuditEvent TokenUsed(Guid tokenId, Guid? userId, string userName, string method, string path, Guid? organizationId = null) =>
        new(AuditActions.TokenUsed)
        {
            EntityType = "ApiToken",
            EntityId = tokenId.ToString("D"),
            OrganizationId = organizationId,
            Actor = new RecordedActor(userId, userName, $"api-token:{tokenId:D}"),
            Details = new Dictionary<string, object?> { ["Method"] = method, ["Path"] = path },
        };

    /// <summary>
    /// A file taken out of Egide by the context's actor (a register export, a request's letter or identity document):
    /// who took what, and when, for the organisation's own inspection.
    /// </summary>
    public static AuditEvent Downloaded(string entityType, Guid entityId, Guid organizationId, string fileName, params (string Key, object? Value)[] details)
    {
        var recorded = new Dictionary<string, object?> { ["FileName"] = fileName };
        foreach (var (key, value) in details)
        {
            recorded[key] = value;
        }
        return new(AuditActions.Downloaded)
        {
            EntityType = entityType,
            EntityId = entityId.ToString("D"),
            OrganizationId = organizationId,
            Details = recorded,
        };
    }

    /// <summary>The name recorded for someone not signed in.</summary>
    public const string AnonymousName = "anonyme";

    private sealed record RecordedActor(Guid? UserId, string Name, string? Via) : IAuditActor;
}
