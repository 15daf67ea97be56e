using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Register;

public sealed class IndexModel(EgideDb db, CurrentUser user, ListProcessingActivities.Handler list) : PrivacyPage(user)
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public ActivityStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "base")]
    public string? LegalBasis { get; set; }

    [BindProperty(SupportsGet = true, Name = "sensibles")]
    public bool? SpecialData { get; set; }

    [BindProperty(SupportsGet = true, Name = "alerte")]
    public bool? HasAlert { get; set; }

    [BindProperty(SupportsGet = true, Name = "ia")]
    public ArtificialIntelligenceUse? AiUse { get; set; }

    [BindProperty(SupportsGet = true, Name = "role")]
    public ProcessingRole? Role { get; set; }

    [BindProperty(SupportsGet = true, Name = "tri")]
    public ActivitySort Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "desc")]
    public bool Descending { get; set; }

    /// <summary>From the query string by hand: "page" is also Razor Pages' own route value (the page's path).</summary>
    public int PageNumber => int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : 1;

    public Page<ListProcessingActivities.Item> Result { get; private set; } = new([], 0, 1, ListProcessingActivities.DefaultPageSize);

    public IReadOnlyList<string> Services { get; private set; } = [];

    public RegisterCatalogs Catalogs { get; private set; } = null!;

    public bool Filtered => !string.IsNullOrWhiteSpace(Q) || Status is not null || !string.IsNullOrWhiteSpace(Service)
        || !string.IsNullOrWhiteSpace(LegalBasis) || SpecialData is not null || HasAlert is not null || AiUse is not null || Role is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return;
        }
        Catalogs = await RegisterCatalogs.LoadAsync(db, ct);
        Services = await ListProcessingActivities.ServicesAsync(db, ct);
        Result = await list.Handle(new ListProcessingActivities.Query(
            Q, Status, Service, LegalBasis, SpecialData, HasAlert, AiUse, Role,
            Sort: Sort, Descending: Descending, Page: PageNumber), ct);
    }

    /// <summary>This list's address with the same filters, another page or another sort.</summary>
    public string ListUrl(int? page = null, ActivitySort? sort = null, bool? descending = null)
    {
        var query = new QueryBuilder();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add(key, value);
            }
        }
        Add("q", Q);
        Add("status", Status?.ToString());
        Add("service", Service);
        Add("base", LegalBasis);
        Add("sensibles", SpecialData?.ToString().ToLowerInvariant());
        Add("alerte", HasAlert?.ToString().ToLowerInvariant());
        Add("ia", AiUse?.ToString());
        Add("role", Role?.ToString());
        var s = sort ?? Sort;
        var d = descending ?? Descending;
        if (s != ActivitySort.Reference)
        {
            query.Add("tri", s.ToString());
        }
        if (d)
        {
            query.Add("desc", "true");
        }
        if (page is > 1)
        {
            query.Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        }
        return "/registre" + query.ToQueryString();
    }

    /// <summary>A column header's link: sorts by the column, or reverses the order when it already sorts by it.</summary>
    public string SortUrl(ActivitySort column) => ListUrl(sort: column, descending: column == Sort && !Descending);

    /// <summary>aria-sort of a column header.</summary>
    public string? AriaSort(ActivitySort column) => column == Sort ? (Descending ? "descending" : "ascending") : null;
}
