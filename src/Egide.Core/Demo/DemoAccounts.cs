using Egide.Core.Account;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Demo;

/// <summary>
/// Fictional people for the demo organisations, with passwords and TOTP secrets drawn at random on each
/// installation and shown once: a demo installation has no shared, guessable password.
/// </summary>
public sealed class DemoAccounts(EgideDb db, UserManager<EgideUser> users, CreateUser.Handler createUser, AddMembership.Handler addMembership)
{
    public sealed record Account(string Email, string Name, string Password, string? TotpSecret, string Roles);

    private sealed record Plan(string Email, string Name, bool PlatformAdmin, (string OrganizationName, OrganizationRoles Roles)[] Memberships);

    private static readonly Plan[] Plans =
    [
        new("admin@egide.example", "Administrateur de la plateforme", true, []),
        new("claire.vasseur@cdg62.example", "Claire Vasseur", false,
        [
            (DemoData.ManagementCentreName, OrganizationRoles.Dpo),
            ("Commune de Saint-Laurent-Blangy", OrganizationRoles.Dpo),
            ("Commune d'Achicourt", OrganizationRoles.Dpo),
            ("Commune de Beaurains", OrganizationRoles.Dpo),
            ("CCAS de Saint-Laurent-Blangy", OrganizationRoles.Dpo),
        ]),
        new("marie.delcourt@saint-laurent-blangy.example", "Marie Delcourt", false,
            [("Commune de Saint-Laurent-Blangy", OrganizationRoles.PrivacyReferent | OrganizationRoles.Admin)]),
        new("maire@saint-laurent-blangy.example", "Maire de Saint-Laurent-Blangy", false,
            [("Commune de Saint-Laurent-Blangy", OrganizationRoles.Controller)]),
        new("rssi@pasdecalais.example", "Thomas Lemaire", false,
            [("Département du Pas-de-Calais", OrganizationRoles.Ciso)]),
    ];

    /// <summary>Creates the demo people when the database has nobody yet.</summary>
    /// <returns>The accounts created, with their secrets, to show once.</returns>
    public async Task<IReadOnlyList<Account>> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct))
        {
            return [];
        }
        var organizations = await db.Organizations.Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Name, o => o.Id, ct);
        var created = new List<Account>();
        foreach (var plan in Plans)
        {
            var memberships = plan.Memberships.Where(m => organizations.ContainsKey(m.OrganizationName)).ToList();
            var result = await createUser.Handle(new CreateUser.Command(plan.Email, plan.Name, null, plan.PlatformAdmin), ct);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"Demo account {plan.Email} is invalid: {result.Failure}");
            }
            foreach (var (organization, roles) in memberships)
            {
                await addMembership.Handle(new AddMembership.Command(result.Value.Id, organizations[organization], roles), ct);
            }
            string? secret = null;
            if (plan.PlatformAdmin || memberships.Any(m => (m.Roles & OrganizationRoleNames.RequireSecondFactor) != 0))
            {
                var user = (await users.FindByIdAsync(result.Value.Id.ToString()))!;
                await users.ResetAuthenticatorKeyAsync(user);
                secret = await users.GetAuthenticatorKeyAsync(user);
                await users.SetTwoFactorEnabledAsync(user, true);
            }
            var roleText = plan.PlatformAdmin
                ? "administrateur de la plateforme"
                : string.Join(" ; ", memberships.Select(m => $"{m.Roles.French()} – {m.OrganizationName}"));
            created.Add(new Account(plan.Email, plan.Name, result.Value.Password, secret, roleText));
        }
        return created;
    }

    /// <summary>The accounts as lines of text for the console and the data folder.</summary>
    public static IEnumerable<string> Describe(IReadOnlyList<Account> accounts)
    {
        yield return "Comptes de démonstration (mots de passe tirés au hasard, affichés une seule fois) :";
        foreach (var a in accounts)
        {
            yield return $"  {a.Email}  mot de passe : {a.Password}" + (a.TotpSecret is null ? "" : $"  clé TOTP : {a.TotpSecret}");
            yield return $"      {a.Name} – {a.Roles}";
        }
        yield return "  La clé TOTP s'ajoute à une application d'authentification (FreeOTP, Aegis…) : elle donne le code demandé après le mot de passe.";
    }
}
