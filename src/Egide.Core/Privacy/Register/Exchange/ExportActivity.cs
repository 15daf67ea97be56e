using Egide.Core.Audit;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register.Exchange;

/// <summary>
/// One activity of the context's organisation as a PDF (<see cref="RegisterPdf.Activity"/>), as it stands now,
/// archived or not, its download recorded in the audit trail. The caller has checked that the person may read the register.
/// </summary>
public static class ExportActivity
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        /// <returns>The file, or null when the organisation has no such activity.</returns>
        public async Task<ExportedFile?> Handle(Guid id, CancellationToken ct)
        {
            var activity = await db.ProcessingActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
            if (activity is null)
            {
                return null;
            }
            var holder = await RegisterPdf.HolderAsync(db, ct);
            var context = new FlatRegister.FlatContext(
                await RegisterCatalogs.LoadAsync(db, ct),
                await db.Processors.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct));
            var now = clock.GetUtcNow().UtcDateTime;
            var content = RegisterPdf.Activity(holder, ActivitySnapshot.Of(activity), context, now);
            var name = $"fiche-{ExportRegister.Slug(activity.Reference)}-{Deadlines.Periods.ParisDate(now):yyyy-MM-dd}.pdf";
            AuditTrail.Record(db, AuditEvent.Downloaded(nameof(ProcessingActivity), activity.Id, activity.OrganizationId, name));
            await db.SaveChangesAsync(ct);
            return new ExportedFile(name, RegisterPdf.ContentType, content, 1);
        }
    }
}
