using System.Globalization;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Egide.Core.Account;

/// <summary>
/// TOTP (RFC 6238) as authenticator apps compute it, verified with Otp.NET, refusing a code whose time
/// step was already used: a code seen over a shoulder or replayed from a log opens nothing.
/// Identity's own provider accepts the same code again within its window.
/// </summary>
public sealed class ReplayProtectedTotpProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<EgideUser>
{
    public const string Name = "EgideTotp";
    private const string LoginProvider = "[Egide]";
    private const string LastStepToken = "LastTotpStep";

    public Task<string> GenerateAsync(string purpose, UserManager<EgideUser> manager, EgideUser user) =>
        Task.FromResult(string.Empty); // codes come from the person's app, never from the server

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<EgideUser> manager, EgideUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = new string(token.Where(char.IsAsciiDigit).ToArray());
        if (string.IsNullOrEmpty(key) || code.Length != 6)
        {
            return false;
        }
        var totp = new Totp(Base32Encoding.ToBytes(key), timeCorrection: new TimeCorrection(clock.GetUtcNow().UtcDateTime));
        // One step either side absorbs a phone clock a little off.
        if (!totp.VerifyTotp(code, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return false;
        }
        var last = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepToken);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep)
        {
            return false;
        }
        await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<EgideUser> manager, EgideUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));
}
