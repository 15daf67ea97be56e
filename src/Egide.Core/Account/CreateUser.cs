using System.Security.Cryptography;
using Egide.Core.Common;
using Microsoft.AspNetCore.Identity;

namespace Egide.Core.Account;

public static class CreateUser
{
    /// <param name="Password">Null: a strong password is generated and returned, to hand over once.</param>
    public sealed record Command(string Email, string DisplayName, string? Password, bool IsPlatformAdmin = false);

    public sealed record Created(Guid Id, string Password);

    public sealed class Handler(UserManager<EgideUser> users, TimeProvider clock)
    {
        public async Task<Result<Created>> Handle(Command command, CancellationToken ct)
        {
            var errors = new ValidationErrors();
            var email = command.Email.Trim().ToLowerInvariant();
            if (!EmailAddress.IsValid(email))
            {
                errors.Add(nameof(command.Email), $"« {command.Email} » n'est pas une adresse électronique valide.");
            }
            var name = command.DisplayName.Trim();
            if (name.Length is 0 or > 200)
            {
                errors.Add(nameof(command.DisplayName), "Le nom est obligatoire (200 caractères au plus).");
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }

            var user = new EgideUser
            {
                UserName = email,
                Email = email,
                DisplayName = name,
                IsPlatformAdmin = command.IsPlatformAdmin,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var password = command.Password;
            while (password is null || (command.Password is null && CommonPasswordValidator.IsCommon(password, user)))
            {
                password = GeneratePassword(); // a random draw may, rarely, contain the person's name
            }
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    errors.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(command.Password) : nameof(command.Email), error.Description);
                }
                return errors.ToFailure();
            }
            return new Created(user.Id, password);
        }
    }

    /// <summary>Four groups of five letters and digits from the platform's random generator (about 100 bits).</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        var groups = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(alphabet, 5));
        return string.Join('-', groups);
    }
}
