using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Account;

public static class AddMembership
{
    public sealed record Command(Guid UserId, Guid OrganizationId, OrganizationRoles Roles);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        /// <summary>Creates the membership, or adds the roles to the one the person already has there.</summary>
        public async Task<Result<OrganizationRoles>> Handle(Command command, CancellationToken ct)
        {
            if (command.Roles == OrganizationRoles.None)
            {
                var errors = new ValidationErrors();
                errors.Add(nameof(command.Roles), "Indiquez au moins un rôle.");
                return errors.ToFailure();
            }
            if (!await db.Users.AnyAsync(u => u.Id == command.UserId, ct))
            {
                return new NotFoundFailure("Cette personne n'existe pas.");
            }
            if (!await db.Organizations.AnyAsync(o => o.Id == command.OrganizationId, ct))
            {
                return new NotFoundFailure("Cet organisme n'existe pas.");
            }
            var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == command.UserId && m.OrganizationId == command.OrganizationId, ct);
            if (membership is null)
            {
                membership = new Membership
                {
                    UserId = command.UserId,
                    OrganizationId = command.OrganizationId,
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                db.Memberships.Add(membership);
            }
            membership.Roles |= command.Roles;
            await db.SaveChangesAsync(ct);
            return membership.Roles;
        }
    }
}
