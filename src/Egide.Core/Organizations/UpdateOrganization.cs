using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Organizations;

public static class UpdateOrganization
{
    public const string StaleMessage =
        "Cet organisme a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert. " +
        "Rechargez la fiche pour voir la version actuelle : vos modifications n'ont pas été enregistrées.";

    /// <param name="Version">The version the person started from; a save over a newer version is refused.</param>
    public sealed record Command(Guid Id, int Version, OrganizationInput Input);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        /// <returns>The new version.</returns>
        public async Task<Result<int>> Handle(Command command, CancellationToken ct)
        {
            var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Id == command.Id, ct);
            if (organization is null)
            {
                return new NotFoundFailure("Cet organisme n'existe pas.");
            }
            if (organization.Version != command.Version)
            {
                return new ConflictFailure(StaleMessage);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var input = command.Input;
            input.Normalize();
            var errors = OrganizationRules.Validate(input, now.Year);
            await OrganizationRules.CheckAgainstDatabaseAsync(db, input, organization.Id, errors, ct);
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }

            input.ApplyTo(organization);
            organization.UpdatedAt = now;
            organization.Version = command.Version + 1;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return new ConflictFailure(StaleMessage);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                errors.Add(nameof(input.Siren), $"Le SIREN {input.Siren} vient d'être enregistré pour un autre organisme.");
                return errors.ToFailure();
            }
            return organization.Version;
        }
    }
}
