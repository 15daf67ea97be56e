using Egide.Core.Account;
using Egide.Core.Common;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Requests;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Egide.Web.Features.Privacy.Requests;

/// <summary>The fields of the action forms, as typed; each form posts only its own.</summary>
public sealed class RequestActionForm
{
    public string? IdentityProofRequestedOn { get; set; }
    public string? IdentityProofReceivedOn { get; set; }
    public string? ToldOn { get; set; }
    public string? ExtensionMonths { get; set; }
    public string? Reason { get; set; }
    public string? AnsweredOn { get; set; }
    public string? AnswerSummary { get; set; }
    public string? RefusedOn { get; set; }
    public string? RefusalReason { get; set; }
    public string? RefusalDetail { get; set; }
}

/// <summary>
/// One request: what was recorded, its due dates, its documents and letters, and one small form per action
/// (?handler=start, identity, extend, answer, refuse). A closed request only takes documents.
/// </summary>
public sealed class DetailsModel(CurrentUser user, GetRightsRequest.Handler get, ChangeRightsRequest.Handler change, TimeProvider clock) : PrivacyPage(user)
{
    public sealed record Letter(string Slug, string Title);

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public RequestActionForm Act { get; set; } = new();

    public GetRightsRequest.Details? Details { get; private set; }

    public RightsRequest RightsRequest => Details!.Request;

    public IReadOnlyList<SelectListItem> MonthItems { get; } = [new("1 mois", "1"), new("2 mois", "2")];

    public IReadOnlyList<SelectListItem> RefusalItems { get; } =
    [
        new("Choisir…", ""),
        .. Enum.GetValues<RefusalReason>().Select(r => new SelectListItem(RightsRequestLabels.Refusal(r), r.ToString())),
    ];

    public bool CanSeeHistory => Actor is not null && Actor.Roles.HasFlag(OrganizationRoles.Admin);

    /// <summary>The letters that fit what was recorded (written by the letters' page).</summary>
    public IReadOnlyList<Letter> Letters
    {
        get
        {
            var letters = new List<Letter> { new("accuse-reception", "Accusé de réception") };
            if (RightsRequest.IdentityProofRequestedOn is not null)
            {
                letters.Add(new("demande-justificatif", "Demande de justificatif d'identité"));
            }
            if (RightsRequest.ExtensionMonths is not null)
            {
                letters.Add(new("prolongation", "Information de la prolongation"));
            }
            if (RightsRequest.Status == RightsRequestStatus.Answered)
            {
                letters.Add(new("reponse", "Réponse"));
            }
            if (RightsRequest.Status == RightsRequestStatus.Refused)
            {
                letters.Add(new("refus", "Refus motivé"));
            }
            return letters;
        }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        var shown = await ShowAsync(ct);
        if (Details is { Request: var r })
        {
            // What was recorded, to correct it; otherwise today, the usual answer.
            var today = FormDates.Text(Periods.ParisDate(clock.GetUtcNow().UtcDateTime));
            Act.IdentityProofRequestedOn = FormDates.Text(r.IdentityProofRequestedOn) ?? today;
            Act.IdentityProofReceivedOn = FormDates.Text(r.IdentityProofReceivedOn);
            Act.ToldOn = FormDates.Text(r.ExtensionToldOn) ?? today;
            Act.ExtensionMonths = r.ExtensionMonths?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Act.Reason = r.ExtensionReason;
            Act.AnsweredOn = today;
            Act.RefusedOn = today;
        }
        return shown;
    }

    public Task<IActionResult> OnPostStartAsync(CancellationToken ct) =>
        ActAsync(new ChangeRightsRequest.Command(Id, Version, RightsRequestAction.Start), "Le traitement de la demande a commencé.", ct);

    public Task<IActionResult> OnPostIdentityAsync(CancellationToken ct) =>
        ActAsync(new ChangeRightsRequest.Command(Id, Version, RightsRequestAction.Identity)
        {
            IdentityProofRequestedOn = Date(Act.IdentityProofRequestedOn, nameof(Act.IdentityProofRequestedOn)),
            IdentityProofReceivedOn = Date(Act.IdentityProofReceivedOn, nameof(Act.IdentityProofReceivedOn)),
        }, "La vérification d'identité est enregistrée.", ct);

    public Task<IActionResult> OnPostExtendAsync(CancellationToken ct) =>
        ActAsync(new ChangeRightsRequest.Command(Id, Version, RightsRequestAction.Extend)
        {
            ToldOn = Date(Act.ToldOn, nameof(Act.ToldOn)),
            ExtensionMonths = int.TryParse(Act.ExtensionMonths, out var months) ? months : 0,
            Reason = Act.Reason,
        }, "La prolongation est enregistrée : l'échéance est reportée.", ct);

    public Task<IActionResult> OnPostAnswerAsync(CancellationToken ct) =>
        ActAsync(new ChangeRightsRequest.Command(Id, Version, RightsRequestAction.Answer)
        {
            AnsweredOn = Date(Act.AnsweredOn, nameof(Act.AnsweredOn)),
            AnswerSummary = Act.AnswerSummary,
        }, "La réponse est enregistrée : la demande est close.", ct);

    public Task<IActionResult> OnPostRefuseAsync(CancellationToken ct) =>
        ActAsync(new ChangeRightsRequest.Command(Id, Version, RightsRequestAction.Refuse)
        {
            AnsweredOn = Date(Act.RefusedOn, nameof(Act.RefusedOn)),
            RefusalReason = Enum.TryParse<RefusalReason>(Act.RefusalReason, out var reason) && Enum.IsDefined(reason) ? reason : null,
            RefusalDetail = Act.RefusalDetail,
        }, "Le refus est enregistré : la demande est close.", ct);

    private DateOnly? Date(string? text, string field) => FormDates.Read(text, ModelState, $"{nameof(Act)}.{field}");

    private async Task<IActionResult> ActAsync(ChangeRightsRequest.Command command, string done, CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is not { } actor)
        {
            return Page();
        }
        if (!actor.CanSeeRequests)
        {
            return Forbid();
        }
        if (!ModelState.IsValid)
        {
            return await ShowAsync(ct);
        }
        var result = await change.Handle(command, actor, ct);
        switch (result.Failure)
        {
            case null:
                TempData["Message"] = done;
                return Redirect($"/demandes/{Id}");
            case NotFoundFailure:
                return NotFound();
            case ForbiddenFailure:
                return Forbid();
        }
        // The use case names the answer's date AnsweredOn for a refusal too: its field here is RefusedOn.
        var refusing = command.Action == RightsRequestAction.Refuse;
        ModelState.AddFailureOnFields(result.Failure, field =>
            $"{nameof(Act)}.{(refusing && field == nameof(ChangeRightsRequest.Command.AnsweredOn) ? nameof(RequestActionForm.RefusedOn) : field)}");
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var result = await get.Handle(Id, Actor!, ct);
        switch (result.Failure)
        {
            case ForbiddenFailure:
                return Forbid();
            case NotFoundFailure:
                return NotFound();
        }
        Details = result.Value;
        return Page();
    }
}
