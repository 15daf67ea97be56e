using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Requests;

/// <summary>What the request use cases share: the organisation's calendar, today's Paris date, the input's checks.</summary>
internal static class RightsRequestRules
{
    public static readonly NotFoundFailure NotFound = new("Cette demande n'existe pas parmi celles de l'organisme.");

    public static readonly ConflictFailure Stale = new(
        "Quelqu'un a modifié cette demande depuis que vous l'avez ouverte : rien n'a été enregistré. Rechargez la page pour voir ses changements.");

    /// <summary>The request, for a change by one of its handlers, on the version they read.</summary>
    public static async Task<Result<RightsRequest>> ForChangeAsync(EgideDb db, Guid id, int version, Register.RegisterActor actor, CancellationToken ct)
    {
        RequireOrganization(db);
        if (!actor.CanSeeRequests)
        {
            return Register.RegisterActor.NotCaseworker;
        }
        var request = await db.RightsRequests.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return NotFound;
        }
        if (!actor.CanHandleCasework)
        {
            return RecordRightsRequest.NotHandler;
        }
        return request.Version != version ? Stale : request;
    }

    public static void RequireOrganization(EgideDb db)
    {
        if (db.TenantOrganizationId == Guid.Empty)
        {
            throw new InvalidOperationException("No organisation: call EgideDb.UseOrganization first.");
        }
    }

    public static DateOnly Today(TimeProvider clock) => Periods.ParisDate(clock.GetUtcNow().UtcDateTime);

    public static async Task<HolidayCalendar> CalendarAsync(EgideDb db, CancellationToken ct) =>
        await db.Organizations.AsNoTracking().Where(o => o.Id == db.TenantOrganizationId)
            .Select(o => o.HolidayCalendar).FirstOrDefaultAsync(ct);

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static RightsRequestInput Normalize(RightsRequestInput input) => input with
    {
        RequesterName = input.RequesterName?.Trim() ?? "",
        RequesterEmail = Blank(input.RequesterEmail),
        RequesterAddress = Blank(input.RequesterAddress),
        RequesterPhone = Blank(input.RequesterPhone),
        RepresentativeName = Blank(input.RepresentativeName),
        Description = Blank(input.Description),
        Notes = Blank(input.Notes),
        ActivityIds = (input.ActivityIds ?? []).Distinct().ToList(),
    };

    public static async Task<ValidationErrors> CheckAsync(EgideDb db, RightsRequestInput input, DateOnly today, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!Enum.IsDefined(input.Kind))
        {
            errors.Add(nameof(input.Kind), "Choisissez le droit que la personne exerce.");
        }
        if (!Enum.IsDefined(input.Channel))
        {
            errors.Add(nameof(input.Channel), "Choisissez le moyen par lequel la demande est arrivée.");
        }
        if (input.RequesterName.Length is 0 or > RightsRequest.NameMaxLength)
        {
            errors.Add(nameof(input.RequesterName), $"Indiquez le nom de la personne qui exerce son droit ({RightsRequest.NameMaxLength} caractères au plus).");
        }
        if (input.RequesterEmail is not null && !EmailAddress.IsValid(input.RequesterEmail))
        {
            errors.Add(nameof(input.RequesterEmail), "L'adresse électronique de la personne n'est pas valide.");
        }
        if (input.RequesterAddress?.Length > 500)
        {
            errors.Add(nameof(input.RequesterAddress), "L'adresse postale tient en 500 caractères au plus.");
        }
        if (input.RequesterPhone?.Length > 30)
        {
            errors.Add(nameof(input.RequesterPhone), "Le numéro de téléphone tient en 30 caractères au plus.");
        }
        if (input.RepresentativeName?.Length > RightsRequest.NameMaxLength)
        {
            errors.Add(nameof(input.RepresentativeName), $"Le nom du représentant tient en {RightsRequest.NameMaxLength} caractères au plus.");
        }
        if (input.Description?.Length > RightsRequest.TextMaxLength)
        {
            errors.Add(nameof(input.Description), $"L'objet de la demande tient en {FrenchFormat.Number(RightsRequest.TextMaxLength)} caractères au plus.");
        }
        if (input.Notes?.Length > RightsRequest.TextMaxLength)
        {
            errors.Add(nameof(input.Notes), $"Les notes tiennent en {FrenchFormat.Number(RightsRequest.TextMaxLength)} caractères au plus.");
        }
        if (input.ReceivedOn is null)
        {
            errors.Add(nameof(input.ReceivedOn), "Indiquez la date de réception de la demande : le délai de réponse court à partir de ce jour.");
        }
        else if (input.ReceivedOn > today)
        {
            errors.Add(nameof(input.ReceivedOn), "La date de réception ne peut pas être dans le futur.");
        }
        if (input.ActivityIds.Count > 0)
        {
            var ids = input.ActivityIds.ToList();
            var known = await db.ProcessingActivities.AsNoTracking().Where(a => ids.Contains(a.Id)).CountAsync(ct);
            if (known != ids.Count)
            {
                errors.Add(nameof(input.ActivityIds), "Un des traitements choisis n'existe pas dans le registre de l'organisme.");
            }
        }
        return errors;
    }

    public static void Apply(RightsRequest request, RightsRequestInput input)
    {
        request.Kind = input.Kind;
        request.Description = input.Description;
        request.RequesterName = input.RequesterName;
        request.RequesterEmail = input.RequesterEmail;
        request.RequesterAddress = input.RequesterAddress;
        request.RequesterPhone = input.RequesterPhone;
        request.RepresentativeName = input.RepresentativeName;
        request.Channel = input.Channel;
        request.ReceivedOn = input.ReceivedOn!.Value;
        request.Notes = input.Notes;
    }

    /// <summary>A date given for an action must be on or after receipt and not after today; errors keyed <paramref name="field"/>.</summary>
    public static void CheckActionDate(ValidationErrors errors, string field, DateOnly? date, DateOnly today, string missing, string beforeReceipt, DateOnly receivedOn)
    {
        if (date is null)
        {
            errors.Add(field, missing);
        }
        else if (date < receivedOn)
        {
            errors.Add(field, $"{beforeReceipt} ({FrenchFormat.Date(receivedOn)}).");
        }
        else if (date > today)
        {
            errors.Add(field, "Cette date ne peut pas être dans le futur.");
        }
    }
}
