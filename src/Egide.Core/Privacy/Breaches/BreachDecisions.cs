using Egide.Core.Common;
using Egide.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Breaches;

/// <summary>
/// Decides whether the CNIL is notified (art. 33(1)): notify, or not — only when the breach is unlikely to result in a
/// risk, which is never the case of a high risk, and always with its reason (kept in the register, art. 33(5)).
/// </summary>
public static class DecideBreachNotification
{
    public sealed record Command(Guid Id, int Version, NotificationDecision Decision, string? Reason);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<int>> Handle(Command command, Register.RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(actor);
            var access = await BreachAccess.ForDecisionAsync(db, command.Id, command.Version, actor, ct);
            if (!access.IsSuccess)
            {
                return access.Failure!;
            }
            var breach = access.Value;
            var errors = new ValidationErrors();
            var reason = BreachInputRules.Blank(command.Reason);
            switch (command.Decision)
            {
                case NotificationDecision.Notify:
                    break;
                case NotificationDecision.DoNotNotify:
                    if (await db.BreachNotifications.AnyAsync(n => n.BreachId == breach.Id, ct))
                    {
                        errors.Add(nameof(command.Decision), "La CNIL a déjà reçu une notification de cette violation : la décision ne peut plus être de ne pas notifier.");
                    }
                    else if (breach.Risk == BreachRisk.HighRisk)
                    {
                        errors.Add(nameof(command.Decision), "Un risque élevé impose la notification à la CNIL : seule une violation peu susceptible d'engendrer un risque peut ne pas être notifiée.");
                    }
                    else if (breach.Risk == BreachRisk.NotAssessed)
                    {
                        errors.Add(nameof(command.Decision), "Évaluez d'abord le risque pour les personnes : ne pas notifier suppose qu'il soit peu probable.");
                    }
                    else if (reason is null)
                    {
                        errors.Add(nameof(command.Reason), breach.Risk == BreachRisk.Risk
                            ? "Un risque a été retenu : expliquez précisément pourquoi la violation n'est pourtant pas susceptible d'engendrer un risque pour les droits et libertés des personnes."
                            : "Indiquez pourquoi la violation n'est pas susceptible d'engendrer un risque pour les droits et libertés des personnes.");
                    }
                    break;
                default:
                    errors.Add(nameof(command.Decision), "Choisissez de notifier la CNIL ou de ne pas la notifier.");
                    break;
            }
            if (reason?.Length > DataBreach.TextMaxLength)
            {
                errors.Add(nameof(command.Reason), "La motivation tient en 8 000 caractères au plus.");
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            var now = clock.GetUtcNow().UtcDateTime;
            breach.Decision = command.Decision;
            breach.DecisionReason = reason;
            breach.DecidedAt = now;
            breach.DecidedByName = actor.Name;
            return await BreachFailures.SaveAsync(db, breach, now, ct);
        }
    }
}

/// <summary>
/// Records whether the persons are told (art. 34): informed (when and how), exempted (art. 34(3), high risk only), or
/// not required (the risk is not high).
/// </summary>
public static class RecordPersonsCommunication
{
    public sealed record Command(Guid Id, int Version, PersonsCommunication Communication, PersonsExemption? Exemption, DateOnly? InformedOn, string? Detail);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<int>> Handle(Command command, Register.RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(actor);
            var access = await BreachAccess.ForDecisionAsync(db, command.Id, command.Version, actor, ct);
            if (!access.IsSuccess)
            {
                return access.Failure!;
            }
            var breach = access.Value;
            var now = clock.GetUtcNow().UtcDateTime;
            var errors = new ValidationErrors();
            var detail = BreachInputRules.Blank(command.Detail);
            switch (command.Communication)
            {
                case PersonsCommunication.Informed:
                    if (command.InformedOn is not { } on)
                    {
                        errors.Add(nameof(command.InformedOn), "Indiquez la date à laquelle les personnes ont été informées.");
                    }
                    else if (on < Deadlines.Periods.ParisDate(breach.AwareAt))
                    {
                        errors.Add(nameof(command.InformedOn), "Les personnes ne peuvent pas avoir été informées avant la prise de connaissance de la violation.");
                    }
                    else if (on > Deadlines.Periods.ParisDate(now))
                    {
                        errors.Add(nameof(command.InformedOn), "La date d'information des personnes ne peut pas être dans le futur.");
                    }
                    if (detail is null)
                    {
                        errors.Add(nameof(command.Detail), "Indiquez comment les personnes ont été informées (courrier, courriel, avis public…) et ce qui leur a été dit.");
                    }
                    break;
                case PersonsCommunication.Exempted:
                    if (breach.Risk != BreachRisk.HighRisk)
                    {
                        errors.Add(nameof(command.Communication), "Les exemptions de l'article 34(3) ne concernent qu'un risque élevé : sinon, l'information des personnes n'est pas requise.");
                    }
                    if (command.Exemption is not { } exemption || !Enum.IsDefined(exemption))
                    {
                        errors.Add(nameof(command.Exemption), "Choisissez l'exemption de l'article 34(3) qui s'applique.");
                    }
                    if (detail is null)
                    {
                        errors.Add(nameof(command.Detail), "Justifiez l'exemption (chiffrement employé, mesures prises, communication publique faite…).");
                    }
                    break;
                case PersonsCommunication.NotRequired:
                    if (breach.Risk == BreachRisk.HighRisk)
                    {
                        errors.Add(nameof(command.Communication), "Un risque élevé impose d'informer les personnes (article 34) ou de justifier une exemption.");
                    }
                    else if (breach.Risk == BreachRisk.NotAssessed)
                    {
                        errors.Add(nameof(command.Communication), "Évaluez d'abord le risque pour les personnes : l'information n'est pas requise quand il n'est pas élevé.");
                    }
                    break;
                default:
                    errors.Add(nameof(command.Communication), "Choisissez : personnes informées, exemption, ou information non requise.");
                    break;
            }
            if (detail?.Length > DataBreach.TextMaxLength)
            {
                errors.Add(nameof(command.Detail), "Le détail tient en 8 000 caractères au plus.");
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            breach.PersonsCommunication = command.Communication;
            breach.PersonsExemption = command.Communication == PersonsCommunication.Exempted ? command.Exemption : null;
            breach.PersonsInformedOn = command.Communication == PersonsCommunication.Informed ? command.InformedOn : null;
            breach.PersonsCommunicationDetail = detail;
            return await BreachFailures.SaveAsync(db, breach, now, ct);
        }
    }
}

