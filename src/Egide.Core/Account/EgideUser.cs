using Microsoft.AspNetCore.Identity;

namespace Egide.Core.Account;

/// <summary>A person who signs in. What they may see and do comes from their memberships.</summary>
public sealed class EgideUser : IdentityUser<Guid>
{
    public EgideUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public string DisplayName { get; set; } = "";

    /// <summary>Runs the platform (catalogues, all organisations); not a member role of any organisation.</summary>
    public bool IsPlatformAdmin { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>The roles a person holds in one organisation (a person may hold several).</summary>
[Flags]
public enum OrganizationRoles
{
    None = 0,
    Admin = 1,
    Dpo = 2,
    PrivacyReferent = 4,
    /// <summary>Maire, Président or their delegate: the one who decides.</summary>
    Controller = 8,
    Ciso = 16,
    CrisisCoordinator = 32,
    AuthorisedPerson = 64,
    Reader = 128,
}

public static class OrganizationRoleNames
{
    public static readonly OrganizationRoles[] All =
    [
        OrganizationRoles.Admin, OrganizationRoles.Dpo, OrganizationRoles.PrivacyReferent, OrganizationRoles.Controller,
        OrganizationRoles.Ciso, OrganizationRoles.CrisisCoordinator, OrganizationRoles.AuthorisedPerson, OrganizationRoles.Reader,
    ];

    /// <summary>Roles whose holders must sign in with a second factor.</summary>
    public const OrganizationRoles RequireSecondFactor =
        OrganizationRoles.Admin | OrganizationRoles.Dpo | OrganizationRoles.Controller | OrganizationRoles.Ciso;

    public static string French(this OrganizationRoles role) => role switch
    {
        OrganizationRoles.Admin => "Administrateur",
        OrganizationRoles.Dpo => "DPO",
        OrganizationRoles.PrivacyReferent => "Référent RGPD",
        OrganizationRoles.Controller => "Responsable de traitement",
        OrganizationRoles.Ciso => "RSSI",
        OrganizationRoles.CrisisCoordinator => "Coordinateur de crise",
        OrganizationRoles.AuthorisedPerson => "Personne habilitée",
        OrganizationRoles.Reader => "Lecteur",
        _ => string.Join(", ", All.Where(r => role.HasFlag(r)).Select(r => r.French())),
    };

    /// <summary>Parses "dpo,controller" or "Dpo, Controller".</summary>
    public static bool TryParse(string text, out OrganizationRoles roles)
    {
        roles = OrganizationRoles.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrganizationRoles>(part, ignoreCase: true, out var role) || !All.Contains(role))
            {
                return false;
            }
            roles |= role;
        }
        return roles != OrganizationRoles.None;
    }
}
