using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>
/// The register over the API, organisation by organisation: /api/v1/organizations/{organizationId}/register/…
/// Every route first checks that the caller sees the organisation (someone else's: 404, recorded), then points
/// the database context at it, so that each query below is scoped to it. The roles are checked by the use cases.
/// </summary>
public static class RegisterApi
{
    public sealed record ActivityResource(
        Guid Id, int Version, ActivityStatus Status, DpoOpinionKind? DpoOpinion, string? DpoOpinionText, string? DpoOpinionBy,
        DateTime? DpoOpinionAt, string? ValidatedBy, DateTime? ValidatedAt, DateTime CreatedAt, DateTime UpdatedAt,
        DateTime LastReviewedAt, IReadOnlyList<AlertResource> OpenAlerts, ActivityInput Activity);

    public sealed record AlertResource(
        Guid Id, string RuleCode, string Subject, Guid? ActivityId, Guid? ProcessorId, string Message, string Article,
        DateTime RaisedAt, DateTime? NotifiedAt, DateTime? AcknowledgedAt, string? AcknowledgedBy, DateTime? ResolvedAt);

    public sealed record ProcessorResource(Guid Id, int Version, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ArchivedAt,
        IReadOnlyList<Guid> ActivityIds, ProcessorInput Processor);

    /// <param name="Version">The version read before editing; a stale one gets 409 and nothing is written.</param>
    public sealed record UpdateActivityRequest(int Version, ActivityInput Activity);

    public sealed record ActivityActionRequest(int Version, ActivityAction Action, DpoOpinionKind? Opinion = null, string? OpinionText = null);

    public sealed record UpdateProcessorRequest(int Version, ProcessorInput Processor);

    public sealed record VersionRequest(int Version);

