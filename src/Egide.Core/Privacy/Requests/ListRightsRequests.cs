using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Register;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Requests;

public enum RequestStateFilter
{
    Open,
    Closed,
    All,
}

public enum RequestDueFilter
{
    /// <summary>Open, and the due date's Paris day is over.</summary>
    Overdue,
    /// <summary>Open, due today or within the next 7 days.</summary>
    DueWithin7Days,
}

/// <summary>The organisation's requests, soonest due first: open or closed, by kind, by reference or name, late or nearly so.</summary>
public static class ListRightsRequests
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int SoonDays = 7;

    public sealed record Query(
        RequestStateFilter State = RequestStateFilter.Open, RightsRequestKind? Kind = null, string? Search = null,
        RequestDueFilter? Due = null, int Page = 1, int PageSize = DefaultPageSize);

    /// <param name="DaysLeft">Paris days to the due date: 0 on the day, negative once late.</param>
    public sealed record Item(
        Guid Id, string Reference, RightsRequestKind Kind, string RequesterName, DateOnly ReceivedOn, DateOnly DueDate,
        bool Extended, RightsRequestStatus Status, DateOnly? AnsweredOn, bool IsOpen, bool IsOverdue, bool IsDueSoon, int DaysLeft, int Version);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Page<Item>>> Handle(Query query, RegisterActor actor, CancellationToken ct)
        {
            if (!actor.CanSeeRequests)
            {
                return RegisterActor.NotCaseworker;
            }
            var now = clock.GetUtcNow().UtcDateTime;
            // Periods.IsPast in terms the database understands: a due date is past once its Paris day is over.
            var today = Periods.ParisDate(now);
            var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
            var source = db.RightsRequests.AsNoTracking();
            source = query.State switch
            {
                RequestStateFilter.Open => source.Where(r => r.Status == RightsRequestStatus.Received || r.Status == RightsRequestStatus.InProgress),
                RequestStateFilter.Closed => source.Where(r => r.Status == RightsRequestStatus.Answered || r.Status == RightsRequestStatus.Refused),
                _ => source,
            };
            if (query.Kind is { } kind)
            {
                source = source.Where(r => r.Kind == kind);
            }
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                // Folded here rather than in SQL, so that « Lefevre » finds « Lefèvre » on SQLite and PostgreSQL alike; an
                // organisation's requests are counted in hundreds, not millions.
                var term = TextSearch.Fold(query.Search);
                var candidates = await source.Select(r => new { r.Id, r.Reference, r.RequesterName }).ToListAsync(ct);
                var ids = candidates.Where(r => TextSearch.Fold(r.Reference).Contains(term, StringComparison.Ordinal)
                    || TextSearch.Fold(r.RequesterName).Contains(term, StringComparison.Ordinal)).Select(r => r.Id).ToList();
                source = source.Where(r => ids.Contains(r.Id));
            }
            if (query.Due is { } due)
            {
                var soon = today.AddDays(SoonDays);
                source = source.Where(r => r.Status == RightsRequestStatus.Received || r.Status == RightsRequestStatus.InProgress);
                source = due == RequestDueFilter.Overdue
                    ? source.Where(r => r.DueDate < today)
                    : source.Where(r => r.DueDate >= today && r.DueDate <= soon);
            }
            var total = await source.CountAsync(ct);
            var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
            var page = Math.Clamp(query.Page, 1, pageCount);
            var rows = await source.OrderBy(r => r.DueDate).ThenBy(r => r.Reference)
                .Skip((page - 1) * pageSize).Take(pageSize)
                .Select(r => new { r.Id, r.Reference, r.Kind, r.RequesterName, r.ReceivedOn, r.DueDate, r.ExtensionMonths, r.Status, r.AnsweredOn, r.Version })
                .ToListAsync(ct);
            var items = rows.Select(r =>
            {
                var open = r.Status is RightsRequestStatus.Received or RightsRequestStatus.InProgress;
                var daysLeft = Periods.DaysLeft(r.DueDate, now);
                var overdue = open && Periods.IsPast(r.DueDate, now);
                return new Item(r.Id, r.Reference, r.Kind, r.RequesterName, r.ReceivedOn, r.DueDate, r.ExtensionMonths is not null,
                    r.Status, r.AnsweredOn, open, overdue, open && !overdue && daysLeft <= SoonDays, daysLeft, r.Version);
            }).ToList();
            return new Page<Item>(items, total, page, pageSize);
        }
    }
}

/// <summary>One request with the activities it concerns and its documents (without their content).</summary>
public static class GetRightsRequest
{
    public sealed record ActivityItem(Guid Id, string Reference, string Name);

    public sealed record DocumentItem(Guid Id, string FileName, string ContentType, long Size, string? Description, DateTime AddedAt, string AddedByName);

    /// <param name="FirstDueDate">Receipt + 1 month: the due date before any extension, and the last day to announce one.</param>
    public sealed record Details(
        RightsRequest Request, DateOnly FirstDueDate, IReadOnlyList<ActivityItem> Activities, IReadOnlyList<DocumentItem> Documents,
        bool IsOverdue, int DaysLeft);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Details>> Handle(Guid id, RegisterActor actor, CancellationToken ct)
        {
            if (!actor.CanSeeRequests)
            {
                return RegisterActor.NotCaseworker;
            }
            var request = await db.RightsRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (request is null)
            {
                return RightsRequestRules.NotFound;
            }
            var calendar = await RightsRequestRules.CalendarAsync(db, ct);
            var activities = await db.RightsRequestActivities.AsNoTracking().Where(l => l.RequestId == id)
                .Join(db.ProcessingActivities, l => l.ActivityId, a => a.Id, (l, a) => new ActivityItem(a.Id, a.Reference, a.Name))
                .ToListAsync(ct);
            var documents = await db.RightsRequestDocuments.AsNoTracking().Where(d => d.RequestId == id)
                .OrderBy(d => d.AddedAt)
                .Select(d => new DocumentItem(d.Id, d.FileName, d.ContentType, d.Size, d.Description, d.AddedAt, d.AddedByName))
                .ToListAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            return new Details(request, RightsRequestClock.DueDate(request.ReceivedOn, calendar),
                activities.OrderBy(a => a.Reference, StringComparer.Create(FrenchFormat.Culture, ignoreCase: true)).ToList(),
                documents, request.IsOpen && Periods.IsPast(request.DueDate, now), Periods.DaysLeft(request.DueDate, now));
        }
    }
}
