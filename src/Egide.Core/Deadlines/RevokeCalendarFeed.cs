using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Deadlines;

/// <summary>
/// Ends a calendar address of the organisation the context works in: from then on it answers 404. Its creator may
/// revoke it, and the organisation's Admin (someone who left, a lost phone). Revoking twice keeps the first date.
/// </summary>
public static class RevokeCalendarFeed
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<CalendarFeed>> Handle(Guid feedId, RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(actor);
            var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.Id == feedId, ct);
            if (feed is null)
            {
                return new NotFoundFailure("Cette adresse d'agenda n'existe pas.");
            }
            if (!CalendarFeeds.MayRevoke(actor, feed.CreatedById))
            {
                return new ForbiddenFailure("Seuls la personne qui a créé cette adresse et l'administrateur de l'organisme peuvent la révoquer.");
            }
            feed.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            return feed;
        }
    }
}
