using Egide.Core.Privacy.Breaches;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Breaches;

/// <summary>The organisation's breach register (art. 33(5)): every breach, notified or not, with its CNIL clock.</summary>
public sealed class IndexModel(CurrentUser user, ListDataBreaches.Handler list) : PrivacyPage(user)
{
    /// <summary>« en-cours » (default), « closes » or « toutes ».</summary>
    [BindProperty(SupportsGet = true, Name = "etat")]
    public string? State { get; set; }

    public BreachFilter Filter { get; private set; }

    public IReadOnlyList<ListDataBreaches.Item> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanSeeBreaches)
        {
            return Forbid();
        }
        Filter = State switch
        {
            "closes" => BreachFilter.Closed,
            "toutes" => BreachFilter.All,
            _ => BreachFilter.Open,
        };
        var result = await list.Handle(Filter, Actor, ct);
        if (!result.IsSuccess)
        {
            return Forbid();
        }
        Items = result.Value;
        return Page();
    }

    public static string SlugOf(BreachFilter filter) => filter switch
    {
        BreachFilter.Closed => "closes",
        BreachFilter.All => "toutes",
        _ => "en-cours",
    };
}
