using Egide.Core.Common;
using Egide.Core.Organizations;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Egide.Web.Features.Organizations;

public static class OrganizationsApi
{
    /// <summary>An organisation as the API shows it; <c>Organization</c> is also what a PUT sends back.</summary>
    public sealed record OrganizationResource(
        Guid Id, int Version, DateTime CreatedAt, DateTime UpdatedAt, string? ExternalDpoName, OrganizationInput Organization);

    /// <param name="Version">The version read before editing; a stale one gets 409.</param>
    public sealed record UpdateRequest(int Version, OrganizationInput Organization);

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/organizations").WithTags("Organismes");
        api.MapGet("/", List).WithName("ListOrganizations").WithSummary("Liste paginée des organismes, avec recherche et filtre par type.");
        api.MapGet("/{id:guid}", Get).WithName("GetOrganization");
        api.MapPost("/", Create).WithName("CreateOrganization").RequireAuthorization(Policies.PlatformAdmin);
        api.MapPut("/{id:guid}", Update).WithName("UpdateOrganization")
            .WithSummary("Remplace la fiche ; « version » doit être celle lue, sinon 409.");
        return app;
    }

    private static async Task<Ok<Page<ListOrganizations.Item>>> List(
        ListOrganizations.Handler handler, CurrentUser user, string? search, OrganizationKind? kind, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await handler.Handle(
            new ListOrganizations.Query(search, kind, page ?? 1, pageSize ?? ListOrganizations.DefaultPageSize, await user.VisibleOrganizationsAsync(ct)), ct));

    private static readonly IResult NotFoundProblem =
        TypedResults.Problem("Cet organisme n'existe pas.", statusCode: StatusCodes.Status404NotFound, title: FrenchStatus.Title(404));

    private static async Task<IResult> Get(Guid id, GetOrganization.Handler handler, CurrentUser user, CancellationToken ct)
    {
        var access = await user.AccessToAsync(id, ct);
        var details = access.CanSee ? await handler.Handle(id, ct) : null;
        if (details is null)
        {
            await user.RecordRefusalAsync(id, access, ct);
            return NotFoundProblem;
        }
        return TypedResults.Ok(ToResource(details));
    }

    private static async Task<IResult> Create(
        OrganizationInput input, CreateOrganization.Handler create, GetOrganization.Handler get, CancellationToken ct)
    {
        var result = await create.Handle(input, ct);
        if (!result.IsSuccess)
        {
            return result.Failure!.ToProblem();
        }
        var details = await get.Handle(result.Value, ct);
        return TypedResults.Created($"/api/v1/organizations/{result.Value}", ToResource(details!));
    }

    private static async Task<IResult> Update(
        Guid id, UpdateRequest request, UpdateOrganization.Handler update, GetOrganization.Handler get, CurrentUser user, CancellationToken ct)
    {
        var access = await user.AccessToAsync(id, ct);
        if (!access.CanEdit)
        {
            await user.RecordRefusalAsync(id, access, ct);
        }
        if (!access.CanSee)
        {
            return NotFoundProblem;
        }
        if (!access.CanEdit)
        {
            return TypedResults.Problem("Seul un administrateur de l'organisme peut modifier sa fiche.", statusCode: StatusCodes.Status403Forbidden, title: FrenchStatus.Title(403));
        }
        var result = await update.Handle(new UpdateOrganization.Command(id, request.Version, request.Organization ?? new()), ct);
        if (!result.IsSuccess)
        {
            return result.Failure!.ToProblem();
        }
        return TypedResults.Ok(ToResource((await get.Handle(id, ct))!));
    }

    private static OrganizationResource ToResource(GetOrganization.Details details) => new(
        details.Organization.Id,
        details.Organization.Version,
        details.Organization.CreatedAt,
        details.Organization.UpdatedAt,
        details.ExternalDpoName,
        OrganizationInput.From(details.Organization));
}
