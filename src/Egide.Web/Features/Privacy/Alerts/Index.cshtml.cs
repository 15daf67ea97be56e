using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Alerts;

/// <summary>
/// The register's non-conformity alerts: the controller acknowledges them, whoever keeps the register runs the
/// rules again (the time-based ones change with the calendar alone); resolved alerts stay as the history.
/// </summary>
public sealed class IndexModel(EgideDb db, CurrentUser user) : PrivacyPage(user)
{
    /// <summary>Filter by rule code.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Rule { get; set; }

    /// <summary>Also list the resolved alerts.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Resolved { get; set; }

    public IReadOnlyList<RegisterAlert> Open { get; private set; } = [];

    public IReadOnlyList<RegisterAlert> ResolvedAlerts { get; private set; } = [];

    public int ResolvedCount { get; private set; }

    public Guid OrganizationId { get; private set; }

    public IReadOnlyList<SelectListItem> RuleItems { get; } =
        [new("Toutes les règles", ""), .. RegisterRules.All.Select(r => new SelectListItem(r.Title, r.Code))];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return;
        }
        OrganizationId = db.TenantOrganizationId;
        var alerts = db.RegisterAlerts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Rule))
        {
            alerts = alerts.Where(a => a.RuleCode == Rule);
        }
        Open = await alerts.Where(a => a.ResolvedAt == null).OrderByDescending(a => a.RaisedAt).ThenBy(a => a.SubjectName).ToListAsync(ct);
        ResolvedCount = await alerts.CountAsync(a => a.ResolvedAt != null, ct);
        if (Resolved)
        {
            ResolvedAlerts = await alerts.Where(a => a.ResolvedAt != null).OrderByDescending(a => a.ResolvedAt).ToListAsync(ct);
        }
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid alertId, [FromServices] AcknowledgeRegisterAlert.Handler acknowledge, CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        var result = await acknowledge.Handle(alertId, Actor!, ct);
        switch (result.Failure)
        {
            case NotFoundFailure:
                return NotFound();
            case ForbiddenFailure:
                return Forbid();
            case { } failure:
                TempData["Message"] = failure.Message;
                return Redirect("/registre/alertes");
        }
        TempData["Message"] = $"Votre accusé de réception de l'alerte « {PrivacyLabels.Rule(result.Value.RuleCode)} » sur « {result.Value.SubjectName} » a été enregistré.";
        return Redirect("/registre/alertes");
    }

    public async Task<IActionResult> OnPostCheckAsync([FromServices] CheckRegister.Handler check, CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanEdit)
        {
            return Forbid();
        }
        var added = await check.Handle(ct);
        TempData["Message"] = added switch
        {
            0 => "Vérification faite : aucune nouvelle alerte.",
            1 => "Vérification faite : une nouvelle alerte, signalée au responsable de traitement.",
            _ => $"Vérification faite : {added} nouvelles alertes, signalées au responsable de traitement.",
        };
        return Redirect("/registre/alertes");
    }

    /// <summary>Where the alert's subject is shown.</summary>
    public string SubjectUrl(RegisterAlert alert) =>
        alert.ActivityId is { } activity ? $"/registre/{activity}"
        : alert.ProcessorId is { } processor ? $"/registre/sous-traitants/{processor}"
        : "/registre/contacts";

    public string ResolvedUrl(bool show)
    {
        var query = new Microsoft.AspNetCore.Http.Extensions.QueryBuilder();
        if (!string.IsNullOrWhiteSpace(Rule))
        {
            query.Add("rule", Rule);
        }
        if (show)
        {
            query.Add("resolved", "true");
        }
        return "/registre/alertes" + query.ToQueryString();
    }
}
