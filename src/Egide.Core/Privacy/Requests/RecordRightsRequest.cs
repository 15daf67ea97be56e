using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Register;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Requests;

/// <summary>Records a request as it reaches the organisation: numbered « DD-2026-001 », its due date computed.</summary>
public static class RecordRightsRequest
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Guid>> Handle(RightsRequestInput input, RegisterActor actor, CancellationToken ct)
        {
            RightsRequestRules.RequireOrganization(db);
            if (!actor.CanHandleCasework)
            {
                return actor.CanSeeRequests ? NotHandler : RegisterActor.NotCaseworker;
            }
            input = RightsRequestRules.Normalize(input);
            var errors = await RightsRequestRules.CheckAsync(db, input, RightsRequestRules.Today(clock), ct);
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            var calendar = await RightsRequestRules.CalendarAsync(db, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var request = new RightsRequest
            {
                OrganizationId = db.TenantOrganizationId,
                Status = RightsRequestStatus.Received,
                CreatedAt = now,
                UpdatedAt = now,
                CreatedByName = string.IsNullOrWhiteSpace(actor.Name) ? "Egide" : actor.Name,
                Version = 1,
            };
            RightsRequestRules.Apply(request, input);
            request.DueDate = RightsRequestClock.DueDate(request.ReceivedOn, calendar);
            request.Reference = await NextReferenceAsync(db, request.ReceivedOn.Year, ct);
            db.RightsRequests.Add(request);
            foreach (var activityId in input.ActivityIds)
            {
                db.RightsRequestActivities.Add(new RightsRequestActivity { OrganizationId = db.TenantOrganizationId, RequestId = request.Id, ActivityId = activityId });
            }
            // Others recording a request of the same year at the same moment may take the number first: take the next one.
            // Each retry is lost only to a request that was saved, so a few are enough however many people save at once.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await db.SaveChangesAsync(ct);
                    return request.Id;
                }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && attempt < MaxAttempts)
                {
                    request.Reference = await NextReferenceAsync(db, request.ReceivedOn.Year, ct);
                }
                catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
                {
                    db.ChangeTracker.Clear();
                    return new ConflictFailure("D'autres demandes ont été enregistrées au même instant : rien n'a été enregistré, réessayez.");
                }
            }
        }
    }

    private const int MaxAttempts = 3;

    /// <summary>The refusal for the controller, who sees the requests but does not handle them.</summary>
    public static ForbiddenFailure NotHandler { get; } =
        new("Seuls le référent RGPD, le DPO et l'administrateur de l'organisme enregistrent et traitent les demandes.");

    /// <summary>« DD-{year}-{NNN} »: one more than the highest number of that year in the organisation.</summary>
    internal static async Task<string> NextReferenceAsync(EgideDb db, int year, CancellationToken ct)
    {
        var prefix = $"DD-{year.ToString(CultureInfo.InvariantCulture)}-";
        var references = await db.RightsRequests.AsNoTracking().Where(r => r.Reference.StartsWith(prefix))
            .Select(r => r.Reference).ToListAsync(ct);
        var highest = references
            .Select(r => int.TryParse(r.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0).Max();
        return prefix + (highest + 1).ToString("000", CultureInfo.InvariantCulture);
    }
}

/// <summary>Corrects what was recorded of a request (optimistic concurrency); the due date follows a corrected receipt date.</summary>
public static class UpdateRightsRequest
{
    public sealed record Command(Guid Id, int Version, RightsRequestInput Input);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<int>> Handle(Command command, RegisterActor actor, CancellationToken ct)
        {
            var access = await RightsRequestRules.ForChangeAsync(db, command.Id, command.Version, actor, ct);
            if (!access.IsSuccess)
            {
                return access.Failure!;
            }
            var request = access.Value;
            var input = RightsRequestRules.Normalize(command.Input);
            var errors = await RightsRequestRules.CheckAsync(db, input, RightsRequestRules.Today(clock), ct);
            var calendar = await RightsRequestRules.CalendarAsync(db, ct);
            if (input.ReceivedOn is { } receivedOn)
            {
                CheckLaterDates(errors, request, receivedOn, calendar);
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            RightsRequestRules.Apply(request, input);
            request.DueDate = RightsRequestClock.DueDate(request.ReceivedOn, request.ExtensionMonths, calendar);
            request.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            request.Version++;

            var links = await db.RightsRequestActivities.Where(l => l.RequestId == request.Id).ToListAsync(ct);
            db.RightsRequestActivities.RemoveRange(links.Where(l => !input.ActivityIds.Contains(l.ActivityId)));
            foreach (var activityId in input.ActivityIds.Where(id => links.All(l => l.ActivityId != id)))
            {
                db.RightsRequestActivities.Add(new RightsRequestActivity { OrganizationId = db.TenantOrganizationId, RequestId = request.Id, ActivityId = activityId });
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return RightsRequestRules.Stale;
            }
            return request.Version;
        }

        /// <summary>A corrected receipt date must still come before what was recorded since, and keep an extension lawful.</summary>
        private static void CheckLaterDates(ValidationErrors errors, RightsRequest request, DateOnly receivedOn, HolidayCalendar calendar)
        {
            var later = new (DateOnly? Date, string What)[]
            {
                (request.IdentityProofRequestedOn, "la demande de justificatif d'identité"),
                (request.AnsweredOn, request.Status == RightsRequestStatus.Refused ? "le refus" : "la réponse"),
            };
            foreach (var (date, what) in later)
            {
                if (date is { } day && day < receivedOn)
                {
                    errors.Add(nameof(RightsRequestInput.ReceivedOn), $"La demande ne peut pas avoir été reçue après {what} ({FrenchFormat.Date(day)}).");
                }
            }
            if (request is { ExtensionMonths: { } months, ExtensionToldOn: { } toldOn }
                && RightsRequestClock.Extend(receivedOn, toldOn, months, request.ExtensionReason, calendar).Failure is ValidationFailure extension)
            {
                foreach (var message in extension.Errors.Values.SelectMany(m => m))
                {
                    errors.Add(nameof(RightsRequestInput.ReceivedOn), message);
                }
            }
        }
    }
}
