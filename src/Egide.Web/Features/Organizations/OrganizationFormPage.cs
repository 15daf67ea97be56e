using Egide.Core.Organizations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Organizations;

/// <summary>What the create and edit pages share: the input, the choices and the blank list rows.</summary>
public abstract class OrganizationFormPage(GetOrganization.Handler organizations) : PageModel
{
    private const int BlankRows = 2;

    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> KindItems { get; } =
        [new("Choisir…", ""), .. Enum.GetValues<OrganizationKind>().Select(k => new SelectListItem(k.French(), k.ToString()))];

    public static IReadOnlyList<SelectListItem> HolidayCalendarItems { get; } =
    [
        new("Selon le département (Moselle, Bas-Rhin, Haut-Rhin : Alsace-Moselle)", ""),
        new("Jours fériés nationaux", nameof(Core.Deadlines.HolidayCalendar.Standard)),
        new("Alsace-Moselle : s'y ajoutent le Vendredi saint et le 26 décembre", nameof(Core.Deadlines.HolidayCalendar.AlsaceMoselle)),
    ];

    public IReadOnlyList<SelectListItem> DpoBodyItems { get; private set; } = [];

    /// <summary>The organisation itself is not offered as its own external DPO.</summary>
    protected virtual Guid? Self => null;

    /// <summary>Readies the form for display: choices loaded, blank rows to fill.</summary>
    protected async Task PrepareFormAsync(CancellationToken ct)
    {
        var bodies = await organizations.ListDpoBodies(ct);
        DpoBodyItems = [new("Aucun (saisir le nom ci-dessous)", ""), .. bodies.Where(b => b.Id != Self).Select(b => new SelectListItem(b.Name, b.Id.ToString()))];
        while (Input.Referents.Count(r => r.Name is null && r.Email is null) < BlankRows && Input.Referents.Count < OrganizationRules.MaxListRows)
        {
            Input.Referents.Add(new OrganizationInput.ReferentInput());
        }
        while (Input.Contacts.Count(c => c.Name is null && c.Email is null && c.Phone is null) < BlankRows && Input.Contacts.Count < OrganizationRules.MaxListRows)
        {
            Input.Contacts.Add(new OrganizationInput.ContactInput());
        }
    }

    /// <summary>
    /// Drops blank rows before the use case validates, and forgets the raw posted values, so that the
    /// messages, keyed by the compacted rows, sit next to the right rows when the form is shown again.
    /// </summary>
    protected void CompactInput()
    {
        Input.Normalize();
        ModelState.Clear();
    }
}
