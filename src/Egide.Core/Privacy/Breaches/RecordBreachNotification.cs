using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Breaches;

/// <summary>
/// Records a notification made to the CNIL, with the text sent (assembled from the breach as it stands) and the number
/// the CNIL gave back. Past 72 hours, the reasons for the delay go with it (art. 33(1)). One complete or initial
/// notification per breach, then complementary ones, even once the breach is closed; once recorded, a notification does not change.
/// </summary>
public static class RecordBreachNotification
{
    /// <param name="DelayReason">The reasons for the delay, if not already recorded on the breach (they are kept there).</param>
    public sealed record Command(Guid Id, NotificationKind Kind, DateTime? NotifiedAt, string? CnilReference, string? DelayReason = null);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<Guid>> Handle(Command command, Register.RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(actor);
            var access = await BreachAccess.ForNotificationAsync(db, command.Id, command.Kind, actor, ct);
            if (!access.IsSuccess)
            {
                return access.Failure!;
            }
            var breach = access.Value;
            var now = clock.GetUtcNow().UtcDateTime;
            var previous = await db.BreachNotifications.AsNoTracking().Where(n => n.BreachId == breach.Id).OrderBy(n => n.NotifiedAt).ToListAsync(ct);
            var errors = new ValidationErrors();
            var delayReason = BreachInputRules.Blank(command.DelayReason) ?? breach.DelayReason;
            var cnilReference = BreachInputRules.Blank(command.CnilReference);
            if (breach.Decision == NotificationDecision.DoNotNotify)
            {
                errors.Add(nameof(command.Kind), "La décision enregistrée est de ne pas notifier la CNIL : changez d'abord la décision.");
            }
            if (!Enum.IsDefined(command.Kind))
            {
                errors.Add(nameof(command.Kind), "Choisissez le type de notification : complète, initiale ou complémentaire.");
            }
            else if (command.Kind is NotificationKind.Complete or NotificationKind.Initial
                && previous.Any(n => n.Kind is NotificationKind.Complete or NotificationKind.Initial))
            {
                errors.Add(nameof(command.Kind), "Une notification complète ou initiale est déjà enregistrée pour cette violation : les suivantes sont complémentaires.");
            }
            else if (command.Kind == NotificationKind.Complementary
                && !previous.Any(n => n.Kind == NotificationKind.Initial && (command.NotifiedAt is not { } at || n.NotifiedAt <= Periods.AsUtc(at))))
            {
                errors.Add(nameof(command.Kind), "Une notification complémentaire complète une notification initiale : enregistrez d'abord la notification initiale.");
            }
            if (command.NotifiedAt is not { } notifiedAt)
            {
                errors.Add(nameof(command.NotifiedAt), "Indiquez la date et l'heure de la notification à la CNIL.");
            }
            else
            {
                notifiedAt = Periods.AsUtc(notifiedAt);
                if (notifiedAt < Periods.AsUtc(breach.AwareAt))
                {
                    errors.Add(nameof(command.NotifiedAt), "La notification ne peut pas précéder la prise de connaissance de la violation.");
                }
                else if (notifiedAt > now + BreachInputRules.ClockSkew)
                {
                    errors.Add(nameof(command.NotifiedAt), "La notification ne peut pas être dans le futur : enregistrez-la une fois faite.");
                }
                else if (HoursClock.CnilBreach(breach.AwareAt).IsOverdue(BreachNotificationContent.FirstNotifiedAt(command.Kind, notifiedAt, previous))
                    && delayReason is null)
                {
                    errors.Add(nameof(command.DelayReason),
                        "La notification est faite plus de 72 heures après la prise de connaissance : indiquez les motifs du retard (article 33(1) du RGPD).");
                }
            }
            if (cnilReference?.Length > 100)
            {
                errors.Add(nameof(command.CnilReference), "Le numéro donné par la CNIL tient en 100 caractères au plus.");
            }
            if (delayReason?.Length > DataBreach.TextMaxLength)
            {
                errors.Add(nameof(command.DelayReason), "Les motifs du retard tiennent en 8 000 caractères au plus.");
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }

            var when = Periods.AsUtc(command.NotifiedAt!.Value);
            breach.DelayReason = delayReason;
            if (breach.Decision == NotificationDecision.Pending)
            {
                breach.Decision = NotificationDecision.Notify;
                breach.DecidedAt = now;
                breach.DecidedByName = actor.Name;
            }
            var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == breach.OrganizationId, ct);
            var activities = await BreachQueries.ActivityNamesAsync(db, breach.Id, ct);
            var notification = new BreachNotification
            {
                OrganizationId = breach.OrganizationId,
                BreachId = breach.Id,
                Kind = command.Kind,
                NotifiedAt = when,
                CnilReference = cnilReference,
                Content = BreachNotificationContent.Assemble(breach, organization, activities, command.Kind, when, previous, actor.Name),
                RecordedAt = now,
                RecordedByName = actor.Name,
            };
            db.BreachNotifications.Add(notification);
            var saved = await BreachFailures.SaveAsync(db, breach, now, ct);
            return saved.IsSuccess ? notification.Id : saved.Failure!;
        }
    }
}
