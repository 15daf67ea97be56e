using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register;

/// <summary>What a person writes about a processor.</summary>
public sealed record ProcessorInput
{
    public string Name { get; init; } = "";
    public string? Siren { get; init; }
    public string? Address { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    public string? DpoName { get; init; }
    public string? DpoEmail { get; init; }
    public DateOnly? ContractDate { get; init; }
    public string? ContractReference { get; init; }
    public Article28Clauses Clauses { get; init; }
    public string? SubProcessors { get; init; }
    public string? DataLocation { get; init; }
    public IReadOnlyList<TransferUse> Transfers { get; init; } = [];

    public static ProcessorInput Of(Processor p) => new()
    {
        Name = p.Name, Siren = p.Siren, Address = p.Address, ContactName = p.ContactName, ContactEmail = p.ContactEmail,
        ContactPhone = p.ContactPhone, DpoName = p.DpoName, DpoEmail = p.DpoEmail, ContractDate = p.ContractDate,
        ContractReference = p.ContractReference, Clauses = p.Clauses, SubProcessors = p.SubProcessors,
        DataLocation = p.DataLocation, Transfers = p.Transfers,
    };
}

/// <summary>Adds a processor to the organisation's register of processors, or changes one (optimistic concurrency).</summary>
public static class SaveProcessor
{
    /// <param name="Id">Null: a new processor.</param>
    public sealed record Command(Guid? Id, int Version, ProcessorInput Input);

    public sealed class Handler(EgideDb db, EgideSettings settings, TimeProvider clock)
    {
        public async Task<Result<Guid>> Handle(Command command, RegisterActor actor, CancellationToken ct)
        {
            if (db.TenantOrganizationId == Guid.Empty)
            {
                throw new InvalidOperationException("No organisation: call EgideDb.UseOrganization first.");
            }
            Processor? processor = null;
            if (command.Id is { } id)
            {
                processor = await db.Processors.FirstOrDefaultAsync(p => p.Id == id, ct);
                if (processor is null)
                {
                    return new NotFoundFailure("Ce sous-traitant n'existe pas dans le registre de l'organisme.");
                }
            }
            if (!actor.CanEdit)
            {
                return RegisterActor.NotAKeeper;
            }
            if (processor is not null && processor.Version != command.Version)
            {
                return Stale;
            }
            var input = command.Input with
            {
                Name = command.Input.Name.Trim(),
                Siren = string.IsNullOrWhiteSpace(command.Input.Siren) ? null : Siren.Normalize(command.Input.Siren),
                ContactEmail = Blank(command.Input.ContactEmail),
                DpoEmail = Blank(command.Input.DpoEmail),
            };
            var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
            var errors = Check(input, catalogs);
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            var now = clock.GetUtcNow().UtcDateTime;
            if (processor is null)
            {
                processor = new Processor { OrganizationId = db.TenantOrganizationId, CreatedAt = now, Version = 1 };
                db.Processors.Add(processor);
            }
            else
            {
                processor.Version++;
            }
            processor.Rename(input.Name);
            processor.Siren = input.Siren;
            processor.Address = Blank(input.Address);
            processor.ContactName = Blank(input.ContactName);
            processor.ContactEmail = input.ContactEmail;
            processor.ContactPhone = Blank(input.ContactPhone);
            processor.DpoName = Blank(input.DpoName);
            processor.DpoEmail = input.DpoEmail;
            processor.ContractDate = input.ContractDate;
            processor.ContractReference = Blank(input.ContractReference);
            processor.Clauses = input.Clauses & Article28Clauses.All;
            processor.SubProcessors = Blank(input.SubProcessors);
            processor.DataLocation = Blank(input.DataLocation);
            processor.Transfers = input.Transfers;
            processor.UpdatedAt = now;

            var added = await RegisterAlerts.ApplyAsync(db, [RegisterRules.SubjectOf(processor)], RegisterRules.ForProcessor(processor, catalogs.Facts(now)), now, ct);
            await RegisterAlerts.NotifyAsync(db, settings, clock, added, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Stale;
            }
            return processor.Id;
        }

