using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Deadlines;

/// <summary>
/// The iCalendar text behind a secret address, read by a calendar application without any session: the secret is
/// looked up (by its hash) across organisations, then the context works in the feed's organisation only. An unknown
/// secret, a revoked address, or one whose creator no longer sees the casework all get the same not-found answer.
/// The feed holds only the kinds of deadline its creator may see today (a CISO's feed: breaches only).
/// </summary>
public static class ReadCalendarFeed
{
    /// <summary>LastReadAt is written at most this often: a calendar polling every few minutes costs no write each time.</summary>
    public static readonly TimeSpan ReadResolution = TimeSpan.FromHours(1);

    /// <summary>Longer than any secret <see cref="CalendarFeed.NewSecret"/> makes: not worth hashing.</summary>
    private const int MaxSecretLength = 100;

    public sealed class Handler(EgideDb db, EgideSettings settings, TimeProvider clock)
    {
        public async Task<Result<string>> Handle(string? secret, CancellationToken ct)
        {
            var notFound = new NotFoundFailure("Cette adresse d'agenda n'existe pas ou a été révoquée.");
            if (string.IsNullOrEmpty(secret) || secret.Length > MaxSecretLength)
            {
                return notFound;
            }
            var hash = CalendarFeed.Hash(secret);
            var feed = await db.CalendarFeeds.IgnoreQueryFilters([Tenancy.FilterName]).AsNoTracking()
                .Where(f => f.SecretHash == hash)
                .Select(f => new { f.Id, f.OrganizationId, f.CreatedById, f.RevokedAt, f.LastReadAt })
                .FirstOrDefaultAsync(ct);
            if (feed is null || feed.RevokedAt is not null)
            {
                return notFound;
            }
            var roles = await db.Memberships.AsNoTracking()
                .Where(m => m.UserId == feed.CreatedById && m.OrganizationId == feed.OrganizationId)
                .Select(m => (OrganizationRoles?)m.Roles)
                .FirstOrDefaultAsync(ct);
            var creator = new RegisterActor(feed.CreatedById, "", roles ?? OrganizationRoles.None);
            if (!CalendarFeeds.MaySubscribe(creator))
            {
                return notFound;
            }
            var organization = await db.Organizations.AsNoTracking()
                .Where(o => o.Id == feed.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct);
            if (organization is null)
            {
                return notFound;
            }

            db.UseOrganization(feed.OrganizationId);
            var deadlines = (await OrganizationDeadlines.ListAsync(db, null, ct))
                .Where(d => d.Kind == DeadlineKind.RightsRequestAnswer ? creator.CanSeeRequests : creator.CanSeeBreaches);
            var now = clock.GetUtcNow().UtcDateTime;
            var ics = CalendarFeedWriter.Write(organization, deadlines, settings.PublicUrl, now);

            if (feed.LastReadAt is null || now - feed.LastReadAt >= ReadResolution)
            {
                // A read is not a change to the organisation's records: written straight, outside the audit trail
                // (which would otherwise gain an entry per address per hour), and only by the first of concurrent reads.
                var since = now - ReadResolution;
                await db.CalendarFeeds.Where(f => f.Id == feed.Id && (f.LastReadAt == null || f.LastReadAt <= since))
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.LastReadAt, now), ct);
            }
            return ics;
        }
    }
}
