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
public sealed class SignInModel(SignInManager<EgideUser> signIn, UserManager<EgideUser> users, EgideDb db) : PageModel
{
    public const string WrongCredentials = "Adresse électronique ou mot de passe incorrect.";

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Retour { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Email), "Saisissez votre adresse électronique et votre mot de passe.");
            return Page();
        }
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is null)
        {
            await RecordAsync(AuditEvent.SignInFailed(Email.Trim(), "adresse inconnue"));
            ModelState.AddModelError(nameof(Password), WrongCredentials);
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await RecordAsync(AuditEvent.SignInSucceeded(user.Id, user.DisplayName));
            return LocalRedirect(SafeReturn(Retour));
        }
        if (result.RequiresTwoFactor)
        {
            return Redirect($"/connexion/code?retour={Uri.EscapeDataString(SafeReturn(Retour))}");
        }
        await RecordAsync(AuditEvent.SignInFailed(Email.Trim(), result.IsLockedOut ? "compte verrouillé" : "mot de passe erroné", user.Id));
        ModelState.AddModelError(nameof(Password), result.IsLockedOut
            ? AccountServices.LockedOutMessage
            : WrongCredentials);
        return Page();
    }

    private async Task RecordAsync(AuditEvent auditEvent)
    {
        AuditTrail.Record(db, auditEvent);
        await db.SaveChangesAsync();
    }

    /// <summary>Only a path of this site: never an open redirect.</summary>
    public static string SafeReturn(string? retour) =>
        !string.IsNullOrEmpty(retour) && retour.StartsWith('/') && !retour.StartsWith("//", StringComparison.Ordinal) && !retour.StartsWith("/\\", StringComparison.Ordinal)
            ? retour
            : "/";
}
