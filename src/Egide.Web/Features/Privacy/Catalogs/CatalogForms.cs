using System.Globalization;
using System.Text.RegularExpressions;
using Egide.Core.Common;
using Egide.Core.Privacy.Catalogs;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Egide.Web.Features.Privacy.Catalogs;

/// <summary>A catalogue entry as the form posts it.</summary>
public sealed class EntryForm
{
    public CatalogKind? Kind { get; set; }
    public string? Code { get; set; }
    public string? Label { get; set; }
    public string? Details { get; set; }
    public DataCategoryNature Nature { get; set; }
    /// <summary>An unticked box sends nothing: false unless posted.</summary>
    public bool IsActive { get; set; }
}

/// <summary>A country as the form posts it; the date as typed.</summary>
public sealed class CountryForm
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public TransferZone Zone { get; set; }
    public string? AdequacyDecision { get; set; }

    /// <summary>yyyy-MM-dd, as an input of type date sends it.</summary>
    public string? CheckedOn { get; set; }
}

/// <summary>The checks of the catalogue pages: French messages on the form's fields, nothing saved when one fails.</summary>
public static partial class CatalogForms
{
    public const string Stale =
        "Quelqu'un a modifié cet élément depuis que vous l'avez ouvert : rien n'a été enregistré. Rechargez la page pour voir ses changements.";

    [GeneratedRegex("^[a-z0-9-]{1,60}$", RegexOptions.CultureInvariant)]
    public static partial Regex EntryCode();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    public static partial Regex CountryCode();

    public static IReadOnlyList<SelectListItem> KindItems { get; } =
        [new("Choisir…", ""), .. Enum.GetValues<CatalogKind>().Select(k => new SelectListItem(PrivacyLabels.Kind(k), k.ToString()))];

    public static IReadOnlyList<SelectListItem> NatureItems { get; } =
        Enum.GetValues<DataCategoryNature>().Select(n => new SelectListItem(PrivacyLabels.Nature(n), n.ToString())).ToList();

    public static IReadOnlyList<SelectListItem> ZoneItems { get; } =
        Enum.GetValues<TransferZone>().Select(z => new SelectListItem(PrivacyLabels.Zone(z), z.ToString())).ToList();

    /// <summary>Label, details and nature: what both the creation and the change of an entry check.</summary>
    public static void CheckEntry(ModelStateDictionary state, EntryForm form)
    {
        if (string.IsNullOrWhiteSpace(form.Label) || form.Label.Trim().Length > 300)
        {
            state.AddModelError("Input.Label", "Indiquez le libellé (300 caractères au plus).");
        }
        if (form.Details?.Trim().Length > 2000)
        {
            state.AddModelError("Input.Details", "Le détail tient en 2 000 caractères au plus.");
        }
        if (!Enum.IsDefined(form.Nature))
        {
            state.AddModelError("Input.Nature", "Nature inconnue.");
        }
    }

    /// <summary>Name, zone, decision and date: what both the creation and the change of a country check.</summary>
    public static DateOnly? CheckCountry(ModelStateDictionary state, CountryForm form)
    {
        if (string.IsNullOrWhiteSpace(form.Name) || form.Name.Trim().Length > 100)
        {
            state.AddModelError("Input.Name", "Indiquez le nom du pays (100 caractères au plus).");
        }
        if (!Enum.IsDefined(form.Zone))
        {
            state.AddModelError("Input.Zone", "Zone inconnue.");
        }
        if (form.AdequacyDecision?.Trim().Length > 500)
        {
            state.AddModelError("Input.AdequacyDecision", "La décision d'adéquation tient en 500 caractères au plus.");
        }
        if (form.Zone is TransferZone.Adequate or TransferZone.PartiallyAdequate && string.IsNullOrWhiteSpace(form.AdequacyDecision))
        {
            state.AddModelError("Input.AdequacyDecision", "Indiquez la décision d'adéquation (et, si elle est partielle, ce qu'elle couvre).");
        }
        if (string.IsNullOrWhiteSpace(form.CheckedOn))
        {
            state.AddModelError("Input.CheckedOn", "Indiquez la date de la liste de la Commission européenne consultée.");
            return null;
        }
        if (!DateOnly.TryParseExact(form.CheckedOn.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            state.AddModelError("Input.CheckedOn", $"« {form.CheckedOn} » n'est pas une date : saisissez-la sous la forme jj/mm/aaaa, par exemple {FrenchFormat.Date(new DateOnly(2026, 1, 31))}.");
            return null;
        }
        return date;
    }

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
