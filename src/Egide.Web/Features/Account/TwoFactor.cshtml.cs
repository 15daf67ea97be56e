using Egide.Core.Account;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace Egide.Web.Features.Account;

public sealed class TwoFactorModel(UserManager<EgideUser> users, SignInManager<EgideUser> signIn) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public bool Required => User.HasClaim(EgideClaims.SecondFactorMissing, "true");

    public string FormattedKey { get; private set; } = "";

    public string QrCodeDataUri { get; private set; } = "";

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (user.TwoFactorEnabled)
        {
            TempData["Message"] = "La double authentification est déjà activée sur votre compte.";
            return Redirect("/compte");
        }
        await ShowKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "Ce code n'est pas valable. Vérifiez l'heure de votre téléphone et saisissez le code affiché.");
            await ShowKeyAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await signIn.RefreshSignInAsync(user);
        return Page();
    }

    private async Task ShowKeyAsync(EgideUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // A new key changes the security stamp: this session takes the new one, or the stamp check would end it.
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        FormattedKey = string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        var uri = OtpUri(user.Email!, key);
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        QrCodeDataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }

    /// <summary>The otpauth URI authenticator apps read (Key Uri Format).</summary>
    public static string OtpUri(string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString("Egide")}:{Uri.EscapeDataString(email)}?secret={key}&issuer=Egide&digits=6&period=30";
}
