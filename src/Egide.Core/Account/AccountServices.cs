using Egide.Core.Configuration;
using Egide.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Egide.Core.Account;

public static class AccountServices
{
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan ResetTokenLifespan = TimeSpan.FromHours(1);

    public static readonly string LockedOutMessage =
        $"Compte verrouillé après {MaxFailedAttempts} essais infructueux : réessayez dans {LockoutDuration.TotalMinutes} minutes ou demandez un nouveau mot de passe.";

    /// <summary>ASP.NET Core Identity with Egide's rules; shared by the web app and the CLI.</summary>
    public static IServiceCollection AddEgideIdentity(this IServiceCollection services)
    {
        // Keys in the database: cookies, antiforgery and reset tokens survive a restart, and every instance on
        // the database, and the CLI, read the same ones.
        services.AddDataProtection().SetApplicationName("Egide");
        services.AddOptions<KeyManagementOptions>()
            .Configure<EgideSettings, EgideDbFactory, TimeProvider, ILoggerFactory>((o, settings, databases, clock, loggers) =>
            {
                o.XmlRepository = new DatabaseXmlRepository(databases, Path.Combine(settings.DataFolder, "keys"), clock, loggers.CreateLogger<DatabaseXmlRepository>());
                if (settings.KeysEncryption is { } secret)
                {
                    o.XmlEncryptor = new AesGcmXmlEncryptor(secret);
                }
            });

        services.AddIdentityCore<EgideUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.User.AllowedUserNameCharacters += "'";
                o.Password.RequiredLength = CommonPasswordValidator.MinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
                o.SignIn.RequireConfirmedAccount = false;
                o.Tokens.AuthenticatorTokenProvider = ReplayProtectedTotpProvider.Name;
                o.Tokens.AuthenticatorIssuer = "Egide";
            })
            .AddEntityFrameworkStores<EgideDb>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ReplayProtectedTotpProvider>(ReplayProtectedTotpProvider.Name)
            .AddTokenProvider<InvitationTokenProvider>(InvitationTokenProvider.ProviderName)
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<FrenchIdentityErrorDescriber>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = ResetTokenLifespan);

        services.AddScoped<CreateUser.Handler>();
        services.AddScoped<AddMembership.Handler>();
        services.AddScoped<InviteMember.Handler>();
        services.AddScoped<CreateApiToken.Handler>();
        services.AddScoped<RevokeApiToken.Handler>();
        return services;
    }
}
