using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Account;

/// <summary>A page reached from a mailed link (account id and single-use token) where a person types a password twice.</summary>
[AllowAnonymous]
public abstract class ChoosePasswordPage : PageModel
{
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

    /// <summary>False, with the message on the form, when the two entries differ or are empty.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Password))]
    protected bool EntriesMatch()
    {
        if (!string.IsNullOrEmpty(Password) && Password == Confirmation)
        {
            return true;
        }
        ModelState.AddModelError(nameof(Confirmation), "Les deux saisies du mot de passe doivent être identiques.");
        return false;
    }
}
