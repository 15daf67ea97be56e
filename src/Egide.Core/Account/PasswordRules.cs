using System.Reflection;
using Egide.Core.Common;
using Microsoft.AspNetCore.Identity;

namespace Egide.Core.Account;

/// <summary>
/// ANSSI's and NIST's advice: length over composition rules, and refuse what attackers try first —
/// common passwords, with the digits and signs people add at the end, and the person's own names.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<EgideUser>
{
    public const int MinimumLength = 12;

    private static readonly Lazy<HashSet<string>> Common = new(LoadList);

    public Task<IdentityResult> ValidateAsync(UserManager<EgideUser> manager, EgideUser user, string? password)
    {
        if (password is null || IsCommon(password, user))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = "Ce mot de passe est trop courant ou trop facile à deviner (mot usuel, suite de caractères, nom ou adresse de la personne). Choisissez une phrase de passe de plusieurs mots.",
            }));
        }
        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password, EgideUser? user = null)
    {
        var folded = TextSearch.Fold(password);
        if (folded.Distinct().Count() <= 3)
        {
            return true; // "aaaaaaaaaaaa", "abababababab"
        }
        var core = folded.TrimEnd("0123456789!?.*#@$&%-_+= ".ToCharArray()).TrimStart("0123456789!?.*#@$&%-_+= ".ToCharArray());
        if (Common.Value.Contains(folded) || Common.Value.Contains(core) || IsSequence(folded))
        {
            return true;
        }
        if (user is not null)
        {
            var personal = new[] { user.Email?.Split('@')[0], user.UserName?.Split('@')[0] }
                .Concat(user.DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(p => p is { Length: >= 4 })
                .Select(p => TextSearch.Fold(p!));
            if (personal.Any(p => folded.Contains(p, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    // "123456789012", "abcdefghijkl", "azertyuiopqs": one keyboard row or counting.
    private static bool IsSequence(string folded)
    {
        string[] runs = ["01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz", "azertyuiopqsdfghjklmwxcvbn", "qwertyuiopasdfghjklzxcvbnm"];
        return runs.Any(r => r.Contains(folded, StringComparison.Ordinal));
    }

    private static HashSet<string> LoadList()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Egide.Core.Account.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(TextSearch.Fold(line.Trim()));
            }
        }
        return set;
    }
}

/// <summary>Identity's messages, in French.</summary>
public sealed class FrenchIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = $"Un compte existe déjà avec l'adresse {email}." };

    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"Un compte existe déjà avec l'adresse {userName}." };

    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = $"« {email} » n'est pas une adresse électronique valide." };

    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = $"« {userName} » n'est pas un identifiant valide." };

    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"Le mot de passe doit comporter au moins {length} caractères." };

    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "Mot de passe incorrect." };

    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "Ce lien n'est plus valable (expiré ou déjà utilisé). Demandez-en un nouveau." };

    public override IdentityError RecoveryCodeRedemptionFailed() => new() { Code = nameof(RecoveryCodeRedemptionFailed), Description = "Ce code de secours n'est pas valable." };

    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "Le compte a été modifié entre-temps ; recommencez." };

    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "L'opération a échoué." };

    public override IdentityError UserLockoutNotEnabled() => new() { Code = nameof(UserLockoutNotEnabled), Description = "Le verrouillage n'est pas activé pour ce compte." };
}
