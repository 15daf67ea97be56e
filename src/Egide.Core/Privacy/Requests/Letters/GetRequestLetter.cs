using Egide.Core.Audit;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Organizations;
using Egide.Core.Privacy.Register;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Requests.Letters;

/// <summary>
/// One letter of a request of the context's organisation, dated today in Paris and signed by the person who asks
/// for it, as a DOCX file to finish and send. A request of another organisation is not found; only those who may
/// see requests get a letter (<see cref="RegisterActor.CanSeeRequests"/>).
/// </summary>
public static class GetRequestLetter
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<(string FileName, byte[] Content)>> Handle(Guid requestId, LetterKind kind, RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(actor);
            // The query filter keeps to the caller's organisation: another's request is not found, whoever asks.
            var request = await db.RightsRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, ct);
            if (request is null)
            {
                return new NotFoundFailure("Cette demande n'existe pas dans votre organisme.");
            }
            if (!actor.CanSeeRequests)
            {
                return RegisterActor.NotCaseworker;
            }
            if (RequestLetters.Check(kind, request) is { } missing)
            {
                return missing;
            }
            var activities = await db.RightsRequestActivities.AsNoTracking()
                .Where(l => l.RequestId == requestId)
                .Join(db.ProcessingActivities.AsNoTracking(), l => l.ActivityId, a => a.Id, (l, a) => a)
                .ToListAsync(ct);
            activities.Sort((x, y) => StringComparer.Create(FrenchFormat.Culture, ignoreCase: true).Compare(x.Name, y.Name));
            var activityNames = activities.Select(a => a.Name).ToList();
            // Only an access answer states what the register says of them (art. 15(1)).
            var catalogs = kind == LetterKind.Answer && request.Kind == RightsRequestKind.Access && activities.Count > 0
                ? await RegisterCatalogs.LoadAsync(db, ct)
                : null;
            var details = await new GetOrganization.Handler(db).Handle(request.OrganizationId, ct)
                ?? throw new InvalidOperationException("A request's organisation always exists (foreign key).");

            var data = new LetterData(
                request,
                details.Organization,
                activityNames,
                new LetterSignatory(actor.Name),
                Periods.ParisDate(clock.GetUtcNow().UtcDateTime))
            {
                ExternalDpoName = details.ExternalDpoName,
                Activities = catalogs is null ? [] : activities.Select(a => LetterActivity.Of(a, catalogs)).ToList(),
            };
            var letter = RequestLetters.Generate(kind, data);
            if (!letter.IsSuccess)
            {
                return letter.Failure!;
            }
            var fileName = RequestLetters.FileName(kind, request);
            // The letter carries the person's name and address: who made it is recorded.
            AuditTrail.Record(db, AuditEvent.Downloaded(nameof(RightsRequest), request.Id, request.OrganizationId, fileName, ("Letter", LetterKinds.Slug(kind))));
            await db.SaveChangesAsync(ct);
            return (fileName, letter.Value);
        }
    }
}
