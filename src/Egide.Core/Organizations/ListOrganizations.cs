using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Organizations;

public static class ListOrganizations
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <param name="Within">The organisations the caller may see; null only for the platform administrator and the CLI.</param>
    public sealed record Query(
        string? Search = null, OrganizationKind? Kind = null, int Page = 1, int PageSize = DefaultPageSize,
        IReadOnlyCollection<Guid>? Within = null);

    public sealed record Item(
        Guid Id, OrganizationKind Kind, string Name, string? Siren, string? InseeCode, string? City,
        int? Population, int? PopulationYear, DpoKind DpoKind);

    public sealed class Handler(EgideDb db)
    {
        public async Task<Page<Item>> Handle(Query query, CancellationToken ct)
        {
            var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
            var source = db.Organizations.AsNoTracking();
            if (query.Within is { } within)
            {
                source = source.Where(o => within.Contains(o.Id));
            }
            if (query.Kind is { } kind)
            {
                source = source.Where(o => o.Kind == kind);
            }
            if (!string.IsNullOrWhiteSpace(query.Search))
            {
                var folded = TextSearch.Fold(query.Search);
                var digits = Siren.Normalize(query.Search);
                var insee = digits.ToUpperInvariant();
                source = source.Where(o =>
                    o.SearchName.Contains(folded)
                    || o.Siren == digits
                    || o.InseeCode == insee
                    || o.Address.PostalCode == digits);
            }

            var total = await source.CountAsync(ct);
            var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
            var page = Math.Clamp(query.Page, 1, pageCount);
            var items = await source
                .OrderBy(o => o.SearchName).ThenBy(o => o.Id)
                .Skip((page - 1) * pageSize).Take(pageSize)
                .Select(o => new Item(
                    o.Id, o.Kind, o.Name, o.Siren, o.InseeCode, o.Address.City,
                    o.Population, o.PopulationYear, o.Dpo.Kind))
                .ToListAsync(ct);
            return new Page<Item>(items, total, page, pageSize);
        }
    }
}
