using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Breaches;
using Egide.Web.Features.Privacy.Register;
using Egide.Web.Infrastructure;

namespace Egide.Web.Features.Privacy.Breaches;

/// <summary>
/// The breach register over the API: /api/v1/organizations/{organizationId}/breaches/… The organisation first (someone
/// else's: 404, recorded), then the roles, checked by the use cases (403), then the breach (unknown: 404).
/// </summary>
public static class DataBreachesApi
{
    public sealed record ClockResource(string Status, DateTime DueAt, long RemainingSeconds, bool Overdue, DateTime? NotifiedAt, string Text);

    public sealed record NotificationResource(Guid Id, NotificationKind Kind, DateTime NotifiedAt, string? CnilReference, string Content, DateTime RecordedAt, string RecordedBy);

    public sealed record ActivityResource(Guid Id, string Reference, string Name);

    public sealed record BreachResource(
        Guid Id, string Reference, int Version, DateTime CreatedAt, DateTime UpdatedAt, string CreatedBy,
        NotificationDecision Decision, string? DecisionReason, DateTime? DecidedAt, string? DecidedBy,
        PersonsCommunication PersonsCommunication, PersonsExemption? PersonsExemption, DateOnly? PersonsInformedOn, string? PersonsCommunicationDetail,
        DateTime? ClosedAt, string? ClosedBy, string? ClosureSummary,
        ClockResource Clock, IReadOnlyList<ActivityResource> Activities, IReadOnlyList<NotificationResource> Notifications, DataBreachInput Breach);

    public sealed record BreachListItem(Guid Id, string Reference, string Title, DateTime AwareAt, BreachRisk Risk, NotificationDecision Decision, DateTime? ClosedAt, ClockResource Clock);

    /// <param name="Version">The version read before editing; a stale one gets 409 and nothing is written.</param>
    public sealed record UpdateBreachRequest(int Version, DataBreachInput Breach);

    public sealed record DecisionRequest(int Version, NotificationDecision Decision, string? Reason);

    public sealed record NotificationRequest(NotificationKind Kind, DateTime? NotifiedAt, string? CnilReference, string? DelayReason);

    public sealed record PersonsCommunicationRequest(int Version, PersonsCommunication Communication, PersonsExemption? Exemption, DateOnly? InformedOn, string? Detail);

    public sealed record CloseRequest(int Version, string? Summary);

    public sealed record NotificationContentResource(NotificationKind Kind, string Content);

