using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Requests;
using Egide.Web.Features.Privacy;
using Egide.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Deadlines;

/// <summary>
/// What the current organisation must do soon, on one page: late and soon-due rights requests, the breaches still open
/// with their CNIL clock, the register's open alerts. Each section for those whose roles let them see it.
/// </summary>
public sealed class DashboardModel(EgideDb db, CurrentUser user, TimeProvider clock) : PrivacyPage(user)
{
    /// <summary>« À échéance sous 7 jours ».</summary>
    public const int SoonDays = 7;

    public const int LatestAlerts = 5;

    public sealed record RequestLine(Guid Id, string Reference, string Kind, DateOnly DueDate, int DaysLeft, bool Extended)
    {
        /// <summary>« en retard de 3 jours », « aujourd'hui », « dans 1 jour ».</summary>
        public string Days => DaysLeft switch
        {
            < -1 => $"en retard de {-DaysLeft} jours",
            -1 => "en retard d'un jour",
            0 => "dernier jour aujourd'hui",
            1 => "dans 1 jour",
            _ => $"dans {DaysLeft} jours",
        };
    }

    public sealed record RequestTable(IReadOnlyList<RequestLine> Lines, string Caption);

    public sealed record BreachLine(Guid Id, string Reference, string Title, DateTime AwareAt, DateTime DueAt, string Clock, bool IsLate);

    public sealed record AlertLine(string Subject, string Rule, DateTime RaisedAt);

    public DateTime Now { get; private set; }

    public IReadOnlyList<RequestLine> Overdue { get; private set; } = [];

    public IReadOnlyList<RequestLine> DueSoon { get; private set; } = [];

    public RequestTable OverdueTable => new(Overdue, "Demandes de droits dont le délai de réponse est dépassé");

    public RequestTable DueSoonTable => new(DueSoon, $"Demandes de droits à échéance dans les {SoonDays} prochains jours");

    public IReadOnlyList<BreachLine> Breaches { get; private set; } = [];

    public int OpenAlerts { get; private set; }

    public IReadOnlyList<AlertLine> Alerts { get; private set; } = [];

    public bool MaySubscribe => Actor is { } actor && CalendarFeeds.MaySubscribe(actor);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return;
        }
        Now = clock.GetUtcNow().UtcDateTime;
        if (Actor!.CanSeeRequests)
        {
            await LoadRequestsAsync(ct);
        }
        if (Actor.CanSeeBreaches)
        {
            await LoadBreachesAsync(ct);
        }
        var open = db.RegisterAlerts.AsNoTracking().Where(a => a.ResolvedAt == null);
        OpenAlerts = await open.CountAsync(ct);
        var latest = await open.Select(a => new { a.SubjectName, a.RuleCode, a.RaisedAt }).ToListAsync(ct);
        Alerts = latest.OrderByDescending(a => a.RaisedAt).ThenBy(a => a.SubjectName, StringComparer.Ordinal).Take(LatestAlerts)
            .Select(a => new AlertLine(a.SubjectName, PrivacyLabels.Rule(a.RuleCode), a.RaisedAt)).ToList();
    }

    /// <summary>The open requests due within <see cref="SoonDays"/> Paris days, late ones included: the one list of deadlines says which.</summary>
    private async Task LoadRequestsAsync(CancellationToken ct)
    {
        var until = Periods.EndOfParisDay(Periods.ParisDate(Now).AddDays(SoonDays));
        var deadlines = (await OrganizationDeadlines.ListAsync(db, until, ct))
            .Where(d => d.Kind == DeadlineKind.RightsRequestAnswer && d.DueDate is not null).ToList();
        var ids = deadlines.Select(d => d.SubjectId).ToList();
        var kinds = await db.RightsRequests.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.Kind, r.ExtensionMonths }).ToDictionaryAsync(r => r.Id, ct);
        var lines = deadlines
            .Where(d => kinds.ContainsKey(d.SubjectId))
            .Select(d => new RequestLine(d.SubjectId, d.Reference, KindName(kinds[d.SubjectId].Kind), d.DueDate!.Value,
                Periods.DaysLeft(d.DueDate.Value, Now), kinds[d.SubjectId].ExtensionMonths is not null))
            .ToList();
        Overdue = [.. lines.Where(l => l.DaysLeft < 0)];
        DueSoon = [.. lines.Where(l => l.DaysLeft >= 0)];
    }

    private async Task LoadBreachesAsync(CancellationToken ct)
    {
        var rows = await db.DataBreaches.AsNoTracking().Where(b => b.ClosedAt == null)
            .Select(b => new
            {
                b.Id, b.Reference, b.Title, b.AwareAt, b.Decision,
                Notified = db.BreachNotifications.Any(n => n.BreachId == b.Id),
            })
            .ToListAsync(ct);
        Breaches = rows
            .Select(b =>
            {
                var cnil = HoursClock.CnilBreach(b.AwareAt);
                var remaining = cnil.Remaining(Now);
                var (text, late) = b switch
                {
                    { Notified: true } => ("notifiée", false),
                    { Decision: NotificationDecision.DoNotNotify } => ("décision de ne pas notifier", false),
                    _ when cnil.IsOverdue(Now) => ($"délai dépassé de {FrenchFormat.Duration(remaining)}", true),
                    _ => ($"reste {FrenchFormat.Duration(remaining)}", false),
                };
                return new BreachLine(b.Id, b.Reference, b.Title, cnil.StartUtc, cnil.DueAt, text, late);
            })
            .OrderBy(b => b.AwareAt).ThenBy(b => b.Reference, StringComparer.Ordinal)
            .ToList();
    }

    public static string KindName(RightsRequestKind kind) => kind switch
    {
        RightsRequestKind.Access => "Accès",
        RightsRequestKind.Rectification => "Rectification",
        RightsRequestKind.Erasure => "Effacement",
        RightsRequestKind.Restriction => "Limitation",
        RightsRequestKind.Portability => "Portabilité",
        RightsRequestKind.Objection => "Opposition",
        _ => "Autre",
    };
}
