using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Mail;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Egide.Web.Features.Account;

[AllowAnonymous]
[EnableRateLimiting(Policies.SignIn)]
public sealed class ForgotPasswordModel(UserManager<EgideUser> users, EgideDb db, EgideSettings settings, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), "Indiquez l'adresse électronique de votre compte.");
            return Page();
        }
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user?.Email is not null)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = new Uri(settings.PublicUrl, $"/reinitialiser-mot-de-passe?compte={user.Id}&jeton={Uri.EscapeDataString(token)}");
            // The mail leaves through the outbox, with this save: a mail server that is down only delays it.
            db.Enqueue(new MailDraft(
                user.Email,
                "Egide : choisir un nouveau mot de passe",
                $"""
                Bonjour {user.DisplayName},

                Une demande de nouveau mot de passe a été faite pour votre compte Egide.
                Pour choisir votre nouveau mot de passe, ouvrez ce lien dans l'heure qui vient :

                {link}

                Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.
                """), clock);
            AuditTrail.Record(db, new AuditEvent(AuditActions.PasswordResetRequested) { EntityType = "User", EntityId = user.Id.ToString("D") });
            await db.SaveChangesAsync();
        }
        // The same answer whether the account exists or not: the page tells no one who has an account.
        Sent = true;
        return Page();
    }
}
