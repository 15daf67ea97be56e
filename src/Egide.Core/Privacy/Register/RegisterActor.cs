using Egide.Core.Account;

namespace Egide.Core.Privacy.Register;

/// <summary>
/// Who acts on a register, with their roles in the organisation the database context works in. The roles decide
/// (checked here, in the use cases, whoever calls them: pages, API, CLI): the privacy referent, the DPO and the
/// Admin keep the register; the DPO gives opinions; the controller validates and acknowledges alerts.
/// </summary>
public sealed record RegisterActor(Guid? UserId, string Name, OrganizationRoles Roles)
{
    public static RegisterActor System { get; } = new(null, "Egide", OrganizationRoles.Admin);

    /// <summary>The refusal for someone who does not keep the register.</summary>
    public static Common.ForbiddenFailure NotAKeeper { get; } =
        new("Seuls le référent RGPD, le DPO et l'administrateur de l'organisme tiennent le registre.");

    public bool CanEdit => (Roles & (OrganizationRoles.Admin | OrganizationRoles.Dpo | OrganizationRoles.PrivacyReferent)) != 0;

    public bool CanGiveOpinion => Roles.HasFlag(OrganizationRoles.Dpo);

    public bool CanValidate => Roles.HasFlag(OrganizationRoles.Controller);

    public bool CanAcknowledge => Roles.HasFlag(OrganizationRoles.Controller);

    /// <summary>
    /// Rights requests name people and what they ask: seen by those who handle them (the register's keepers) and by the
    /// controller, not by every member.
    /// </summary>
    public bool CanSeeRequests => CanEdit || Roles.HasFlag(OrganizationRoles.Controller);

    /// <summary>Breaches: the same people, and the CISO (a breach is often a security incident).</summary>
    public bool CanSeeBreaches => CanSeeRequests || Roles.HasFlag(OrganizationRoles.Ciso);

    /// <summary>Records requests and breaches and carries them through: the register's keepers.</summary>
    public bool CanHandleCasework => CanEdit;

    /// <summary>Decides whether a breach is notified to the CNIL and told to the persons: the keepers, and the controller who answers for it.</summary>
    public bool CanDecideBreach => CanEdit || Roles.HasFlag(OrganizationRoles.Controller);

    /// <summary>The refusal for someone who may not see the organisation's casework.</summary>
    public static Common.ForbiddenFailure NotCaseworker { get; } =
        new("Seuls le référent RGPD, le DPO, l'administrateur et le responsable de traitement de l'organisme ont accès à ces dossiers.");
}
