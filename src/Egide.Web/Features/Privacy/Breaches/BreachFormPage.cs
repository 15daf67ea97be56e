using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Data;
using Egide.Core.Privacy.Breaches;
using Egide.Core.Privacy.Register;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Breaches;

/// <summary>The breach form as posted: dates and times as typed, in Paris time; numbers as typed.</summary>
public sealed class BreachForm
{
    public string? Title { get; set; }
    public string? AwareDate { get; set; }
    public string? AwareTime { get; set; }
    public string? AwarenessCircumstances { get; set; }
    public string? OccurredFromDate { get; set; }
    public string? OccurredFromTime { get; set; }
    public string? OccurredUntilDate { get; set; }
    public string? OccurredUntilTime { get; set; }
    public bool IsOngoing { get; set; }
    public List<BreachNature> Natures { get; set; } = [];
    public BreachOrigin Origin { get; set; }
    public string? Cause { get; set; }
    public string? PersonCategories { get; set; }
    public string? PersonsCount { get; set; }
    public string? DataCategories { get; set; }
    public string? RecordsCount { get; set; }
    public bool HasSpecialData { get; set; }
    public string? LikelyConsequences { get; set; }
    public string? MeasuresTaken { get; set; }
    public string? MeasuresPlanned { get; set; }
    public BreachRisk Risk { get; set; }
    public string? RiskReasoning { get; set; }
    public string? DelayReason { get; set; }
    public List<Guid> ActivityIds { get; set; } = [];

    public static BreachForm Of(DataBreach b, IEnumerable<Guid> activityIds) => new()
    {
        Title = b.Title,
        AwareDate = ParisInput.DateOf(b.AwareAt),
        AwareTime = ParisInput.TimeOf(b.AwareAt),
        AwarenessCircumstances = b.AwarenessCircumstances,
        OccurredFromDate = b.OccurredFrom is { } from ? ParisInput.DateOf(from) : null,
        OccurredFromTime = b.OccurredFrom is { } from2 ? ParisInput.TimeOf(from2) : null,
        OccurredUntilDate = b.OccurredUntil is { } until ? ParisInput.DateOf(until) : null,
        OccurredUntilTime = b.OccurredUntil is { } until2 ? ParisInput.TimeOf(until2) : null,
        IsOngoing = b.IsOngoing,
        Natures = [.. Enum.GetValues<BreachNature>().Where(n => n != BreachNature.None && b.Nature.HasFlag(n))],
        Origin = b.Origin,
        Cause = b.Cause,
        PersonCategories = b.PersonCategories,
        PersonsCount = b.PersonsCount?.ToString(CultureInfo.InvariantCulture),
        DataCategories = b.DataCategories,
        RecordsCount = b.RecordsCount?.ToString(CultureInfo.InvariantCulture),
        HasSpecialData = b.HasSpecialData,
        LikelyConsequences = b.LikelyConsequences,
        MeasuresTaken = b.MeasuresTaken,
        MeasuresPlanned = b.MeasuresPlanned,
        Risk = b.Risk,
        RiskReasoning = b.RiskReasoning,
        DelayReason = b.DelayReason,
        ActivityIds = [.. activityIds],
    };
}

/// <summary>What the record and edit pages share: the form, its choices, and its translation into the use case's input.</summary>
public abstract class BreachFormPage(EgideDb db, CurrentUser user) : PrivacyPage(user)
{
    public sealed record ActivityChoice(Guid Id, string Reference, string Name);

    protected EgideDb Db { get; } = db;

    [BindProperty]
    public BreachForm Input { get; set; } = new();

    public IReadOnlyList<ActivityChoice> Activities { get; private set; } = [];

    public IReadOnlyList<SelectListItem> OriginItems { get; } =
        Enum.GetValues<BreachOrigin>().Select(o => new SelectListItem(o.French(), o.ToString())).ToList();

