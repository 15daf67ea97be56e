using Egide.Core.Account;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Egide.Web.Features.Account;

[AllowAnonymous]
[EnableRateLimiting(Policies.SignIn)]
public sealed class AcceptInvitationModel(UserManager<EgideUser> users) : PageModel
{
    private const string InvalidLink = "Ce lien d'invitation n'est plus valable (expiré ou déjà utilisé). Demandez à l'administrateur de votre organisme de vous inviter à nouveau.";

    [BindProperty(SupportsGet = true)]
    public Guid Compte { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Jeton { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(Password) || Password != Confirmation)
        {
            ModelState.AddModelError(nameof(Confirmation), "Les deux saisies du mot de passe doivent être identiques.");
            return Page();
        }
        var user = await users.FindByIdAsync(Compte.ToString());
        if (user is null || string.IsNullOrEmpty(Jeton) || await users.HasPasswordAsync(user)
            || !await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose, Jeton))
        {
            ModelState.AddModelError(string.Empty, InvalidLink);
            return Page();
        }
        var result = await users.AddPasswordAsync(user, Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(Password), error.Description);
            }
            return Page();
        }
        user.EmailConfirmed = true; // the link came through this address
        await users.UpdateAsync(user);
        TempData["Message"] = "Votre compte est activé. Connectez-vous avec votre adresse et votre mot de passe.";
        return Redirect("/connexion");
    }
}
