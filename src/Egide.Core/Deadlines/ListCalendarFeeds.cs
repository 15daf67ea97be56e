using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Deadlines;

/// <summary>The calendar addresses of the organisation the context works in, newest first (revoked ones too: the history).</summary>
public static class ListCalendarFeeds
{
    public sealed record Item(
        Guid Id, string Label, string Hint, Guid CreatedById, string CreatedByName, DateTime CreatedAt, DateTime? RevokedAt, DateTime? LastReadAt)
    {
        public bool IsActive => RevokedAt is null;

        /// <summary>« active » or « révoquée », as the list shows it.</summary>
        public string FrenchState => RevokedAt is null ? "active" : "révoquée";
    }

    public sealed class Handler(EgideDb db)
    {
        public async Task<IReadOnlyList<Item>> Handle(CancellationToken ct)
        {
            // Projected column by column: the secret's hash does not leave the database.
            var items = await db.CalendarFeeds.AsNoTracking()
                .Select(f => new Item(f.Id, f.Label, f.Hint, f.CreatedById, f.CreatedByName, f.CreatedAt, f.RevokedAt, f.LastReadAt))
                .ToListAsync(ct);
            return [.. items.OrderByDescending(f => f.CreatedAt).ThenBy(f => f.Id)];
        }
    }
}
