using Egide.Core.Data;
using Egide.Core.Privacy.Register.Exchange;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Register.Import;

/// <summary>The files waiting between upload and confirmation, in the context's organisation (a foreign id is simply not found).</summary>
public static class ImportUploads
{
    public static Task<RegisterImportUpload?> FindAsync(EgideDb db, Guid id, TimeProvider clock, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime - RegisterImportUpload.Lifetime;
        return db.Set<RegisterImportUpload>().SingleOrDefaultAsync(u => u.Id == id && u.UploadedAt > since, ct);
    }
}
