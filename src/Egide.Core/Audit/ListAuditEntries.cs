using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Audit;

/// <summary>The audit trail, newest first, filtered, a page at a time (the Admins' page).</summary>
public static class ListAuditEntries
{
    public const int PageSize = 50;

    /// <param name="From">First day, in Paris.</param>
    /// <param name="To">Last day, in Paris, included.</param>
    /// <param name="Actor">Part of the actor's name, case ignored.</param>
    /// <param name="Within">The organisations whose entries the caller may read; null for the platform administrator.</param>
    public sealed record Query(
        Guid? OrganizationId = null, string? EntityType = null, string? Action = null,
        DateOnly? From = null, DateOnly? To = null, string? Actor = null, int Page = 1,
        IReadOnlyCollection<Guid>? Within = null);

    public sealed record Item(
        long Sequence, DateTime At, Guid? ActorUserId, string ActorName, string? Via,
        Guid? OrganizationId, string? OrganizationName, string Action, string? EntityType, string? EntityId,
        IReadOnlyList<AuditFieldChange> Changes);

    /// <summary>What the filters offer: organisations by name, and the entity types and actions the trail holds.</summary>
    public sealed record Choices(IReadOnlyList<(Guid Id, string Name)> Organizations, IReadOnlyList<string> EntityTypes, IReadOnlyList<string> Actions);

    public sealed class Handler(EgideDb db)
    {
        public async Task<Page<Item>> Handle(Query query, CancellationToken ct)
        {
            var source = db.AuditEntries.AsNoTracking();
            if (query.Within is { } within)
            {
                source = source.Where(e => e.OrganizationId != null && within.Contains(e.OrganizationId.Value));
            }
            if (query.OrganizationId is { } organization)
            {
                source = source.Where(e => e.OrganizationId == organization);
            }
            if (!string.IsNullOrWhiteSpace(query.EntityType))
            {
                source = source.Where(e => e.EntityType == query.EntityType);
            }
            if (!string.IsNullOrWhiteSpace(query.Action))
            {
                source = source.Where(e => e.Action == query.Action);
            }
            if (query.From is { } from)
            {
                var start = ParisMidnightUtc(from);
                source = source.Where(e => e.At >= start);
            }
            if (query.To is { } to)
            {
                var end = ParisMidnightUtc(to.AddDays(1));
                source = source.Where(e => e.At < end);
            }
            if (!string.IsNullOrWhiteSpace(query.Actor))
            {
                var actor = query.Actor.Trim().ToLowerInvariant();
                // Translated to SQL lower(): the database folds case, not .NET's culture.
#pragma warning disable CA1304, CA1311, CA1862
                source = source.Where(e => e.ActorName.ToLower().Contains(actor));
#pragma warning restore CA1304, CA1311, CA1862
            }

            var total = await source.CountAsync(ct);
            var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Clamp(query.Page, 1, pageCount);
            var rows = await source
                .OrderByDescending(e => e.Sequence)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .ToListAsync(ct);

            var ids = rows.Where(r => r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
            var names = await db.Organizations.AsNoTracking()
                .Where(o => ids.Contains(o.Id))
                .Select(o => new { o.Id, o.Name })
                .ToDictionaryAsync(o => o.Id, o => o.Name, ct);

            var items = rows.Select(e => new Item(
                e.Sequence, e.At, e.ActorUserId, e.ActorName, e.Via,
                e.OrganizationId, e.OrganizationId is { } id ? names.GetValueOrDefault(id) : null,
                e.Action, e.EntityType, e.EntityId, AuditFieldChange.Parse(e.Changes))).ToList();
            return new Page<Item>(items, total, page, PageSize);
        }

        public async Task<Choices> ChoicesAsync(CancellationToken ct, IReadOnlyCollection<Guid>? within = null)
        {
            var organizations = await db.Organizations.AsNoTracking()
                .Where(o => within == null || within.Contains(o.Id))
                .OrderBy(o => o.SearchName).ThenBy(o => o.Id)
                .Select(o => new { o.Id, o.Name })
                .ToListAsync(ct);
            var types = await db.AuditEntries.AsNoTracking()
                .Where(e => e.EntityType != null).Select(e => e.EntityType!).Distinct().ToListAsync(ct);
            var actions = await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().ToListAsync(ct);
            return new Choices(
                organizations.Select(o => (o.Id, o.Name)).ToList(),
                types.Order(StringComparer.Ordinal).ToList(),
                actions.Order(StringComparer.Ordinal).ToList());
        }
    }

    /// <summary>The UTC instant at which a day begins in Paris.</summary>
    public static DateTime ParisMidnightUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), FrenchFormat.Paris);
}
