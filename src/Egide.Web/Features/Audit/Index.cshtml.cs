using System.Globalization;
using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Web.Infrastructure;
using Egide.Core.Common;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Egide.Web.Features.Audit;

/// <summary>The audit trail for Admins: the platform administrator reads it all, an organisation's Admin reads that organisation's entries.</summary>
public sealed class IndexModel(ListAuditEntries.Handler handler, CurrentUser user) : PageModel
{
    private List<Guid>? _within;

    [BindProperty(SupportsGet = true)]
    public Guid? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    /// <summary>dd/mm/yyyy, as typed: kept as text so that a wrong date is shown back with its message.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    /// <summary>
    /// Read from the query string itself: bound as "page", it would meet Razor Pages' own "page" route value
    /// (the page's path) first, fail to convert, and leave the page number at 1.
    /// </summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>Null when a filter is wrong: nothing is listed rather than a list that ignores it.</summary>
    public Page<ListAuditEntries.Item>? Result { get; private set; }

    public bool IsFiltered => OrganizationId is not null || !string.IsNullOrWhiteSpace(EntityType) || !string.IsNullOrWhiteSpace(Action)
        || !string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To) || !string.IsNullOrWhiteSpace(Actor);

    public IReadOnlyList<SelectListItem> OrganizationItems { get; private set; } = [];

    public IReadOnlyList<SelectListItem> EntityTypeItems { get; private set; } = [];

    public IReadOnlyList<SelectListItem> ActionItems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!user.IsPlatformAdmin)
        {
            _within = (await user.MembershipsAsync(ct)).Where(m => m.Value.HasFlag(OrganizationRoles.Admin)).Select(m => m.Key).ToList();
            if (_within.Count == 0)
            {
                return Forbid();
            }
        }
        await ListAsync(ct);
        return Page();
    }

    private async Task ListAsync(CancellationToken ct)
    {
        var choices = await handler.ChoicesAsync(ct, _within);
        OrganizationItems = [new("Tous", ""), .. choices.Organizations.Select(o => new SelectListItem(o.Name, o.Id.ToString()))];
        EntityTypeItems = [new("Tous", ""), .. ByText(choices.EntityTypes.Select(t => new SelectListItem(AuditLabels.EntityType(t), t)))];
        ActionItems = [new("Toutes", ""), .. ByText(choices.Actions.Select(a => new SelectListItem(AuditLabels.Action(a), a)))];

        if (int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var pageNumber))
        {
            PageNumber = pageNumber;
        }
        var from = ParseDate(nameof(From), From);
        var to = ParseDate(nameof(To), To);
        if (from is not null && to is not null && to < from)
        {
            ModelState.AddModelError(nameof(To), "La date de fin doit être postérieure ou égale à la date de début.");
        }
        string[] filters = [nameof(OrganizationId), nameof(EntityType), nameof(Action), nameof(From), nameof(To), nameof(Actor)];
        if (filters.Any(f => ModelState.GetFieldValidationState(f) == ModelValidationState.Invalid))
        {
            return;
        }
        Result = await handler.Handle(
            new ListAuditEntries.Query(OrganizationId, EntityType, Action, from, to, Actor, PageNumber, _within), ct);
    }

    public string PageUrl(int page)
    {
        var query = new QueryBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query.Add(name, value);
            }
        }
        Add(nameof(OrganizationId), OrganizationId?.ToString());
        Add(nameof(EntityType), EntityType);
        Add(nameof(Action), Action);
        Add(nameof(From), From);
        Add(nameof(To), To);
        Add(nameof(Actor), Actor);
        query.Add("page", page.ToString(CultureInfo.InvariantCulture));
        return "/audit" + query.ToQueryString();
    }

    private static IEnumerable<SelectListItem> ByText(IEnumerable<SelectListItem> items) =>
        items.OrderBy(i => i.Text, StringComparer.Create(FrenchFormat.Culture, ignoreCase: true));

    private DateOnly? ParseDate(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), ["dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        ModelState.AddModelError(field, $"« {text} » n'est pas une date : saisissez-la sous la forme jj/mm/aaaa, par exemple {FrenchFormat.Date(new DateOnly(2026, 11, 23))}.");
        return null;
    }
}

/// <summary>French words for what the audit trail records in code names.</summary>
public static class AuditLabels
{
    public static string Action(string action) => action switch
    {
        AuditActions.Created => "Création",
        AuditActions.Updated => "Modification",
        AuditActions.Deleted => "Suppression",
        AuditActions.SignInSucceeded => "Connexion",
        AuditActions.SignInFailed => "Échec de connexion",
        AuditActions.TokenUsed => "Utilisation d'un jeton d'API",
        AuditActions.PasswordResetRequested => "Demande de nouveau mot de passe",
        AuditActions.AccessRefused => "Accès refusé",
        AuditActions.Downloaded => "Téléchargement",
        _ => action,
    };

    public static string EntityType(string? type) => type switch
    {
        null => "",
        "Organization" => "Organisme",
        "User" => "Compte",
        "ApiToken" => "Jeton d'API",
        "Membership" => "Rôles d'une personne",
        "ProcessingActivity" => "Traitement du registre",
        "Processor" => "Sous-traitant",
        "RegisterAlert" => "Alerte du registre",
        "RightsRequest" => "Demande de droits",
        "RightsRequestDocument" => "Pièce d'une demande de droits",
        "DataBreach" => "Violation de données",
        "BreachNotification" => "Notification à la CNIL",
        "CalendarFeed" => "Abonnement au calendrier",
        _ => type,
    };

    public static string Field(string field) => field switch
    {
        "FileName" => "Fichier",
        "Format" => "Format",
        "At" => "Registre à la date du",
        "Activities" => "Traitements",
        "Request" => "Demande",
        "Letter" => "Courrier",
        "Kind" => "Type",
        "Name" => "Nom",
        "SearchName" => "Nom pour la recherche",
        "Siren" => "SIREN",
        "InseeCode" => "Code INSEE",
        "Population" => "Population",
        "PopulationYear" => "Année de la population",
        "Address.Street" => "Adresse",
        "Address.PostalCode" => "Code postal",
        "Address.City" => "Commune",
        "FunctionalMailbox" => "Boîte fonctionnelle",
        "HolidayCalendar" => "Jours fériés",
        "Dpo.Kind" => "DPO : type",
        "Dpo.PersonName" => "DPO : nom",
        "Dpo.Email" => "DPO : courriel",
        "Dpo.Phone" => "DPO : téléphone",
        "Dpo.ExternalOrganizationId" => "DPO : organisme d'Egide (identifiant)",
        "Dpo.ExternalBodyName" => "DPO : organisme",
        "Dpo.CnilDesignationNumber" => "DPO : n° de désignation CNIL",
        "Referents" => "Référents RGPD",
        "Contacts" => "Contacts",
        "CreatedAt" => "Créé le",
        "UpdatedAt" => "Modifié le",
        "Version" => "Version",
        "Email" => "Courriel saisi",
        "Reason" => "Motif",
        "Method" => "Méthode",
        "Path" => "Adresse appelée",
        _ => field,
    };

    /// <summary>A value as people read it: instants in Paris time, the rest as recorded.</summary>
    public static string Value(string? value)
    {
        if (value is null)
        {
            return "(vide)";
        }
        return DateTime.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant)
            ? FrenchFormat.DateAndTime(instant)
            : value;
    }
}
