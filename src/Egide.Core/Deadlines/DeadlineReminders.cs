using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Deadlines;

/// <summary>
/// Reminds the people in charge of the deadlines that come near: a rights request 7 days and 2 days before its due date
/// (Paris calendar days), a breach's CNIL clock at 24, 48 and 66 hours after awareness. Only the most urgent step
/// reached is sent: a request recorded 2 days before its due date, or a worker that was down for two marks, gives one
/// mail, not two. Each mail has a key naming the deadline, its due date (or instant), the step and the recipient: a
/// pass sends what no earlier pass sent, and a due date that moves (an extension) gets reminders of its own.
/// </summary>
public static class DeadlineReminders
{
    /// <summary>The steps of a rights request's reminders: days left on the Paris calendar, most urgent first.</summary>
    public static readonly IReadOnlyList<int> RequestReminderDays = [2, 7];

    /// <summary>Who is reminded of a request's answer (the DPO, the referent who logs requests).</summary>
    public const OrganizationRoles RequestRecipients = OrganizationRoles.Dpo | OrganizationRoles.PrivacyReferent;

    /// <summary>Who is reminded of a breach's CNIL clock: the controller decides on the notification, the CISO acts on the incident.</summary>
    public const OrganizationRoles BreachRecipients =
        OrganizationRoles.Dpo | OrganizationRoles.PrivacyReferent | OrganizationRoles.Controller | OrganizationRoles.Ciso;

