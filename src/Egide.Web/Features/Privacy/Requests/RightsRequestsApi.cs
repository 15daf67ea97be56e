using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Requests;
using Egide.Web.Features.Privacy.Register;
using Egide.Web.Infrastructure;

namespace Egide.Web.Features.Privacy.Requests;

/// <summary>
/// Rights requests over the API: /api/v1/organizations/{organizationId}/requests/… The organisation is checked and
/// entered as for the register (someone else's: 404); the use cases then check the roles (a member who does not see
/// the requests: 403, even to read).
/// </summary>
public static class RightsRequestsApi
{
    /// <param name="FirstDueDate">Receipt + 1 month, before any extension.</param>
    public sealed record RequestResource(
        Guid Id, string Reference, int Version, RightsRequestStatus Status, DateOnly DueDate, DateOnly FirstDueDate, bool IsOverdue,
        DateOnly? IdentityProofRequestedOn, DateOnly? IdentityProofReceivedOn,
        int? ExtensionMonths, string? ExtensionReason, DateOnly? ExtensionToldOn,
        DateOnly? AnsweredOn, string? AnswerSummary, RefusalReason? RefusalReason, string? RefusalDetail,
        DateTime CreatedAt, DateTime UpdatedAt, string CreatedByName,
        IReadOnlyList<GetRightsRequest.ActivityItem> Activities, IReadOnlyList<GetRightsRequest.DocumentItem> Documents,
        RightsRequestInput Request);

    /// <param name="Version">The version read before editing; a stale one gets 409 and nothing is written.</param>
    public sealed record UpdateRequest(int Version, RightsRequestInput? Request);

    /// <param name="AnsweredOn">The date of the answer, or of the refusal.</param>
    public sealed record ActionRequest(
        int Version, RightsRequestAction Action,
        DateOnly? IdentityProofRequestedOn = null, DateOnly? IdentityProofReceivedOn = null,
        DateOnly? ToldOn = null, int? ExtensionMonths = null, string? Reason = null,
        DateOnly? AnsweredOn = null, string? AnswerSummary = null, RefusalReason? RefusalReason = null, string? RefusalDetail = null);

    public static IEndpointRouteBuilder MapRightsRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/organizations/{organizationId:guid}/requests").WithTags("Demandes de droits")
            .AddEndpointFilter(RegisterApi.EnterOrganization);
        api.MapGet("/", List).WithName("ListRightsRequests")
            .WithSummary("Demandes de droits, par échéance : state=Open (défaut), Closed ou All ; kind ; search (référence ou nom) ; due=Overdue ou DueWithin7Days ; pages.");
        api.MapPost("/", Create).WithName("RecordRightsRequest")
            .WithSummary("Enregistre une demande reçue : référence DD-année-numéro et échéance calculées.");
        api.MapGet("/{id:guid}", Get).WithName("GetRightsRequest");
        api.MapPut("/{id:guid}", Update).WithName("UpdateRightsRequest")
            .WithSummary("Corrige la demande ; « version » doit être celle lue, sinon 409. L'échéance suit la date de réception.");
        api.MapPost("/{id:guid}/actions", Act).WithName("ChangeRightsRequest")
            .WithSummary("Start (commencer), Identity (justificatif d'identité), Extend (prolongation), Answer (réponse), Refuse (refus motivé).");
        return app;
    }

    private static async Task<IResult> List(
        Guid organizationId, ListRightsRequests.Handler handler, CurrentUser user, RequestStateFilter? state, RightsRequestKind? kind,
        string? search, RequestDueFilter? due, int? page, int? pageSize, CancellationToken ct)
    {
        var result = await handler.Handle(new ListRightsRequests.Query(state ?? RequestStateFilter.Open, kind, search, due, page ?? 1,
            pageSize ?? ListRightsRequests.DefaultPageSize), await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Get(Guid organizationId, Guid id, GetRightsRequest.Handler get, CurrentUser user, CancellationToken ct)
    {
        var result = await get.Handle(id, await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(ToResource(result.Value)) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Create(
        Guid organizationId, RightsRequestInput input, RecordRightsRequest.Handler record, GetRightsRequest.Handler get, CurrentUser user, CancellationToken ct)
    {
        var actor = await user.RegisterActorInAsync(organizationId, ct);
        var result = await record.Handle(input, actor, ct);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/organizations/{organizationId}/requests/{result.Value}", ToResource((await get.Handle(result.Value, actor, ct)).Value))
            : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Update(
        Guid organizationId, Guid id, UpdateRequest request, UpdateRightsRequest.Handler update, GetRightsRequest.Handler get, CurrentUser user, CancellationToken ct)
    {
        var actor = await user.RegisterActorInAsync(organizationId, ct);
        var result = await update.Handle(new UpdateRightsRequest.Command(id, request.Version, request.Request ?? new RightsRequestInput()), actor, ct);
        return result.IsSuccess ? TypedResults.Ok(ToResource((await get.Handle(id, actor, ct)).Value)) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Act(
        Guid organizationId, Guid id, ActionRequest request, ChangeRightsRequest.Handler change, GetRightsRequest.Handler get, CurrentUser user, CancellationToken ct)
    {
        var actor = await user.RegisterActorInAsync(organizationId, ct);
        var result = await change.Handle(new ChangeRightsRequest.Command(id, request.Version, request.Action)
        {
            IdentityProofRequestedOn = request.IdentityProofRequestedOn,
            IdentityProofReceivedOn = request.IdentityProofReceivedOn,
            ToldOn = request.ToldOn,
            ExtensionMonths = request.ExtensionMonths,
            Reason = request.Reason,
            AnsweredOn = request.AnsweredOn,
            AnswerSummary = request.AnswerSummary,
            RefusalReason = request.RefusalReason,
            RefusalDetail = request.RefusalDetail,
        }, actor, ct);
        return result.IsSuccess ? TypedResults.Ok(ToResource((await get.Handle(id, actor, ct)).Value)) : result.Failure!.ToProblem();
    }

    private static RequestResource ToResource(GetRightsRequest.Details d)
    {
        var r = d.Request;
        return new RequestResource(r.Id, r.Reference, r.Version, r.Status, r.DueDate, d.FirstDueDate, d.IsOverdue,
            r.IdentityProofRequestedOn, r.IdentityProofReceivedOn, r.ExtensionMonths, r.ExtensionReason, r.ExtensionToldOn,
            r.AnsweredOn, r.AnswerSummary, r.RefusalReason, r.RefusalDetail, r.CreatedAt, r.UpdatedAt, r.CreatedByName,
            d.Activities, d.Documents, RightsRequestInput.Of(r, [.. d.Activities.Select(a => a.Id)]));
    }
}
