using Egide.Core.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Account;

[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<EgideUser> users) : PageModel
{
    private const string InvalidLink = "Ce lien n'est plus valable (expiré ou déjà utilisé). Demandez-en un nouveau depuis la page « Mot de passe oublié ».";

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