        private static ValidationErrors Check(ProcessorInput input, RegisterCatalogs catalogs)
        {
            var errors = new ValidationErrors();
            if (input.Name.Length is 0 or > 300)
            {
                errors.Add(nameof(input.Name), "Indiquez le nom du sous-traitant (300 caractères au plus).");
            }
            if (input.Siren is not null && !(Siren.HasValidFormat(input.Siren) && Siren.HasValidCheckDigit(input.Siren)))
            {
                errors.Add(nameof(input.Siren), "Le SIREN compte 9 chiffres et sa clé doit être juste.");
            }
            if (input.ContactEmail is not null && !EmailAddress.IsValid(input.ContactEmail))
            {
                errors.Add(nameof(input.ContactEmail), "L'adresse électronique du contact n'est pas valide.");
            }
            if (input.DpoEmail is not null && !EmailAddress.IsValid(input.DpoEmail))
            {
                errors.Add(nameof(input.DpoEmail), "L'adresse électronique du DPO n'est pas valide.");
            }
            if (input.SubProcessors?.Length > 4000)
            {
                errors.Add(nameof(input.SubProcessors), "La liste des sous-traitants ultérieurs tient en 4 000 caractères au plus.");
            }
            if (input.DataLocation?.Length > 1000)
            {
                errors.Add(nameof(input.DataLocation), "La localisation des données tient en 1 000 caractères au plus.");
            }
            for (var i = 0; i < input.Transfers.Count; i++)
            {
                var t = input.Transfers[i];
                if (string.IsNullOrWhiteSpace(t.Recipient))
                {
                    errors.Add($"Transfers[{i}].Recipient", "Indiquez l'organisme destinataire du transfert.");
                }
                if (!catalogs.Countries.ContainsKey(t.CountryCode))
                {
                    errors.Add($"Transfers[{i}].CountryCode", $"Pays inconnu : « {t.CountryCode} ».");
                }
            }
            return errors;
        }

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public static readonly ConflictFailure Stale = new(
        "Quelqu'un a modifié ce sous-traitant depuis que vous l'avez ouvert : rien n'a été enregistré. Rechargez la page pour voir ses changements.");
}

/// <summary>The organisation no longer uses a processor: kept in the register, out of the lists and the rules.</summary>
public static class ArchiveProcessor
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Guid>> Handle(Guid id, int version, RegisterActor actor, CancellationToken ct)
        {
            var processor = await db.Processors.FirstOrDefaultAsync(p => p.Id == id, ct);
            if (processor is null)
            {
                return new NotFoundFailure("Ce sous-traitant n'existe pas dans le registre de l'organisme.");
            }
            if (!actor.CanEdit)
            {
                return RegisterActor.NotAKeeper;
            }
            if (processor.Version != version)
            {
                return SaveProcessor.Stale;
            }
            if (await db.ActivityProcessors.AnyAsync(l => l.ProcessorId == id, ct)
                && await db.ProcessingActivities.AnyAsync(a => a.Status != ActivityStatus.Archived
                    && db.ActivityProcessors.Any(l => l.ProcessorId == id && l.ActivityId == a.Id), ct))
            {
                return new ConflictFailure("Des fiches du registre confient encore des données à ce sous-traitant : retirez-le d'abord de leurs destinataires.");
            }
            if (processor.ArchivedAt is null)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                processor.ArchivedAt = now;
                processor.UpdatedAt = now;
                processor.Version++;
                var subject = RegisterRules.SubjectOf(processor);
                await RegisterAlerts.ApplyAsync(db, [subject], [], now, ct);
                await db.SaveChangesAsync(ct);
            }
            return processor.Id;
        }
    }
}
