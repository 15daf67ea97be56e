using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Privacy.Register;

namespace Egide.Core.Deadlines;

/// <summary>Who may hold and revoke calendar addresses: the one rule the page, the feed and the use cases share.</summary>
public static class CalendarFeeds
{
    public static ForbiddenFailure NotAllowed { get; } =
        new("Les adresses d'agenda sont réservées aux personnes qui suivent les demandes de droits ou les violations de données de l'organisme.");

    /// <summary>Sees the requests or the breaches, whose deadlines the feed carries.</summary>
    public static bool MaySubscribe(RegisterActor actor) => actor.CanSeeRequests || actor.CanSeeBreaches;

    public static bool MayRevoke(RegisterActor actor, Guid createdById) =>
        (actor.UserId is { } id && id == createdById) || actor.Roles.HasFlag(OrganizationRoles.Admin);
}
