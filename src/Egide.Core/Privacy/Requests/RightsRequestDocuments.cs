using Egide.Core.Audit;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Requests;

/// <summary>Keeps a file with a request (the letter received, the proof of identity, the answer sent), open or closed. Never deleted.</summary>
public static class AddRightsRequestDocument
{
    public sealed record Command(Guid RequestId, string FileName, string? ContentType, byte[] Content, string? Description);

    public static string MaxSizeText => $"{RightsRequestDocument.MaxBytes / (1024 * 1024)} Mo";

    public static ValidationFailure TooLarge() => new(new Dictionary<string, string[]>
    {
        ["File"] = [$"Le fichier dépasse {MaxSizeText}, la taille maximale d'un document joint à une demande."],
    });

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Guid>> Handle(Command command, RegisterActor actor, CancellationToken ct)
        {
            RightsRequestRules.RequireOrganization(db);
            if (!actor.CanSeeRequests)
            {
                return RegisterActor.NotCaseworker;
            }
            if (!await db.RightsRequests.AnyAsync(r => r.Id == command.RequestId, ct))
            {
                return RightsRequestRules.NotFound;
            }
            if (!actor.CanHandleCasework)
            {
                return RecordRightsRequest.NotHandler;
            }
            if (command.Content.LongLength > RightsRequestDocument.MaxBytes)
            {
                return TooLarge();
            }
            var errors = new ValidationErrors();
            var fileName = Path.GetFileName(command.FileName?.Trim() ?? "");
            if (command.Content.Length == 0 || fileName.Length == 0)
            {
                errors.Add("File", "Choisissez le fichier à joindre (il ne peut pas être vide).");
            }
            var description = RightsRequestRules.Blank(command.Description);
            if (description?.Length > 500)
            {
                errors.Add(nameof(command.Description), "La description du document tient en 500 caractères au plus.");
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            var contentType = string.IsNullOrWhiteSpace(command.ContentType) || command.ContentType.Length > 200
                ? "application/octet-stream"
                : command.ContentType.Trim();
            var document = new RightsRequestDocument
            {
                OrganizationId = db.TenantOrganizationId,
                RequestId = command.RequestId,
                FileName = fileName.Length > 260 ? fileName[^260..] : fileName,
                ContentType = contentType,
                Content = command.Content,
                Size = command.Content.LongLength,
                Description = description,
                AddedAt = clock.GetUtcNow().UtcDateTime,
                AddedByName = string.IsNullOrWhiteSpace(actor.Name) ? "Egide" : actor.Name,
            };
            db.RightsRequestDocuments.Add(document);
            await db.SaveChangesAsync(ct);
            return document.Id;
        }
    }
}

/// <summary>One document of a request, to download; only from the organisation the context works in.</summary>
public static class GetRightsRequestDocument
{
    public sealed record File(string FileName, string ContentType, byte[] Content);

    public sealed class Handler(EgideDb db)
    {
        public async Task<Result<File>> Handle(Guid requestId, Guid documentId, RegisterActor actor, CancellationToken ct)
        {
            RightsRequestRules.RequireOrganization(db);
            if (!actor.CanSeeRequests)
            {
                return RegisterActor.NotCaseworker;
            }
            var file = await db.RightsRequestDocuments.AsNoTracking().Where(d => d.Id == documentId && d.RequestId == requestId)
                .Select(d => new File(d.FileName, d.ContentType, d.Content)).FirstOrDefaultAsync(ct);
            if (file is null)
            {
                return new NotFoundFailure("Ce document n'existe pas parmi ceux de la demande.");
            }
            // Often a proof of identity: who opened it is recorded.
            AuditTrail.Record(db, AuditEvent.Downloaded(nameof(RightsRequestDocument), documentId, db.TenantOrganizationId, file.FileName, ("Request", requestId)));
            await db.SaveChangesAsync(ct);
            return file;
        }
    }
}
