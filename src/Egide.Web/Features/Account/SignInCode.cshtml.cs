using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Data;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Egide.Web.Features.Account;

[AllowAnonymous]
[EnableRateLimiting(Policies.SignIn)]
public sealed class SignInCodeModel(SignInManager<EgideUser> signIn, EgideDb db) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Retour { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/connexion") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Redirect("/connexion");
        }
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal);
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        AuditTrail.Record(db, result.Succeeded
            ? AuditEvent.SignInSucceeded(user.Id, user.DisplayName)
            : AuditEvent.SignInFailed(user.Email ?? "", result.IsLockedOut ? "compte verrouillé" : "second facteur refusé", user.Id));
        await db.SaveChangesAsync();
        if (result.Succeeded)
        {
            return LocalRedirect(SignInModel.SafeReturn(Retour));
        }
        ModelState.AddModelError(nameof(Code), result.IsLockedOut
            ? AccountServices.LockedOutMessage
            : "Ce code n'est pas valable (erroné, expiré ou déjà utilisé). Attendez le code suivant de votre application.");
        return Page();
    }
}