    /// <summary>The key of one reminder mail (see <see cref="OutboxMessage.Key"/>).</summary>
    public static string Key(Deadline deadline, string step, string email)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        var due = deadline.DueDate is { } day
            ? day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            : deadline.DueAt.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        var key = $"reminder:{deadline.Key}:{due}:{step}:{email.ToLowerInvariant()}";
        // A very long address would pass the column's length: its digest names the recipient just as well.
        return key.Length <= OutboxMessage.KeyMaxLength
            ? key
            : $"reminder:{deadline.Key}:{due}:{step}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())))}";
    }

    public sealed class Handler(EgideDb db, EgideSettings settings, TimeProvider clock)
    {
        /// <summary>
        /// Enqueues the reminders now due for the organisation the context works in, and saves them.
        /// Safe on several instances: a key already saved is skipped; when another instance saves the same key between
        /// this one's check and its save (a unique violation), nothing of this pass is saved and it counts 0.
        /// </summary>
        /// <returns>How many mails were enqueued.</returns>
        public async Task<int> Handle(CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var today = Periods.ParisDate(now);
            // The widest step is 7 days; every breach whose first mark (24 h) is reached is due within 48 hours.
            var deadlines = await OrganizationDeadlines.ListAsync(db, Periods.EndOfParisDay(today.AddDays(RequestReminderDays.Max())), ct);
            var due = deadlines.Select(d => (Deadline: d, Step: StepDue(d, now))).Where(d => d.Step is not null).ToList();
            if (due.Count == 0)
            {
                return 0;
            }

            var organizationId = db.TenantOrganizationId;
            var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(ct);
            var members = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new Member(m.Roles, u.Email, u.DisplayName))
                .ToListAsync(ct);

            var enqueued = 0;
            foreach (var (deadline, step) in due)
            {
                foreach (var recipient in Recipients(members, deadline.Kind))
                {
                    var key = Key(deadline, step!, recipient.Email!);
                    if (await db.IsEnqueuedAsync(key, ct))
                    {
                        continue;
                    }
                    var (subject, body) = Compose(deadline, step!, recipient, organization, now);
                    db.Enqueue(new MailDraft(recipient.Email!, subject, body, Key: key, OrganizationId: organizationId), clock);
                    enqueued++;
                }
            }
            if (enqueued == 0)
            {
                return 0;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // Another instance enqueued the same reminder first: it is sent once, by that one. What else this pass
                // had found is enqueued by whichever pass comes next (in minutes), and keys keep it single.
                db.ChangeTracker.Clear();
                return 0;
            }
            return enqueued;
        }

        /// <summary>The most urgent step reached, or null when none is (the key tells whether it was already sent).</summary>
        internal static string? StepDue(Deadline deadline, DateTime nowUtc)
        {
            if (deadline.DueDate is { } dueDate)
            {
                var left = Periods.DaysLeft(dueDate, nowUtc);
                return RequestReminderDays.Where(days => left <= days).Select(days => $"{days}d").FirstOrDefault();
            }
            // The CNIL clock started 72 hours before it falls due, when the organisation became aware.
            return HoursClock.CnilBreach(deadline.DueAt - HoursClock.CnilBreachNotification).MarksReached(nowUtc, HoursClock.BreachReminderMarks) is [.., var last]
                ? $"{(int)last.TotalHours}h"
                : null;
        }

        private static List<Member> Recipients(List<Member> members, DeadlineKind kind)
        {
            var roles = kind == DeadlineKind.RightsRequestAnswer ? RequestRecipients : BreachRecipients;
            var reachable = members.Where(m => EmailAddress.IsValid(m.Email)).ToList();
            var chosen = reachable.Where(m => (m.Roles & roles) != 0).ToList();
            if (chosen.Count == 0)
            {
                // Nobody holds those roles yet (or can be written to): the organisation's administrators hear of it.
                chosen = reachable.Where(m => m.Roles.HasFlag(OrganizationRoles.Admin)).ToList();
            }
            return [.. chosen.DistinctBy(m => m.Email!.ToLowerInvariant()).OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase)];
        }

        private (string Subject, string Body) Compose(Deadline deadline, string step, Member recipient, string organization, DateTime now)
        {
            var link = new Uri(settings.PublicUrl, deadline.Path);
            if (deadline.DueDate is { } dueDate)
            {
                var state = DeadlineState.Describe(deadline, now);
                var overdue = deadline.IsOverdue(now);
                return (
                    $"Demande {deadline.Reference} : réponse due le {FrenchFormat.Date(dueDate)} ({state})",
                    $"""
                    Bonjour {recipient.DisplayName},

                    {deadline.Title} ({organization}) : la réponse à la personne est due le {FrenchFormat.Date(dueDate)}, {(overdue ? "délai dépassé" : "soit " + state)}.

                    {(overdue
                        ? "Répondez sans attendre : passé ce délai, la personne peut saisir la CNIL (RGPD, art. 12(3) et 77)."
                        : "Si la réponse demande plus de temps, le délai peut être prolongé de deux mois au plus, à condition d'en informer la personne avec les motifs dans le premier mois (RGPD, art. 12(3)).")}

                    Suivre la demande :
                    {link}

                    Vous recevez ce rappel ({(step == "2d" ? "2 jours" : "7 jours")} avant l'échéance) en tant que membre de {organization} chargé des demandes d'exercice de droits.
                    """);
            }

            var left = DeadlineState.Describe(deadline, now);
            var hours = step.TrimEnd('h');
            return (
                $"Violation {deadline.Reference} : {hours} heures écoulées, notification à la CNIL due le {FrenchFormat.DateAndTime(deadline.DueAt)} ({left})",
                $"""
                Bonjour {recipient.DisplayName},

                {organization} a eu connaissance de la violation de données {deadline.Reference} il y a {hours} heures ou plus. Sauf si elle ne présente pas de risque pour les droits et libertés des personnes, elle doit être notifiée à la CNIL dans les 72 heures (RGPD, art. 33) : au plus tard le {FrenchFormat.DateAndTime(deadline.DueAt)} ({left}).

                Notifiez-la sur le téléservice de la CNIL (une notification initiale suffit, à compléter ensuite), ou enregistrez la décision de ne pas notifier avec sa justification ; puis reportez-le dans Egide :
                {link}

                Vous recevez ce rappel en tant que membre de {organization} concerné par les violations de données.
                """);
        }

        private sealed record Member(OrganizationRoles Roles, string? Email, string DisplayName);
    }
}

/// <summary>How far a deadline is, as the reminders and <c>egide deadlines</c> say it.</summary>
public static class DeadlineState
{
    /// <summary>
    /// A due date in Paris calendar days: « dans 5 jours », « dans 1 jour », « aujourd'hui », « en retard de 3 jours »;
    /// a clock in hours: « reste 12 h 30 min », « dépassé de 2 h 05 min ».
    /// </summary>
    public static string Describe(Deadline deadline, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        if (deadline.DueDate is { } dueDate)
        {
            var left = Periods.DaysLeft(dueDate, nowUtc);
            return left switch
            {
                0 => "aujourd'hui",
                > 0 => $"dans {Days(left)}",
                _ => $"en retard de {Days(-left)}",
            };
        }
        var remaining = deadline.DueAt - Periods.AsUtc(nowUtc);
        return remaining >= TimeSpan.Zero ? $"reste {FrenchFormat.Duration(remaining)}" : $"dépassé de {FrenchFormat.Duration(remaining)}";
    }

    private static string Days(int count) => $"{FrenchFormat.Number(count)} {(count < 2 ? "jour" : "jours")}";
}
