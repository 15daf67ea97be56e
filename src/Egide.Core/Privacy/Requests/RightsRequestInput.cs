namespace Egide.Core.Privacy.Requests;

/// <summary>What a person writes when recording a request or correcting it; the actions (answer, refusal…) come apart.</summary>
public sealed record RightsRequestInput
{
    public RightsRequestKind Kind { get; init; }
    public string? Description { get; init; }
    public string RequesterName { get; init; } = "";
    public string? RequesterEmail { get; init; }
    public string? RequesterAddress { get; init; }
    public string? RequesterPhone { get; init; }
    public string? RepresentativeName { get; init; }
    public RequestChannel Channel { get; init; }
    public DateOnly? ReceivedOn { get; init; }
    public IReadOnlyList<Guid> ActivityIds { get; init; } = [];
    public string? Notes { get; init; }

    public static RightsRequestInput Of(RightsRequest r, IReadOnlyList<Guid> activityIds) => new()
    {
        Kind = r.Kind, Description = r.Description, RequesterName = r.RequesterName, RequesterEmail = r.RequesterEmail,
        RequesterAddress = r.RequesterAddress, RequesterPhone = r.RequesterPhone, RepresentativeName = r.RepresentativeName,
        Channel = r.Channel, ReceivedOn = r.ReceivedOn, ActivityIds = activityIds, Notes = r.Notes,
    };
}
