using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Privacy;

/// <summary>
/// A page of the privacy module: it works in the person's current organisation, with their roles there.
/// Without a current organisation (e.g. a platform administrator who has not chosen one), <see cref="Actor"/> is
/// null and the page shows <c>_ChooseOrganization</c> instead of its content.
/// </summary>
public abstract class PrivacyPage(CurrentUser user) : PageModel
{
    /// <summary>Null when the person works in no organisation.</summary>
    public RegisterActor? Actor { get; private set; }

    public bool NoOrganization => Actor is null;

    protected CurrentUser CurrentUser => user;

    /// <returns>Null when the person has no current organisation.</returns>
    protected async Task<RegisterActor?> LoadActorAsync(CancellationToken ct) => Actor = await user.RegisterActorAsync(ct);
}
