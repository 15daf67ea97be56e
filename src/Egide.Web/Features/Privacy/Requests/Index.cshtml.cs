using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Privacy.Requests;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Egide.Web.Features.Privacy.Requests;

/// <summary>The organisation's rights requests, soonest due first, with what is late or nearly so.</summary>
public sealed class IndexModel(CurrentUser user, ListRightsRequests.Handler list) : PrivacyPage(user)
{
    /// <summary>ouvertes (default), closes, toutes.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Etat { get; set; }

    [BindProperty(SupportsGet = true)]
    public RightsRequestKind? Droit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>en-retard, sous-7-jours, or nothing.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Echeance { get; set; }

    public Page<ListRightsRequests.Item> Result { get; private set; } = new([], 0, 1, ListRightsRequests.DefaultPageSize);

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Etat) || Droit is not null || !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(Echeance);

    public IReadOnlyList<SelectListItem> StateItems { get; } =
    [
        new("En cours (reçues ou en traitement)", "ouvertes"),
        new("Closes (répondues ou refusées)", "closes"),
        new("Toutes", "toutes"),
    ];

    public IReadOnlyList<SelectListItem> KindItems { get; } =
    [
        new("Tous les droits", ""),
        .. Enum.GetValues<RightsRequestKind>().Select(k => new SelectListItem(RightsRequestLabels.Kind(k), k.ToString())),
    ];

    public IReadOnlyList<SelectListItem> DueItems { get; } =
    [
        new("Toutes les échéances", ""),
        new("En retard", "en-retard"),
        new("À échéance sous 7 jours", "sous-7-jours"),
    ];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is not { } actor)
        {
            return Page();
        }
        if (!actor.CanSeeRequests)
        {
            return Forbid();
        }
        var state = Etat switch
        {
            "closes" => RequestStateFilter.Closed,
            "toutes" => RequestStateFilter.All,
            _ => RequestStateFilter.Open,
        };
        RequestDueFilter? due = Echeance switch
        {
            "en-retard" => RequestDueFilter.Overdue,
            "sous-7-jours" => RequestDueFilter.DueWithin7Days,
            _ => null,
        };
        // Read from the query string itself: bound as "page", it would meet Razor Pages' own "page" route value.
        var page = int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 1;
        var result = await list.Handle(new ListRightsRequests.Query(state, Droit, Q, due, page), actor, ct);
        if (result.Failure is ForbiddenFailure)
        {
            return Forbid();
        }
        Result = result.Value;
        return Page();
    }

    /// <summary>« dans 3 jours », « aujourd'hui », « en retard de 2 jours ».</summary>
    public static string Countdown(int daysLeft) => daysLeft switch
    {
        0 => "aujourd'hui",
        1 => "demain",
        > 1 => $"dans {daysLeft} jours",
        -1 => "en retard de 1 jour",
        _ => $"en retard de {-daysLeft} jours",
    };

    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?> { ["etat"] = Etat, ["droit"] = Droit?.ToString(), ["q"] = Q, ["echeance"] = Echeance, ["page"] = page.ToString(CultureInfo.InvariantCulture) };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/demandes", query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
    }
}
