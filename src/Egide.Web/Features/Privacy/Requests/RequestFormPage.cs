using System.Globalization;
using Egide.Core.Data;
using Egide.Core.Privacy.Register;
using Egide.Core.Privacy.Requests;
using Egide.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Egide.Web.Features.Privacy.Requests;

/// <summary>Dates as people type them: yyyy-MM-dd from a date input, dd/MM/yyyy by hand.</summary>
public static class FormDates
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    public static string? Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Null and no error when blank; null with the French message on <paramref name="key"/> when unreadable.</summary>
    public static DateOnly? Read(string? text, ModelStateDictionary modelState, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        modelState.AddModelError(key, $"« {text} » n'est pas une date : saisissez-la sous la forme jj/mm/aaaa.");
        return null;
    }
}

/// <summary>The request form as posted: the date as typed, the activities as ticked.</summary>
public sealed class RightsRequestForm
{
    public RightsRequestKind Kind { get; set; }
    public string? Description { get; set; }
    public string? RequesterName { get; set; }
    public string? RequesterEmail { get; set; }
    public string? RequesterAddress { get; set; }
    public string? RequesterPhone { get; set; }
    public string? RepresentativeName { get; set; }
    public RequestChannel Channel { get; set; }

    /// <summary>yyyy-MM-dd, as an input of type date sends it, or dd/MM/yyyy.</summary>
    public string? ReceivedOn { get; set; }

    public List<Guid> ActivityIds { get; set; } = [];
    public string? Notes { get; set; }

    public static RightsRequestForm Of(RightsRequestInput input) => new()
    {
        Kind = input.Kind, Description = input.Description, RequesterName = input.RequesterName, RequesterEmail = input.RequesterEmail,
        RequesterAddress = input.RequesterAddress, RequesterPhone = input.RequesterPhone, RepresentativeName = input.RepresentativeName,
        Channel = input.Channel, ReceivedOn = FormDates.Text(input.ReceivedOn), ActivityIds = [.. input.ActivityIds], Notes = input.Notes,
    };
}

/// <summary>What the create and edit pages share: the form, its choices, and its translation into the use case's input.</summary>
public abstract class RequestFormPage(EgideDb db, CurrentUser user) : PrivacyPage(user)
{
    public sealed record ActivityChoice(Guid Id, string Reference, string Name);

    protected EgideDb Db { get; } = db;

    [BindProperty]
    public RightsRequestForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> KindItems { get; } =
        Enum.GetValues<RightsRequestKind>().Select(k => new SelectListItem(RightsRequestLabels.Kind(k), k.ToString())).ToList();

    public IReadOnlyList<SelectListItem> ChannelItems { get; } =
        Enum.GetValues<RequestChannel>().Select(c => new SelectListItem(RightsRequestLabels.Channel(c), c.ToString())).ToList();

    public IReadOnlyList<ActivityChoice> Activities { get; private set; } = [];

    /// <summary>The register's activities in use, and any archived one the request already concerns.</summary>
    protected async Task PrepareFormAsync(CancellationToken ct)
    {
        var chosen = Input.ActivityIds;
        var activities = await Db.ProcessingActivities.AsNoTracking()
            .Where(a => a.Status != ActivityStatus.Archived || chosen.Contains(a.Id))
            .Select(a => new ActivityChoice(a.Id, a.Reference, a.Name)).ToListAsync(ct);
        Activities = activities.OrderBy(a => a.Reference, StringComparer.Create(Egide.Core.Common.FrenchFormat.Culture, ignoreCase: true)).ToList();
    }

    /// <summary>The use case's input, or null when the date cannot be read (its message is then on the field).</summary>
    protected RightsRequestInput? ToInput()
    {
        var receivedOn = FormDates.Read(Input.ReceivedOn, ModelState, "Input.ReceivedOn");
        if (!ModelState.IsValid)
        {
            return null;
        }
        return new RightsRequestInput
        {
            Kind = Input.Kind,
            Description = Input.Description,
            RequesterName = Input.RequesterName ?? "",
            RequesterEmail = Input.RequesterEmail,
            RequesterAddress = Input.RequesterAddress,
            RequesterPhone = Input.RequesterPhone,
            RepresentativeName = Input.RepresentativeName,
            Channel = Input.Channel,
            ReceivedOn = receivedOn,
            ActivityIds = Input.ActivityIds,
            Notes = Input.Notes,
        };
    }
}