    /// <summary>The register's activities (not archived, unless the breach already names them), by reference.</summary>
    protected async Task PrepareFormAsync(CancellationToken ct)
    {
        var chosen = Input.ActivityIds;
        var activities = await Db.ProcessingActivities.AsNoTracking()
            .Where(a => a.Status != ActivityStatus.Archived || chosen.Contains(a.Id))
            .Select(a => new ActivityChoice(a.Id, a.Reference, a.Name)).ToListAsync(ct);
        Activities = [.. activities.OrderBy(a => a.Reference, StringComparer.Create(FrenchFormat.Culture, ignoreCase: true))];
    }

    /// <summary>The use case's input, or null when a date, time or number cannot be read (its message is then on its field).</summary>
    protected DataBreachInput? ToInput()
    {
        ModelState.Clear();
        var aware = ParisInput.ToUtc(Input.AwareDate, Input.AwareTime, timeRequired: true, "de la prise de connaissance", out var awareError);
        if (aware is null && awareError is null)
        {
            awareError = "Indiquez la date et l'heure de la prise de connaissance : le délai de 72 heures part de là.";
        }
        var from = ParisInput.ToUtc(Input.OccurredFromDate, Input.OccurredFromTime, timeRequired: false, "du début de la violation", out var fromError);
        var until = ParisInput.ToUtc(Input.OccurredUntilDate, Input.OccurredUntilTime, timeRequired: false, "de la fin de la violation", out var untilError);
        var persons = Count(Input.PersonsCount, "Input.PersonsCount", "de personnes concernées", out var personsOk);
        var records = Count(Input.RecordsCount, "Input.RecordsCount", "d'enregistrements concernés", out var recordsOk);
        if (awareError is not null)
        {
            ModelState.AddModelError("Input.AwareDate", awareError);
        }
        if (fromError is not null)
        {
            ModelState.AddModelError("Input.OccurredFromDate", fromError);
        }
        if (untilError is not null)
        {
            ModelState.AddModelError("Input.OccurredUntilDate", untilError);
        }
        if (awareError is not null || fromError is not null || untilError is not null || !personsOk || !recordsOk)
        {
            return null;
        }
        return new DataBreachInput
        {
            Title = Input.Title ?? "",
            AwareAt = aware,
            AwarenessCircumstances = Input.AwarenessCircumstances,
            OccurredFrom = from,
            OccurredUntil = until,
            IsOngoing = Input.IsOngoing,
            Nature = Input.Natures.Aggregate(BreachNature.None, (all, n) => all | n),
            Origin = Input.Origin,
            Cause = Input.Cause,
            PersonCategories = Input.PersonCategories,
            PersonsCount = persons,
            DataCategories = Input.DataCategories,
            RecordsCount = records,
            HasSpecialData = Input.HasSpecialData,
            LikelyConsequences = Input.LikelyConsequences,
            MeasuresTaken = Input.MeasuresTaken,
            MeasuresPlanned = Input.MeasuresPlanned,
            Risk = Input.Risk,
            RiskReasoning = Input.RiskReasoning,
            DelayReason = Input.DelayReason,
            ActivityIds = Input.ActivityIds,
        };
    }

    /// <summary>Puts the use case's messages next to the form's fields (the dates are two inputs each).</summary>
    protected void AddFailure(Failure failure) => ModelState.AddFailureOnFields(failure, field => field switch
    {
        nameof(DataBreachInput.AwareAt) => "Input.AwareDate",
        nameof(DataBreachInput.OccurredFrom) => "Input.OccurredFromDate",
        nameof(DataBreachInput.OccurredUntil) => "Input.OccurredUntilDate",
        nameof(DataBreachInput.Nature) => "Input.Natures",
        "" => "",
        _ => $"Input.{field}",
    });

    private int? Count(string? text, string key, string what, out bool ok)
    {
        ok = true;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (int.TryParse(text.Replace(" ", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal),
            NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        ok = false;
        ModelState.AddModelError(key, $"Le nombre {what} s'écrit en chiffres, sans décimale (laissez vide s'il n'est pas connu).");
        return null;
    }
}
