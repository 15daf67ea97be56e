using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Privacy.Register;

/// <summary>
/// What the register pages share: the person as the use cases see them. Without a current organisation there
/// is no register to show: the page says so and points to the switcher (see _NoOrganization).
/// </summary>
public abstract class RegisterPage(CurrentUser user) : PageModel
{
    /// <summary>Null when the person works in no organisation.</summary>
    public RegisterActor? Actor { get; private set; }

    public bool NoOrganization => Actor is null;

    protected async Task<RegisterActor?> LoadActorAsync(CancellationToken ct) => Actor = await user.RegisterActorAsync(ct);
}
