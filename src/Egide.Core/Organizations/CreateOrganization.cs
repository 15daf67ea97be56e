using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Organizations;

public static class CreateOrganization
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Guid>> Handle(OrganizationInput input, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            input.Normalize();
            var errors = OrganizationRules.Validate(input, now.Year);
            await OrganizationRules.CheckAgainstDatabaseAsync(db, input, self: null, errors, ct);
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }

            var organization = new Organization { CreatedAt = now, UpdatedAt = now, Version = 1 };
            input.ApplyTo(organization);
            db.Organizations.Add(organization);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                errors.Add(nameof(input.Siren), $"Le SIREN {input.Siren} vient d'être enregistré pour un autre organisme.");
                return errors.ToFailure();
            }
            return organization.Id;
        }
    }
}