    public static IEndpointRouteBuilder MapRegisterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/organizations/{organizationId:guid}/register").WithTags("Registre RGPD")
            .AddEndpointFilter(EnterOrganization);
        api.MapGet("/activities", List).WithName("ListProcessingActivities")
            .WithSummary("Fiches du registre : recherche, filtres (statut, service, base légale, données sensibles, alerte, IA), tri, pages.");
        api.MapPost("/activities", Create).WithName("CreateProcessingActivity").WithSummary("Crée une fiche en brouillon.");
        api.MapGet("/activities/{id:guid}", Get).WithName("GetProcessingActivity");
        api.MapPut("/activities/{id:guid}", Update).WithName("UpdateProcessingActivity")
            .WithSummary("Remplace la fiche ; « version » doit être celle lue, sinon 409. Une fiche soumise ou validée repasse en brouillon.");
        api.MapPost("/activities/{id:guid}/actions", Act).WithName("ChangeProcessingActivityStatus")
            .WithSummary("Soumettre, avis du DPO, validation, revue, archivage, restauration.");
        api.MapGet("/activities/{id:guid}/history", History).WithName("GetProcessingActivityHistory");
        api.MapGet("/activities/{id:guid}/versions/{number:int}", Version).WithName("GetProcessingActivityVersion");
        api.MapGet("/at", AtDate).WithName("GetRegisterAtDate")
            .WithSummary("Le registre tel qu'il était à la fin d'un jour (heure de Paris) : date=AAAA-MM-JJ.");
        api.MapGet("/processors", ListProcessors).WithName("ListProcessors");
        api.MapPost("/processors", CreateProcessor).WithName("CreateProcessor");
        api.MapGet("/processors/{id:guid}", GetProcessor).WithName("GetProcessor");
        api.MapPut("/processors/{id:guid}", UpdateProcessor).WithName("UpdateProcessor");
        api.MapPost("/processors/{id:guid}/archive", ArchiveProcessorEndpoint).WithName("ArchiveProcessor");
        api.MapGet("/alerts", Alerts).WithName("ListRegisterAlerts").WithSummary("Alertes de non-conformité ; open=false pour les alertes résolues.");
        api.MapPost("/alerts/{id:guid}/acknowledge", Acknowledge).WithName("AcknowledgeRegisterAlert")
            .WithSummary("Accusé de réception du responsable de traitement.");
        return app;
    }

    private static readonly IResult OrganizationNotFound =
        TypedResults.Problem("Cet organisme n'existe pas.", statusCode: StatusCodes.Status404NotFound, title: FrenchStatus.Title(404));

    private static readonly IResult ActivityNotFound =
        TypedResults.Problem("Cette fiche n'existe pas dans le registre de l'organisme.", statusCode: StatusCodes.Status404NotFound, title: FrenchStatus.Title(404));

    /// <summary>The filter every organisation's API group starts with (the register's, the requests', the breaches'…).</summary>
    internal static async ValueTask<object?> EnterOrganization(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!Guid.TryParse(http.GetRouteValue("organizationId") as string, out var organizationId))
        {
            return OrganizationNotFound;
        }
        var user = http.RequestServices.GetRequiredService<CurrentUser>();
        var access = await user.AccessToAsync(organizationId, http.RequestAborted);
        if (!access.CanSee)
        {
            await user.RecordRefusalAsync(organizationId, access, http.RequestAborted);
            return OrganizationNotFound;
        }
        http.RequestServices.GetRequiredService<EgideDb>().UseOrganization(organizationId);
        return await next(context);
    }

    private static async Task<IResult> List(
        Guid organizationId, ListProcessingActivities.Handler handler, string? search, ActivityStatus? status, string? service,
        string? legalBasis, bool? specialData, bool? hasAlert, ArtificialIntelligenceUse? aiUse, ProcessingRole? role,
        bool? includeArchived, ActivitySort? sort, bool? descending, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await handler.Handle(new ListProcessingActivities.Query(
            search, status, service, legalBasis, specialData, hasAlert, aiUse, role, includeArchived ?? false,
            sort ?? ActivitySort.Reference, descending ?? false, page ?? 1, pageSize ?? ListProcessingActivities.DefaultPageSize), ct));

    private static async Task<IResult> Get(Guid organizationId, Guid id, EgideDb db, CancellationToken ct) =>
        await ResourceAsync(db, id, ct) is { } resource ? TypedResults.Ok(resource) : ActivityNotFound;

    private static async Task<IResult> Create(
        Guid organizationId, ActivityInput input, CreateProcessingActivity.Handler create, CurrentUser user, EgideDb db, CancellationToken ct)
    {
        var result = await create.Handle(input, await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/organizations/{organizationId}/register/activities/{result.Value}", await ResourceAsync(db, result.Value, ct))
            : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Update(
        Guid organizationId, Guid id, UpdateActivityRequest request, UpdateProcessingActivity.Handler update, CurrentUser user, EgideDb db, CancellationToken ct)
    {
        var result = await update.Handle(
            new UpdateProcessingActivity.Command(id, request.Version, request.Activity ?? new ActivityInput(), "API"),
            await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(await ResourceAsync(db, id, ct)) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Act(
        Guid organizationId, Guid id, ActivityActionRequest request, ChangeActivityStatus.Handler handler, CurrentUser user, EgideDb db, CancellationToken ct)
    {
        var result = await handler.Handle(
            new ChangeActivityStatus.Command(id, request.Version, request.Action, request.Opinion, request.OpinionText),
            await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(await ResourceAsync(db, id, ct)) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> History(Guid organizationId, Guid id, EgideDb db, CancellationToken ct) =>
        await db.ProcessingActivities.AnyAsync(a => a.Id == id, ct)
            ? TypedResults.Ok(await RegisterHistory.OfActivityAsync(db, id, ct))
            : ActivityNotFound;

    private static async Task<IResult> Version(Guid organizationId, Guid id, int number, EgideDb db, CancellationToken ct) =>
        await RegisterHistory.VersionAsync(db, id, number, ct) is { } snapshot ? TypedResults.Ok(snapshot) : ActivityNotFound;

    private static async Task<IResult> AtDate(Guid organizationId, string? date, EgideDb db, TimeProvider clock, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", out var day))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["date"] = ["Indiquez la date au format AAAA-MM-JJ, par exemple 2026-01-31."] },
                title: "Certaines informations sont invalides.");
        }
        if (day > Periods.ParisDate(clock.GetUtcNow().UtcDateTime))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["date"] = ["Le registre ne se consulte pas à une date future."] },
                title: "Certaines informations sont invalides.");
        }
        return TypedResults.Ok(await RegisterHistory.AtAsync(db, Periods.EndOfParisDay(day), ct));
    }

    private static async Task<IResult> ListProcessors(Guid organizationId, EgideDb db, bool? includeArchived, CancellationToken ct)
    {
        var query = db.Processors.AsNoTracking();
        if (includeArchived != true)
        {
            query = query.Where(p => p.ArchivedAt == null);
        }
        var processors = await query.OrderBy(p => p.SearchName).ToListAsync(ct);
        var links = await db.ActivityProcessors.AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(processors.Select(p => ToResource(p, links)).ToList());
    }

    private static async Task<IResult> GetProcessor(Guid organizationId, Guid id, EgideDb db, CancellationToken ct) =>
        await ProcessorAsync(db, id, ct) is { } resource ? TypedResults.Ok(resource) : ProcessorNotFound;

    private static async Task<IResult> CreateProcessor(
        Guid organizationId, ProcessorInput input, SaveProcessor.Handler save, CurrentUser user, EgideDb db, CancellationToken ct)
    {
        var result = await save.Handle(new SaveProcessor.Command(null, 0, input), await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/organizations/{organizationId}/register/processors/{result.Value}", await ProcessorAsync(db, result.Value, ct))
            : result.Failure!.ToProblem();
    }

    private static async Task<IResult> UpdateProcessor(
        Guid organizationId, Guid id, UpdateProcessorRequest request, SaveProcessor.Handler save, CurrentUser user, EgideDb db, CancellationToken ct)
    {
        var result = await save.Handle(new SaveProcessor.Command(id, request.Version, request.Processor ?? new ProcessorInput()),
            await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(await ProcessorAsync(db, id, ct)) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> ArchiveProcessorEndpoint(
        Guid organizationId, Guid id, VersionRequest request, ArchiveProcessor.Handler archive, CurrentUser user, EgideDb db, CancellationToken ct)
    {
        var result = await archive.Handle(id, request.Version, await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(await ProcessorAsync(db, id, ct)) : result.Failure!.ToProblem();
    }

    private static async Task<IResult> Alerts(Guid organizationId, EgideDb db, bool? open, CancellationToken ct)
    {
        var query = db.RegisterAlerts.AsNoTracking();
        query = open == false ? query.Where(a => a.ResolvedAt != null) : query.Where(a => a.ResolvedAt == null);
        var alerts = await query.OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id).ToListAsync(ct);
        return TypedResults.Ok(alerts.Select(ToResource).ToList());
    }

    private static async Task<IResult> Acknowledge(
        Guid organizationId, Guid id, AcknowledgeRegisterAlert.Handler handler, CurrentUser user, CancellationToken ct)
    {
        var result = await handler.Handle(id, await user.RegisterActorInAsync(organizationId, ct), ct);
        return result.IsSuccess ? TypedResults.Ok(ToResource(result.Value)) : result.Failure!.ToProblem();
    }

    private static readonly IResult ProcessorNotFound =
        TypedResults.Problem("Ce sous-traitant n'existe pas dans le registre de l'organisme.", statusCode: StatusCodes.Status404NotFound, title: FrenchStatus.Title(404));

    private static async Task<ActivityResource?> ResourceAsync(EgideDb db, Guid id, CancellationToken ct)
    {
        var a = await db.ProcessingActivities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return null;
        }
        var alerts = await db.RegisterAlerts.AsNoTracking().Where(r => r.ActivityId == id && r.ResolvedAt == null)
            .OrderBy(r => r.RaisedAt).ToListAsync(ct);
        return new ActivityResource(a.Id, a.Version, a.Status, a.DpoOpinion, a.DpoOpinionText, a.DpoOpinionBy, a.DpoOpinionAt,
            a.ValidatedBy, a.ValidatedAt, a.CreatedAt, a.UpdatedAt, a.LastReviewedAt, alerts.Select(ToResource).ToList(), ActivityInput.Of(a));
    }

    private static async Task<ProcessorResource?> ProcessorAsync(EgideDb db, Guid id, CancellationToken ct)
    {
        var p = await db.Processors.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return p is null ? null : ToResource(p, await db.ActivityProcessors.AsNoTracking().Where(l => l.ProcessorId == id).ToListAsync(ct));
    }

    private static ProcessorResource ToResource(Processor p, IEnumerable<ActivityProcessor> links) =>
        new(p.Id, p.Version, p.CreatedAt, p.UpdatedAt, p.ArchivedAt,
            links.Where(l => l.ProcessorId == p.Id).Select(l => l.ActivityId).ToList(), ProcessorInput.Of(p));

    private static AlertResource ToResource(RegisterAlert a) =>
        new(a.Id, a.RuleCode, a.SubjectName, a.ActivityId, a.ProcessorId, a.Message, a.Article, a.RaisedAt, a.NotifiedAt,
            a.AcknowledgedAt, a.AcknowledgedByName, a.ResolvedAt);
}
