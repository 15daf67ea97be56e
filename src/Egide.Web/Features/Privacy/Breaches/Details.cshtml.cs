using Egide.Core.Common;
using Egide.Core.Privacy.Breaches;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Breaches;

/// <summary>
/// One breach: what is recorded, the 72-hour CNIL clock, and the forms that carry it through — the decision on
/// notifying the CNIL, the information of the persons, the closure — each its own post (named handler).
/// </summary>
public sealed class DetailsModel(
    CurrentUser user, GetDataBreach.Handler get, DecideBreachNotification.Handler decide,
    RecordPersonsCommunication.Handler persons, CloseDataBreach.Handler close, TimeProvider clock) : PrivacyPage(user)
{
    public sealed class DecideForm
    {
        public int Version { get; set; }
        public NotificationDecision? Decision { get; set; }
        public string? Reason { get; set; }
    }

    public sealed class PersonsForm
    {
        public int Version { get; set; }
        public PersonsCommunication? Communication { get; set; }
        public PersonsExemption? Exemption { get; set; }
        /// <summary>yyyy-MM-dd, as an input of type date sends it.</summary>
        public string? InformedOn { get; set; }
        public string? Detail { get; set; }
    }

    public sealed class CloseForm
    {
        public int Version { get; set; }
        public string? Summary { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public DecideForm Decide { get; set; } = new();

    [BindProperty]
    public PersonsForm Persons { get; set; } = new();

    [BindProperty]
    public CloseForm Close { get; set; } = new();

    public GetDataBreach.Details Breach { get; private set; } = null!;

    /// <summary>The server's now, for the countdown script to start from.</summary>
    public DateTime NowUtc { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(fillForms: true, ct);

    public async Task<IActionResult> OnPostDecideAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is not { } actor)
        {
            return Page();
        }
        var result = await decide.Handle(new DecideBreachNotification.Command(Id, Decide.Version, Decide.Decision ?? NotificationDecision.Pending, Decide.Reason), actor, ct);
        return await AfterAsync(result.Failure, "Decide", "La décision sur la notification à la CNIL a été enregistrée.", ct);
    }

    public async Task<IActionResult> OnPostPersonsAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is not { } actor)
        {
            return Page();
        }
        DateOnly? informedOn = null;
        if (!string.IsNullOrWhiteSpace(Persons.InformedOn))
        {
            if (!ParisInput.TryDate(Persons.InformedOn, out var day))
            {
                ModelState.Clear();
                ModelState.AddModelError("Persons.InformedOn", "Indiquez la date de l'information sous la forme jj/mm/aaaa.");
                return await ShowAsync(fillForms: false, ct);
            }
            informedOn = day;
        }
        var result = await persons.Handle(new RecordPersonsCommunication.Command(
            Id, Persons.Version, Persons.Communication ?? PersonsCommunication.NotDecided, Persons.Exemption, informedOn, Persons.Detail), actor, ct);
        return await AfterAsync(result.Failure, "Persons", "L'information des personnes concernées a été enregistrée.", ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is not { } actor)
        {
            return Page();
        }
        var result = await close.Handle(new CloseDataBreach.Command(Id, Close.Version, Close.Summary), actor, ct);
        return await AfterAsync(result.Failure, "Close", "La violation est close.", ct);
    }

    private async Task<IActionResult> AfterAsync(Failure? failure, string form, string message, CancellationToken ct)
    {
        switch (failure)
        {
            case null:
                TempData["Message"] = message;
                return Redirect($"/violations/{Id}");
            case NotFoundFailure:
                return NotFound();
            case ForbiddenFailure:
                return Forbid();
        }
        ModelState.Clear();
        // The closure's refusals name the decisions still to take, not a field of its form: they go on the page.
        ModelState.AddFailureOnFields(failure, field => form == "Close" && field != "Summary" || field.Length == 0 ? "" : $"{form}.{field}");
        return await ShowAsync(fillForms: false, ct);
    }

    private async Task<IActionResult> ShowAsync(bool fillForms, CancellationToken ct)
    {
        if (Actor is null && await LoadActorAsync(ct) is null)
        {
            return Page();
        }
        if (!Actor!.CanSeeBreaches)
        {
            return Forbid();
        }
        var result = await get.Handle(Id, Actor, ct);
        switch (result.Failure)
        {
            case NotFoundFailure:
                return NotFound();
            case not null:
                return Forbid();
        }
        Breach = result.Value;
        NowUtc = clock.GetUtcNow().UtcDateTime;
        var b = Breach.Breach;
        // After a refused post the forms keep what was typed; the version is always the one shown.
        Decide.Version = Persons.Version = Close.Version = b.Version;
        if (fillForms)
        {
            Decide.Decision = b.Decision == NotificationDecision.Pending ? null : b.Decision;
            Decide.Reason = b.DecisionReason;
            Persons.Communication = b.PersonsCommunication == PersonsCommunication.NotDecided ? null : b.PersonsCommunication;
            Persons.Exemption = b.PersonsExemption;
            Persons.InformedOn = b.PersonsInformedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Persons.Detail = b.PersonsCommunicationDetail;
        }
        return Page();
    }

    /// <summary>ISO 8601 in UTC (« 2026-11-25T13:05:00Z »), as the countdown script reads it.</summary>
    public static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
