using Egide.Core.Account;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Egide.Web.Features.Account;

[EnableRateLimiting(Policies.SignIn)]
public sealed class AcceptInvitationModel(UserManager<EgideUser> users) : ChoosePasswordPage
{
    private const string InvalidLink = "Ce lien d'invitation n'est plus valable (expiré ou déjà utilisé). Demandez à l'administrateur de votre organisme de vous inviter à nouveau.";

    public async Task<IActionResult> OnPostAsync()
    {
        if (!EntriesMatch())
        {
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
