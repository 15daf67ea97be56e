using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Organizations;

public static class GetOrganization
{
    public sealed record Details(Organization Organization, string? ExternalDpoName);

    public sealed class Handler(EgideDb db)
    {
        public async Task<Details?> Handle(Guid id, CancellationToken ct)
        {
            var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
            if (organization is null)
            {
                return null;
            }
            string? dpoName = null;
            if (organization.Dpo.ExternalOrganizationId is { } dpoId)
            {
                dpoName = await db.Organizations.Where(o => o.Id == dpoId).Select(o => o.Name).FirstOrDefaultAsync(ct);
            }
            return new Details(organization, dpoName ?? organization.Dpo.ExternalBodyName);
        }

        /// <summary>Finds an organisation named by its SIREN (spaces allowed) or its id, as people do on the CLI.</summary>
        public async Task<Guid?> FindByReference(string reference, CancellationToken ct)
        {
            if (Guid.TryParse(reference, out var id))
            {
                return await db.Organizations.AnyAsync(o => o.Id == id, ct) ? id : null;
            }
            var siren = Siren.Normalize(reference);
            if (!Siren.HasValidFormat(siren))
            {
                return null;
            }
            return await db.Organizations.Where(o => o.Siren == siren).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
        }

        /// <summary>Names and ids for the choice of an external DPO body (centres de gestion first).</summary>
        public async Task<IReadOnlyList<(Guid Id, string Name)>> ListDpoBodies(CancellationToken ct)
        {
            var rows = await db.Organizations.AsNoTracking()
                .OrderBy(o => o.Kind == OrganizationKind.ManagementCentre ? 0 : 1).ThenBy(o => o.SearchName)
                .Select(o => new { o.Id, o.Name })
                .ToListAsync(ct);
            return rows.Select(r => (r.Id, r.Name)).ToList();
        }
    }
}