    public static IEndpointRouteBuilder MapDataBreachesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/organizations/{organizationId:guid}/breaches").WithTags("Violations de données")
            .AddEndpointFilter(RegisterApi.EnterOrganization);
        api.MapGet("/", List).WithName("ListDataBreaches")
            .WithSummary("Registre des violations (article 33(5)) : state=open (par défaut), closed ou all ; en cours d'abord, puis la plus récente.");
        api.MapPost("/", Create).WithName("RecordDataBreach").WithSummary("Inscrit une violation ; le délai de 72 heures part de awareAt (UTC).");
        api.MapGet("/{id:guid}", Get).WithName("GetDataBreach").WithSummary("Une violation, ses traitements, ses notifications et son délai CNIL.");
        api.MapPut("/{id:guid}", Update).WithName("UpdateDataBreach").WithSummary("Remplace la description ; « version » doit être celle lue, sinon 409.");
        api.MapPost("/{id:guid}/decision", Decide).WithName("DecideBreachNotification").WithSummary("Notify, ou DoNotNotify avec sa motivation.");
        api.MapPost("/{id:guid}/notifications", Notify).WithName("RecordBreachNotification")
            .WithSummary("Enregistre une notification faite à la CNIL (Complete, Initial, Complementary) ; au-delà de 72 heures, delayReason est requis.");
        api.MapGet("/{id:guid}/notification-content", Content).WithName("GetBreachNotificationContent")
            .WithSummary("Le texte à transmettre, dans l'ordre du formulaire de la CNIL : kind=Complete|Initial|Complementary.");
        api.MapPost("/{id:guid}/persons-communication", Persons).WithName("RecordPersonsCommunication")
            .WithSummary("Information des personnes (article 34) : Informed, Exempted ou NotRequired.");
        api.MapPost("/{id:guid}/close", CloseBreach).WithName("CloseDataBreach");
        return app;
    }

    private static async Task<IResult> List(Guid organizationId, string? state, ListDataBreaches.Handler list, CurrentUser user, CancellationToken ct)
    {
        var filter = state?.ToLowerInvariant() switch
        {
            "closed" => BreachFilter.Closed,
            "all" => BreachFilter.All,
            _ => BreachFilter.Open,
        };
        var result = await list.Handle(filter, await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess
            ? TypedResults.Ok(result.Value.Select(i => new BreachListItem(i.Id, i.Reference, i.Title, i.AwareAt, i.Risk, i.Decision, i.ClosedAt, ToResource(i.Clock))).ToList())
            : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Get(Guid organizationId, Guid id, GetDataBreach.Handler get, CurrentUser user, CancellationToken ct)
    {
        var result = await get.Handle(id, await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(ToResource(result.Value)) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Create(
        Guid organizationId, DataBreachInput input, RecordDataBreach.Handler record, GetDataBreach.Handler get, CurrentUser user, CancellationToken ct)
    {
        var actor = await user.RegisterActorInAsync(organizationId, ct);
        var result = await record.Handle(input, actor, ct);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/organizations/{organizationId}/breaches/{result.Value}", ToResource((await get.Handle(result.Value, actor, ct)).Value))
            : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Update(
        Guid organizationId, Guid id, UpdateBreachRequest request, UpdateDataBreach.Handler update, GetDataBreach.Handler get, CurrentUser user, CancellationToken ct)
    {
        var actor = await user.RegisterActorInAsync(organizationId, ct);
        var result = await update.Handle(new UpdateDataBreach.Command(id, request.Version, request.Breach ?? new DataBreachInput()), actor, ct);
        return await AfterAsync(result.Failure, id, actor, get, ct);
    }

    private static async Task<IResult> Decide(
        Guid organizationId, Guid id, DecisionRequest request, DecideBreachNotification.Handler decide, GetDataBreach.Handler get, CurrentUser user, CancellationToken ct)
    {
        var actor = await user.RegisterActorInAsync(organizationId, ct);
        var result = await decide.Handle(new DecideBreachNotification.Command(id, request.Version, request.Decision, request.Reason), actor, ct);
        return await AfterAsync(result.Failure, id, actor, get, ct);
    }

    private static async Task<IResult> Notify(
        Guid organizationId, Guid id, NotificationRequest request, RecordBreachNotification.Handler record, GetDataBreach.Handler get, CurrentUser user, CancellationToken ct)
    {
        var actor = await user.RegisterActorInAsync(organizationId, ct);
        var result = await record.Handle(new RecordBreachNotification.Command(id, request.Kind, request.NotifiedAt, request.CnilReference, request.DelayReason), actor, ct);
        if (!result.IsSuccess)
        {
            return result.Failure!.ToProblem();
        }
        var details = (await get.Handle(id, actor, ct)).Value;
        return TypedResults.Created($"/api/v1/organizations/{organizationId}/breaches/{id}", ToResource(details));
    }

    private static async Task<IResult> Content(
        Guid organizationId, Guid id, string? kind, PrepareBreachNotification.Handler prepare, CurrentUser user, CancellationToken ct)
    {
        NotificationKind chosen;
        if (string.IsNullOrWhiteSpace(kind))
        {
            chosen = NotificationKind.Complete;
        }
        else if (!Enum.TryParse(kind, ignoreCase: true, out chosen) || !Enum.IsDefined(chosen))
        {
            if (BreachLabels.KindOfSlug(kind) is not { } bySlug)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["kind"] = ["Le type de notification est Complete, Initial ou Complementary."] },
                    title: "Certaines informations sont invalides.");
            }
            chosen = bySlug;
        }
        var result = await prepare.Handle(id, chosen, null, await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(new NotificationContentResource(chosen, result.Value)) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Persons(
        Guid organizationId, Guid id, PersonsCommunicationRequest request, RecordPersonsCommunication.Handler persons, GetDataBreach.Handler get, CurrentUser user, CancellationToken ct)
    {
        var actor = await user.RegisterActorInAsync(organizationId, ct);
        var result = await persons.Handle(
            new RecordPersonsCommunication.Command(id, request.Version, request.Communication, request.Exemption, request.InformedOn, request.Detail), actor, ct);
        return await AfterAsync(result.Failure, id, actor, get, ct);
    }

    private static async Task<IResult> CloseBreach(
        Guid organizationId, Guid id, CloseRequest request, CloseDataBreach.Handler close, GetDataBreach.Handler get, CurrentUser user, CancellationToken ct)
    {
        var actor = await user.RegisterActorInAsync(organizationId, ct);
        var result = await close.Handle(new CloseDataBreach.Command(id, request.Version, request.Summary), actor, ct);
        return await AfterAsync(result.Failure, id, actor, get, ct);
    }

    private static async Task<IResult> AfterAsync(Failure? failure, Guid id, Core.Privacy.Register.RegisterActor actor, GetDataBreach.Handler get, CancellationToken ct) =>
        failure is null ? TypedResults.Ok(ToResource((await get.Handle(id, actor, ct)).Value)) : failure.ToProblem();

    private static ClockResource ToResource(BreachClockState c) =>
        new(c.Status.ToString(), DateTime.SpecifyKind(c.DueAt, DateTimeKind.Utc), (long)Math.Floor(c.Remaining.TotalSeconds),
            c.Status == BreachClockStatus.Overdue, c.NotifiedAt, c.Text);

    private static BreachResource ToResource(GetDataBreach.Details d)
    {
        var b = d.Breach;
        return new BreachResource(
            b.Id, b.Reference, b.Version, b.CreatedAt, b.UpdatedAt, b.CreatedByName,
            b.Decision, b.DecisionReason, b.DecidedAt, b.DecidedByName,
            b.PersonsCommunication, b.PersonsExemption, b.PersonsInformedOn, b.PersonsCommunicationDetail,
            b.ClosedAt, b.ClosedByName, b.ClosureSummary,
            ToResource(d.Clock),
            d.Activities.Select(a => new ActivityResource(a.Id, a.Reference, a.Name)).ToList(),
            d.Notifications.Select(n => new NotificationResource(n.Id, n.Kind, n.NotifiedAt, n.CnilReference, n.Content, n.RecordedAt, n.RecordedByName)).ToList(),
            DataBreachInput.Of(b, d.Activities.Select(a => a.Id).ToList()));
    }
}
