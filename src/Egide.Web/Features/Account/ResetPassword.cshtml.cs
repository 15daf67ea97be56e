using Egide.Core.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Account;

public sealed class ResetPasswordModel(UserManager<EgideUser> users) : ChoosePasswordPage
{
    private const string InvalidLink = "Ce lien n'est plus valable (expiré ou déjà utilisé). Demandez-en un nouveau depuis la page « Mot de passe oublié ».";

    public async Task<IActionResult> OnPostAsync()
    {
        if (!EntriesMatch())
        {
            return Page();
        }
        var user = await users.FindByIdAsync(Compte.ToString());
        if (user is null || string.IsNullOrEmpty(Jeton))
        {
            ModelState.AddModelError(string.Empty, InvalidLink);
            return Page();
        }
        // The token carries the security stamp, which the reset changes: a link works once.
        var result = await users.ResetPasswordAsync(user, Jeton, Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? string.Empty : nameof(Password),
                    error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? InvalidLink : error.Description);
            }
            return Page();
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        TempData["Message"] = "Votre mot de passe est changé. Connectez-vous avec le nouveau.";
        return Redirect("/connexion");
    }
}
