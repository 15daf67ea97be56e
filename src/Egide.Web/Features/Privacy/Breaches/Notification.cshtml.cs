using System.Text;
using Egide.Core.Common;
using Egide.Core.Deadlines;
using Egide.Core.Privacy.Breaches;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Egide.Web.Features.Privacy.Breaches;

/// <summary>
/// The text to submit on the CNIL's online form for the chosen kind of notification (?type=complete|initiale|complementaire),
/// to read, copy or download, and the form that records the notification once made.
/// </summary>
public sealed class NotificationModel(
    CurrentUser user, GetDataBreach.Handler get, PrepareBreachNotification.Handler prepare,
    RecordBreachNotification.Handler record, TimeProvider clock) : PrivacyPage(user)
{
    public sealed class RecordForm
    {
        public NotificationKind Kind { get; set; }
        public string? NotifiedDate { get; set; }
        public string? NotifiedTime { get; set; }
        public string? CnilReference { get; set; }
        public string? DelayReason { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>complete, initiale or complementaire.</summary>
    [BindProperty(SupportsGet = true, Name = "type")]
    public string? Type { get; set; }

    [BindProperty]
    public RecordForm Record { get; set; } = new();

    public GetDataBreach.Details Breach { get; private set; } = null!;

    public NotificationKind Kind { get; private set; }

    public string Text { get; private set; } = "";

    /// <summary>Past the 72 hours now: the reasons for the delay will be asked.</summary>
    public bool IsLate { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var shown = await LoadAsync(ct);
        if (shown is not null || Actor is null)
        {
            return shown ?? Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        Record.Kind = Kind;
        Record.NotifiedDate = ParisInput.DateOf(now);
        Record.NotifiedTime = ParisInput.TimeOf(now);
        Record.DelayReason = Breach.Breach.DelayReason;
        return Page();
    }

    /// <summary>The same text as a file, to keep or to paste from.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        var shown = await LoadAsync(ct);
        if (shown is not null || Actor is null)
        {
            return shown ?? Page();
        }
        var name = $"{Breach.Breach.Reference}-notification-{Kind.Slug()}.txt";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Text)).ToArray(), "text/plain; charset=utf-8", name);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadActorAsync(ct) is not { } actor)
        {
            return Page();
        }
        if (!actor.CanSeeBreaches)
        {
            return Forbid();
        }
        ModelState.Clear();
        var notifiedAt = ParisInput.ToUtc(Record.NotifiedDate, Record.NotifiedTime, timeRequired: true, "de la notification", out var error);
        if (error is not null)
        {
            ModelState.AddModelError("Record.NotifiedDate", error);
        }
        else
        {
            var result = await record.Handle(new RecordBreachNotification.Command(Id, Record.Kind, notifiedAt, Record.CnilReference, Record.DelayReason), actor, ct);
            switch (result.Failure)
            {
                case null:
                    TempData["Message"] = $"La {Record.Kind.French().ToLowerInvariant()} à la CNIL a été enregistrée.";
                    return Redirect($"/violations/{Id}");
                case NotFoundFailure:
                    return NotFound();
                case ForbiddenFailure:
                    return Forbid();
            }
            ModelState.AddFailureOnFields(result.Failure, field => field switch
            {
                "NotifiedAt" => "Record.NotifiedDate",
                "" => "",
                _ => $"Record.{field}",
            });
        }
        Type = Record.Kind.Slug();
        return await LoadAsync(ct) ?? Page();
    }

    /// <summary>The breach and the text for <see cref="Type"/>; a result when the page is not to be shown (refusal, not found).</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (Actor is null && await LoadActorAsync(ct) is null)
        {
            return null;
        }
        if (!Actor!.CanSeeBreaches)
        {
            return Forbid();
        }
        var details = await get.Handle(Id, Actor, ct);
        switch (details.Failure)
        {
            case NotFoundFailure:
                return NotFound();
            case not null:
                return Forbid();
        }
        Breach = details.Value;
        Kind = BreachLabels.KindOfSlug(Type) ?? Breach.NextKind;
        var now = clock.GetUtcNow().UtcDateTime;
        IsLate = HoursClock.CnilBreach(Breach.Breach.AwareAt).IsOverdue(BreachNotificationContent.FirstNotifiedAt(Kind, now, Breach.Notifications));
        var content = await prepare.Handle(Id, Kind, now, Actor, ct);
        Text = content.IsSuccess ? content.Value : "";
        return null;
    }
}
