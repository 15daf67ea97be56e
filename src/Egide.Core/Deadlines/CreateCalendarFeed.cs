using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;

namespace Egide.Core.Deadlines;

/// <summary>
/// A new calendar address for the organisation the context works in, for someone who sees its requests or breaches.
/// The secret is in the answer, once: only its hash is kept.
/// </summary>
public static class CreateCalendarFeed
{
    public sealed record Command(string? Label);

    public sealed record Created(Guid Id, string Label, string Secret);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Created>> Handle(Command command, RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(actor);
            if (db.TenantOrganizationId == Guid.Empty)
            {
                return new NotFoundFailure("Choisissez d'abord l'organisme dont l'agenda publiera les échéances.");
            }
            if (!CalendarFeeds.MaySubscribe(actor))
            {
                return CalendarFeeds.NotAllowed;
            }
            var label = command.Label?.Trim() ?? "";
            if (label.Length is 0 or > CalendarFeed.LabelMaxLength)
            {
                var errors = new ValidationErrors();
                errors.Add(nameof(command.Label), label.Length == 0
                    ? "Donnez un nom à cette adresse, par exemple l'agenda qui la lira : « Outlook du DPO »."
                    : $"Le nom de l'adresse ne doit pas dépasser {CalendarFeed.LabelMaxLength} caractères.");
                return errors.ToFailure();
            }
            var secret = CalendarFeed.NewSecret();
            var feed = new CalendarFeed
            {
                OrganizationId = db.TenantOrganizationId,
                Label = label,
                SecretHash = CalendarFeed.Hash(secret),
                Hint = secret[..8],
                CreatedById = actor.UserId ?? Guid.Empty,
                CreatedByName = actor.Name,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.CalendarFeeds.Add(feed);
            await db.SaveChangesAsync(ct);
            return new Created(feed.Id, label, secret);
        }
    }
}
