using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Register;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Requests;

public enum RightsRequestAction
{
    /// <summary>Received → in progress.</summary>
    Start,
    /// <summary>Proof of identity asked for (art. 12(6)), and received when it is.</summary>
    Identity,
    /// <summary>Two further months at most, told to the person within the first month (art. 12(3)).</summary>
    Extend,
    Answer,
    Refuse,
}

/// <summary>
/// Carries a request through: start, identity check, extension, answer or refusal. An answered or refused request is
/// closed: nothing more happens to it (documents can still be added).
/// </summary>
public static class ChangeRightsRequest
{
    /// <param name="AnsweredOn">The date of the answer, or of the refusal.</param>
    public sealed record Command(Guid Id, int Version, RightsRequestAction Action)
    {
        public DateOnly? IdentityProofRequestedOn { get; init; }
        public DateOnly? IdentityProofReceivedOn { get; init; }
        public DateOnly? ToldOn { get; init; }
        public int? ExtensionMonths { get; init; }
        public string? Reason { get; init; }
        public DateOnly? AnsweredOn { get; init; }
        public string? AnswerSummary { get; init; }
        public RefusalReason? RefusalReason { get; init; }
        public string? RefusalDetail { get; init; }
    }

    public static readonly ConflictFailure Closed = new("Cette demande est close (répondue ou refusée) : elle ne peut plus changer.");

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<int>> Handle(Command command, RegisterActor actor, CancellationToken ct)
        {
            var access = await RightsRequestRules.ForChangeAsync(db, command.Id, command.Version, actor, ct);
            if (!access.IsSuccess)
            {
                return access.Failure!;
            }
            var request = access.Value;
            if (!request.IsOpen)
            {
                return Closed;
            }
            var today = RightsRequestRules.Today(clock);
            var calendar = await RightsRequestRules.CalendarAsync(db, ct);
            var errors = new ValidationErrors();
            switch (command.Action)
            {
                case RightsRequestAction.Start:
                    if (request.Status != RightsRequestStatus.Received)
                    {
                        return new ConflictFailure("Le traitement de cette demande a déjà commencé.");
                    }
                    request.Status = RightsRequestStatus.InProgress;
                    break;
                case RightsRequestAction.Identity:
                    Identity(errors, request, command, today);
                    break;
                case RightsRequestAction.Extend:
                    Extend(errors, request, command, today, calendar);
                    break;
                case RightsRequestAction.Answer:
                    Answer(errors, request, command, today);
                    break;
                case RightsRequestAction.Refuse:
                    Refuse(errors, request, command, today);
                    break;
                default:
                    errors.Add(nameof(command.Action), "Action inconnue.");
                    break;
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            request.DueDate = RightsRequestClock.DueDate(request.ReceivedOn, request.ExtensionMonths, calendar);
            request.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            request.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return RightsRequestRules.Stale;
            }
            return request.Version;
        }

        private static void Identity(ValidationErrors errors, RightsRequest request, Command command, DateOnly today)
        {
            RightsRequestRules.CheckActionDate(errors, nameof(command.IdentityProofRequestedOn), command.IdentityProofRequestedOn, today,
                "Indiquez la date à laquelle le justificatif d'identité a été demandé.",
                "Le justificatif d'identité ne peut pas avoir été demandé avant la réception de la demande", request.ReceivedOn);
            if (command.IdentityProofReceivedOn is { } receivedOn)
            {
                if (command.IdentityProofRequestedOn is { } requestedOn && receivedOn < requestedOn)
                {
                    errors.Add(nameof(command.IdentityProofReceivedOn), $"Le justificatif ne peut pas avoir été reçu avant d'avoir été demandé ({FrenchFormat.Date(requestedOn)}).");
                }
                else if (receivedOn > today)
                {
                    errors.Add(nameof(command.IdentityProofReceivedOn), "Cette date ne peut pas être dans le futur.");
                }
            }
            if (errors.IsEmpty)
            {
                request.IdentityProofRequestedOn = command.IdentityProofRequestedOn;
                request.IdentityProofReceivedOn = command.IdentityProofReceivedOn;
            }
        }

