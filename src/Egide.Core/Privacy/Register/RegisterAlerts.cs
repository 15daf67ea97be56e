using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Mail;
using Egide.Core.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Egide.Core.Privacy.Register;

/// <summary>
/// Keeps the stored alerts in step with what <see cref="RegisterRules"/> find, and tells the controller about new
/// ones through the outbox, in the transaction of the change that raised them.
/// </summary>
public static class RegisterAlerts
{
    /// <summary>
    /// Adds the alerts newly found for <paramref name="subjects"/> (null: every subject of the organisation) and
    /// resolves those no longer found. Nothing is saved here: the caller's SaveChanges commits it with its change.
    /// </summary>
    /// <param name="noneOpen">The subjects are new (an entry being created): none can have a stored alert, nothing to read.</param>
    /// <returns>The alerts added.</returns>
    public static async Task<List<RegisterAlert>> ApplyAsync(
        EgideDb db, IReadOnlyCollection<string>? subjects, IEnumerable<Finding> findings, DateTime now, CancellationToken ct, bool noneOpen = false)
    {
        var query = db.RegisterAlerts.Where(a => a.ResolvedAt == null);
        if (subjects is not null)
        {
            query = query.Where(a => subjects.Contains(a.SubjectKey));
        }
        var open = noneOpen && subjects is not null ? [] : await query.ToListAsync(ct);
        var byKey = open.ToDictionary(a => (a.RuleCode, a.SubjectKey));
        var found = new HashSet<(string, string)>();
        var added = new List<RegisterAlert>();
        foreach (var finding in findings)
        {
            if (!found.Add((finding.RuleCode, finding.SubjectKey)))
            {
                continue;
            }
            if (byKey.TryGetValue((finding.RuleCode, finding.SubjectKey), out var existing))
            {
                // Same non-conformity, maybe worded with fresher details (the categories still missing…).
                existing.Message = finding.Message;
                existing.SubjectName = Truncate(finding.SubjectName, 300);
                continue;
            }
            var alert = new RegisterAlert
            {
                OrganizationId = db.TenantOrganizationId,
                RuleCode = finding.RuleCode,
                SubjectKey = finding.SubjectKey,
                ActivityId = finding.ActivityId,
                ProcessorId = finding.ProcessorId,
                SubjectName = Truncate(finding.SubjectName, 300),
                Message = Truncate(finding.Message, 2000),
                Article = finding.Article,
                RaisedAt = now,
            };
            db.RegisterAlerts.Add(alert);
            added.Add(alert);
        }
        foreach (var alert in open.Where(a => !found.Contains((a.RuleCode, a.SubjectKey))))
        {
            alert.ResolvedAt = now;
        }
        return added;
    }

    /// <summary>
    /// Writes to the outbox one dated mail per controller listing <paramref name="added"/> (to the organisation's
    /// Admins when no controller is in Egide yet), and marks the alerts notified; with nobody to write to, leaves
    /// them unnotified for a later check.
    /// </summary>
    public static async Task NotifyAsync(EgideDb db, EgideSettings settings, TimeProvider clock, IReadOnlyList<RegisterAlert> added, CancellationToken ct)
    {
        if (added.Count == 0)
        {
            return;
        }
        var organizationId = db.TenantOrganizationId;
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(ct);
        var members = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.Roles, u.Email, u.DisplayName })
            .ToListAsync(ct);
        var recipients = members.Where(m => m.Roles.HasFlag(OrganizationRoles.Controller)).ToList();
        if (recipients.Count == 0)
        {
            recipients = members.Where(m => m.Roles.HasFlag(OrganizationRoles.Admin)).ToList();
        }
        recipients = recipients.Where(r => EmailAddress.IsValid(r.Email ?? "")).ToList();
        if (recipients.Count == 0)
        {
            return; // nobody to tell yet: the alerts stay unsignalled, and the next check tells whoever is there then
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var link = new Uri(settings.PublicUrl, "/registre/alertes");
        var lines = string.Join("\n", added.Select(a => $"- {a.SubjectName} : {a.Message} ({a.Article})"));
        foreach (var recipient in recipients)
        {
            db.Enqueue(new MailDraft(recipient.Email!,
                $"Egide : {(added.Count == 1 ? "une alerte" : $"{added.Count} alertes")} de non-conformité du registre – {organization}",
                $"""
                Bonjour {recipient.DisplayName},

                Le {FrenchFormat.DateAndTime(now)}, Egide a relevé dans le registre des activités de traitement de {organization} :

                {lines}

                En tant que responsable de traitement, vous décidez des suites à donner. Prenez connaissance de ces alertes et accusez-en réception :
                {link}
                """,
                Key: $"register-alerts:{added[0].Id:D}:{recipient.Email!.ToLowerInvariant()}",
                OrganizationId: organizationId), clock);
        }
        foreach (var alert in added)
        {
            alert.NotifiedAt = now;
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}

/// <summary>The controller acknowledges an alert: recorded with who and when.</summary>
public static class AcknowledgeRegisterAlert
{
    public sealed class Handler(EgideDb db, TimeProvider clock)
    {
        public async Task<Result<RegisterAlert>> Handle(Guid alertId, RegisterActor actor, CancellationToken ct)
        {
            var alert = await db.RegisterAlerts.FirstOrDefaultAsync(a => a.Id == alertId, ct);
            if (alert is null)
            {
                return new NotFoundFailure("Cette alerte n'existe pas.");
            }
            if (!actor.CanAcknowledge)
            {
                return new ForbiddenFailure("Seul le responsable de traitement (Maire, Président ou son délégué) accuse réception des alertes.");
            }
            if (alert.AcknowledgedAt is null)
            {
                alert.AcknowledgedAt = clock.GetUtcNow().UtcDateTime;
                alert.AcknowledgedById = actor.UserId;
                alert.AcknowledgedByName = actor.Name;
                await db.SaveChangesAsync(ct);
            }
            return alert;
        }
    }
}

/// <summary>Re-runs every rule of an organisation: the time-based ones (reviews, drafts) change with the calendar alone.</summary>
public static class CheckRegister
{
    public sealed class Handler(EgideDb db, EgideSettings settings, TimeProvider clock)
    {
        /// <returns>How many alerts were raised.</returns>
        public async Task<int> Handle(CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var catalogs = await RegisterCatalogs.LoadAsync(db, ct);
            var facts = catalogs.Facts(now);
            var organizationId = db.TenantOrganizationId;
            var organization = await db.Organizations.AsNoTracking().Include(o => o.Referents).SingleAsync(o => o.Id == organizationId, ct);
            var activities = await db.ProcessingActivities.AsNoTracking().Where(a => a.Status != ActivityStatus.Archived).ToListAsync(ct);
            var processors = await db.Processors.AsNoTracking().Where(p => p.ArchivedAt == null).ToListAsync(ct);
            var findings = activities.SelectMany(a => RegisterRules.ForActivity(a, facts))
                .Concat(processors.SelectMany(p => RegisterRules.ForProcessor(p, facts)))
                .Concat(RegisterRules.ForOrganization(organization));
            var added = await RegisterAlerts.ApplyAsync(db, null, findings, now, ct);
            // Open alerts nobody could be told about (no controller nor Admin in Egide then) go with the new ones.
            var untold = db.RegisterAlerts.Local.Where(a => a.ResolvedAt == null && a.NotifiedAt == null && !added.Contains(a)).ToList();
            await RegisterAlerts.NotifyAsync(db, settings, clock, [.. untold.OrderBy(a => a.RaisedAt), .. added], ct);
            await db.SaveChangesAsync(ct);
            return added.Count;
        }
    }
}