/// <summary>
/// Closes a breach with what was learned. Not before its obligations are settled: the CNIL decision taken and, when
/// notifying, a notification recorded; for a high risk, the persons informed or the exemption justified.
/// </summary>
public static class CloseDataBreach
{
    public sealed record Command(Guid Id, int Version, string? Summary);

    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<int>> Handle(Command command, Register.RegisterActor actor, CancellationToken ct)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(actor);
            var access = await BreachAccess.ForHandlingAsync(db, command.Id, command.Version, actor, ct);
            if (!access.IsSuccess)
            {
                return access.Failure!;
            }
            var breach = access.Value;
            var errors = new ValidationErrors();
            var summary = BreachInputRules.Blank(command.Summary);
            if (summary is null || summary.Length > DataBreach.TextMaxLength)
            {
                errors.Add(nameof(command.Summary), "Résumez ce qui a été fait et ce qui change (8 000 caractères au plus) avant de clore.");
            }
            if (breach.Decision == NotificationDecision.Pending)
            {
                errors.Add("Decision", "La décision de notifier ou non la CNIL n'est pas prise : la violation ne peut pas être close.");
            }
            else if (breach.Decision == NotificationDecision.Notify && !await db.BreachNotifications.AnyAsync(n => n.BreachId == breach.Id, ct))
            {
                errors.Add("Decision", "La notification à la CNIL est décidée mais n'est pas enregistrée : enregistrez-la avant de clore.");
            }
            if (breach.Risk == BreachRisk.HighRisk && breach.PersonsCommunication == PersonsCommunication.NotDecided)
            {
                errors.Add("PersonsCommunication", "Le risque est élevé : indiquez si les personnes ont été informées ou l'exemption qui s'applique avant de clore.");
            }
            if (!errors.IsEmpty)
            {
                return errors.ToFailure();
            }
            var now = clock.GetUtcNow().UtcDateTime;
            breach.ClosedAt = now;
            breach.ClosedByName = actor.Name;
            breach.ClosureSummary = summary;
            return await BreachFailures.SaveAsync(db, breach, now, ct);
        }
    }
}

internal static class BreachAccess
{
    /// <summary>The breach, for a decision by someone who may take it, on the version they read, while it is open.</summary>
    public static Task<Result<DataBreach>> ForDecisionAsync(
        EgideDb db, Guid id, int? version, Register.RegisterActor actor, CancellationToken ct) =>
        ForChangeAsync(db, id, version, actor, decision: true, ct);

    /// <summary>The breach, for a change by one of its handlers (the register's keepers), on the version read, while it is open.</summary>
    public static Task<Result<DataBreach>> ForHandlingAsync(
        EgideDb db, Guid id, int version, Register.RegisterActor actor, CancellationToken ct) =>
        ForChangeAsync(db, id, version, actor, decision: false, ct);

    /// <summary>
    /// The breach, for recording a notification made by someone who may decide. A closed breach still takes complementary
    /// notifications: the CNIL may ask for more long after the file was closed.
    /// </summary>
    public static async Task<Result<DataBreach>> ForNotificationAsync(
        EgideDb db, Guid id, NotificationKind kind, Register.RegisterActor actor, CancellationToken ct)
    {
        var access = await ForChangeAsync(db, id, null, actor, decision: true, ct, allowClosed: true);
        return access.IsSuccess && access.Value.IsClosed && kind != NotificationKind.Complementary
            ? BreachFailures.ClosedButComplementary
            : access;
    }

    /// <param name="version">Null: the change does not depend on what was read (a notification made is recorded whatever changed since).</param>
    private static async Task<Result<DataBreach>> ForChangeAsync(
        EgideDb db, Guid id, int? version, Register.RegisterActor actor, bool decision, CancellationToken ct, bool allowClosed = false)
    {
        if (!actor.CanSeeBreaches)
        {
            return Register.RegisterActor.NotCaseworker;
        }
        var breach = await db.DataBreaches.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (breach is null)
        {
            return BreachFailures.NotFound;
        }
        if (decision ? !actor.CanDecideBreach : !actor.CanHandleCasework)
        {
            return decision ? BreachFailures.NotDecider : BreachFailures.NotHandler;
        }
        if (version is { } read && breach.Version != read)
        {
            return BreachFailures.Stale;
        }
        if (breach.IsClosed && !allowClosed)
        {
            return BreachFailures.Closed;
        }
        return breach;
    }
}