        /// <summary>Recorded again within the first month, the new extension replaces the former (the clock refuses it later).</summary>
        private static void Extend(ValidationErrors errors, RightsRequest request, Command command, DateOnly today, HolidayCalendar calendar)
        {
            if (command.ToldOn is not { } toldOn)
            {
                errors.Add(nameof(command.ToldOn), "Indiquez la date à laquelle la personne a été informée de la prolongation.");
                return;
            }
            if (toldOn > today)
            {
                errors.Add(nameof(command.ToldOn), "La personne ne peut pas avoir été informée à une date future.");
            }
            var extended = RightsRequestClock.Extend(request.ReceivedOn, toldOn, command.ExtensionMonths ?? 0, command.Reason, calendar);
            if (extended.Failure is ValidationFailure failure)
            {
                foreach (var (field, messages) in failure.Errors)
                {
                    foreach (var message in messages)
                    {
                        errors.Add(field, message);
                    }
                }
            }
            if (command.Reason?.Length > 2000)
            {
                errors.Add(nameof(command.Reason), "Le motif de la prolongation tient en 2 000 caractères au plus.");
            }
            if (errors.IsEmpty)
            {
                request.ExtensionMonths = command.ExtensionMonths;
                request.ExtensionToldOn = toldOn;
                request.ExtensionReason = command.Reason!.Trim();
            }
        }

        private static void Answer(ValidationErrors errors, RightsRequest request, Command command, DateOnly today)
        {
            RightsRequestRules.CheckActionDate(errors, nameof(command.AnsweredOn), command.AnsweredOn, today,
                "Indiquez la date de la réponse.", "La réponse ne peut pas être datée d'avant la réception de la demande", request.ReceivedOn);
            var summary = RightsRequestRules.Blank(command.AnswerSummary);
            if (summary is null || summary.Length > RightsRequest.TextMaxLength)
            {
                errors.Add(nameof(command.AnswerSummary), $"Résumez ce qui a été répondu ou fait ({FrenchFormat.Number(RightsRequest.TextMaxLength)} caractères au plus).");
            }
            if (errors.IsEmpty)
            {
                request.Status = RightsRequestStatus.Answered;
                request.AnsweredOn = command.AnsweredOn;
                request.AnswerSummary = summary;
            }
        }

        private static void Refuse(ValidationErrors errors, RightsRequest request, Command command, DateOnly today)
        {
            RightsRequestRules.CheckActionDate(errors, nameof(command.AnsweredOn), command.AnsweredOn, today,
                "Indiquez la date du refus.", "Le refus ne peut pas être daté d'avant la réception de la demande", request.ReceivedOn);
            if (command.RefusalReason is not { } reason || !Enum.IsDefined(reason))
            {
                errors.Add(nameof(command.RefusalReason), "Choisissez le motif du refus.");
            }
            else if (reason == RefusalReason.IdentityNotEstablished && request.IdentityProofRequestedOn is null)
            {
                errors.Add(nameof(command.RefusalReason),
                    "Le refus pour identité non établie suppose qu'un justificatif d'identité ait été demandé : enregistrez d'abord cette demande de justificatif.");
            }
            var detail = RightsRequestRules.Blank(command.RefusalDetail);
            if (detail is null || detail.Length > RightsRequest.TextMaxLength)
            {
                errors.Add(nameof(command.RefusalDetail), $"Exposez les faits qui motivent le refus ({FrenchFormat.Number(RightsRequest.TextMaxLength)} caractères au plus).");
            }
            if (errors.IsEmpty)
            {
                request.Status = RightsRequestStatus.Refused;
                request.AnsweredOn = command.AnsweredOn;
                request.RefusalReason = command.RefusalReason;
                request.RefusalDetail = detail;
            }
        }
    }
}
