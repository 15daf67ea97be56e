using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Deadlines;
using Egide.Web.Features.Privacy;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Deadlines;

/// <summary>
/// The organisation's calendar addresses: what the feed holds, the list, the creation (the address is in the answer
/// to the post, once, and nowhere else) and the revocation. For those who see the requests or the breaches.
/// </summary>
public sealed class CalendarModel(
    CurrentUser user, EgideSettings settings, ListCalendarFeeds.Handler list, CreateCalendarFeed.Handler create,
    RevokeCalendarFeed.Handler revoke) : PrivacyPage(user)
{
    public const string CopyNowWarning = "Copiez cette adresse maintenant : elle ne sera plus jamais affichée.";

    public sealed record CreatedFeed(string Label, string HttpsUrl, string WebcalUrl);

    [BindProperty]
    public string? Label { get; set; }

    public IReadOnlyList<ListCalendarFeeds.Item> Feeds { get; private set; } = [];

    /// <summary>Set in the answer to a successful creation only.</summary>
    public CreatedFeed? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        return CalendarFeeds.MaySubscribe(Actor!) ? await ShowAsync(ct) : Forbid();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!CalendarFeeds.MaySubscribe(Actor!))
        {
            return Forbid();
        }
        var result = await create.Handle(new CreateCalendarFeed.Command(Label), Actor!, ct);
        if (result.IsSuccess)
        {
            var url = FeedUrl(settings.PublicUrl, result.Value.Secret);
            Created = new CreatedFeed(result.Value.Label, url.AbsoluteUri, WebcalUrl(url));
            // The address is in this answer only: no cache may keep it.
            Response.Headers.CacheControl = "no-cache, no-store";
            Response.Headers.Pragma = "no-cache";
            ModelState.Clear();
            Label = null;
        }
        else
        {
            ModelState.AddFailure(result.Failure!, prefix: null);
        }
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid? feedId, CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!CalendarFeeds.MaySubscribe(Actor!))
        {
            return Forbid();
        }
        if (feedId is not { } id)
        {
            return NotFound();
        }
        var result = await revoke.Handle(id, Actor!, ct);
        switch (result.Failure)
        {
            case NotFoundFailure:
                return NotFound();
            case ForbiddenFailure:
                return Forbid();
        }
        TempData["Message"] = $"Adresse « {result.Value.Label} » révoquée : les agendas qui la lisaient ne reçoivent plus les échéances.";
        return Redirect("/calendrier");
    }

    public bool MayRevoke(ListCalendarFeeds.Item feed) => feed.IsActive && CalendarFeeds.MayRevoke(Actor!, feed.CreatedById);

    public static Uri FeedUrl(Uri publicUrl, string secret) => new(publicUrl, $"/calendrier/{secret}.ics");

    /// <summary>The same address for applications that subscribe on a click (webcal://, read over HTTPS or HTTP as the address says).</summary>
    public static string WebcalUrl(Uri feedUrl) => "webcal://" + feedUrl.Authority + feedUrl.PathAndQuery;

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Feeds = await list.Handle(ct);
        return Page();
    }
}
