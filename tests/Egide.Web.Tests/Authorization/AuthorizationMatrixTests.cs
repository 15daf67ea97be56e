using System.Net.Http.Json;
using Egide.Core.Account;
using Egide.Core.Organizations;
using Egide.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egide.Web.Tests.Authorization;

/// <summary>
/// Who gets what, route by route, written out by hand. Every route the application maps must have its
/// rows here: a new page or endpoint without them fails this test until someone decides who may use it.
/// Expectations: a status ("200", "404"…) or a redirect with its target ("302:/connexion").
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string SignIn = "302:/connexion";
    private const string Denied = "302:/acces-refuse";
    private const string UnknownActivity = "00000000-0000-0000-0000-000000000001";

    /// <summary>A processor, alert or catalogue entry id that exists in no database.</summary>
    private static readonly Guid Nowhere = Guid.Parse("5b1d7c2e-8f3a-4c6b-9e0d-2a4f6b8c0d1e");

    /// <param name="Route">The route pattern as the application maps it.</param>
    /// <param name="Path">The URL to call; {id} stands for the organisation (own or foreign).</param>
    private sealed record Row(
        string Method, string Route, string Path,
        string Anonymous, string ReaderOwn, string ReaderForeign, string AdminOwn, string AdminForeign, string PlatformAdmin,
        object? Json = null, Dictionary<string, string>? Form = null);

    private static readonly Row[] Matrix =
    [
        new("GET", "", "/", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "/health", "/health", "200", "200", "200", "200", "200", "200"),
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", "200", "200", "200", "200", "200", "200"),
        // The audit trail: an organisation's Admin reads that organisation's entries, the platform administrator all.
        new("GET", "audit", "/audit", SignIn, Denied, Denied, "200", "200", "200"),
        new("GET", "acces-refuse", "/acces-refuse", SignIn, "403", "403", "403", "403", "403"),
        new("GET", "compte", "/compte", SignIn, "200", "200", "200", "200", "200"),
        // Already enrolled people are sent back to their account page.
        new("GET", "compte/double-authentification", "/compte/double-authentification", SignIn, "200", "200", "302:/compte", "302:/compte", "302:/compte"),
        // One's own tokens; the page's named handler (?handler=revoke) shares its route pattern.
        new("GET", "compte/jetons", "/compte/jetons", SignIn, "200", "200", "200", "200", "200"),
        // An empty form: shown again with its errors, nothing created.
        new("POST", "compte/jetons", "/compte/jetons", SignIn, "200", "200", "200", "200", "200", Form: []),
        // No token id: nothing of this person's to revoke.
        new("POST", "compte/jetons", "/compte/jetons?handler=revoke", SignIn, "404", "404", "404", "404", "404", Form: []),
        new("GET", "connexion", "/connexion", "200", "200", "200", "200", "200", "200"),
        new("GET", "connexion/code", "/connexion/code", SignIn, SignIn, SignIn, SignIn, SignIn, SignIn),
        new("GET", "mot-de-passe-oublie", "/mot-de-passe-oublie", "200", "200", "200", "200", "200", "200"),
        new("GET", "reinitialiser-mot-de-passe", "/reinitialiser-mot-de-passe", "200", "200", "200", "200", "200", "200"),
        new("GET", "deconnexion", "/deconnexion", "200", "200", "200", "200", "200", "200"),
        new("GET", "erreur/{code:int?}", "/erreur/404", "404", "404", "404", "404", "404", "404"),
        new("GET", "modules/{slug}", "/modules/conventions", SignIn, "200", "200", "200", "200", "200"),
        // The register is the current organisation's; the platform administrator, member of none, is asked to choose one.
        new("GET", "registre", "/registre", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "registre/nouveau", "/registre/nouveau", SignIn, Denied, Denied, "200", "200", "200"),
        // An empty form: refused before reading it, or shown again with its errors (nothing created).
        new("POST", "registre/nouveau", "/registre/nouveau", SignIn, Denied, Denied, "200", "200", "200", Form: []),
        // An entry's id, not an organisation's: an unknown entry is in nobody's register.
        new("GET", "registre/{id:guid}", $"/registre/{UnknownActivity}", SignIn, "404", "404", "404", "404", "200"),
        new("POST", "registre/{id:guid}", $"/registre/{UnknownActivity}", SignIn, "404", "404", "404", "404", "200",
            Form: new() { ["action"] = "Archive", ["version"] = "1" }),
        new("GET", "registre/{id:guid}/modifier/{section}", $"/registre/{UnknownActivity}/modifier/identification", SignIn, "404", "404", "404", "404", "200"),
        new("POST", "registre/{id:guid}/modifier/{section}", $"/registre/{UnknownActivity}/modifier/identification", SignIn, "404", "404", "404", "404", "200",
            Form: new() { ["Version"] = "1", ["Form.Reference"] = "X-1", ["Form.Name"] = "Essai" }),
        // Deadlines: the dashboard is the current organisation's, for every member (each section by role); the calendar
        // addresses are for those who see requests or breaches (a reader: refused); the platform administrator, member of
        // none, is asked to choose an organisation (200). No feed id to revoke: nothing found.
        new("GET", "tableau-de-bord", "/tableau-de-bord", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "calendrier", "/calendrier", SignIn, Denied, Denied, "200", "200", "200"),
        // An empty form: refused before reading it, or shown again with its error (nothing created).
        new("POST", "calendrier", "/calendrier", SignIn, Denied, Denied, "200", "200", "200", Form: []),
        new("POST", "calendrier", "/calendrier?handler=revoke", SignIn, Denied, Denied, "404", "404", "200", Form: []),
        // The feed itself: no session, the secret in the address is the key; a made-up one is not found, whoever asks.
        new("GET", "/calendrier/{secret}.ics", "/calendrier/adresse-inventee.ics", "404", "404", "404", "404", "404", "404"),
        new("GET", "organisations", "/organisations", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "organisations/nouveau", "/organisations/nouveau", SignIn, Denied, Denied, Denied, Denied, "200"),
        // An empty form: refused before reading it, or shown again with its errors (nothing created).
        new("POST", "organisations/nouveau", "/organisations/nouveau", SignIn, Denied, Denied, Denied, Denied, "200", Form: []),
        new("GET", "organisations/{id:guid}", "/organisations/{id}", SignIn, "200", "404", "200", "404", "200"),
        new("GET", "organisations/{id:guid}/modifier", "/organisations/{id}/modifier", SignIn, Denied, "404", "200", "404", "200"),
        new("POST", "organisations/{id:guid}/modifier", "/organisations/{id}/modifier", SignIn, Denied, "404", "200", "404", "200",
            Form: new() { ["Version"] = "999", ["Input.Kind"] = "Commune", ["Input.Name"] = "Essai" }), // stale version: shown again, nothing saved
        new("GET", "organisations/{id:guid}/membres", "/organisations/{id}/membres", SignIn, Denied, "404", "200", "404", "200"),
        // No address: refused before anything, or shown again with its error (nobody invited).
        new("POST", "organisations/{id:guid}/membres", "/organisations/{id}/membres", SignIn, Denied, "404", "200", "404", "200", Form: []),
        // The organisation switcher: no organisation id in the form → no such organisation.
        new("GET", "organisation-courante", "/organisation-courante", SignIn, "200", "200", "200", "200", "200"),
        new("POST", "organisation-courante", "/organisation-courante", SignIn, "404", "404", "404", "404", "404", Form: []),
        new("GET", "invitation", "/invitation", "200", "200", "200", "200", "200", "200"),
        // The register over the API: the organisation first (someone else's: 404), then the roles (a reader or a
        // platform administrator who is not a member does not write: 403), then the entry (unknown: 404).
        new("GET", "/api/v1/organizations/{organizationId:guid}/register/activities", "/api/v1/organizations/{id}/register/activities", "401", "200", "404", "200", "404", "200"),
        new("POST", "/api/v1/organizations/{organizationId:guid}/register/activities", "/api/v1/organizations/{id}/register/activities", "401", "403", "404", "400", "404", "403", Json: new { }),
        new("GET", "/api/v1/organizations/{organizationId:guid}/register/activities/{id:guid}", "/api/v1/organizations/{id}/register/activities/00000000-0000-0000-0000-000000000001", "401", "404", "404", "404", "404", "404"),
        new("PUT", "/api/v1/organizations/{organizationId:guid}/register/activities/{id:guid}", "/api/v1/organizations/{id}/register/activities/00000000-0000-0000-0000-000000000001", "401", "404", "404", "404", "404", "404", Json: new { version = 1, activity = new { } }),
        new("POST", "/api/v1/organizations/{organizationId:guid}/register/activities/{id:guid}/actions", "/api/v1/organizations/{id}/register/activities/00000000-0000-0000-0000-000000000001/actions", "401", "404", "404", "404", "404", "404", Json: new { version = 1, action = "Submit" }),
        new("GET", "/api/v1/organizations/{organizationId:guid}/register/activities/{id:guid}/history", "/api/v1/organizations/{id}/register/activities/00000000-0000-0000-0000-000000000001/history", "401", "404", "404", "404", "404", "404"),
        new("GET", "/api/v1/organizations/{organizationId:guid}/register/activities/{id:guid}/versions/{number:int}", "/api/v1/organizations/{id}/register/activities/00000000-0000-0000-0000-000000000001/versions/1", "401", "404", "404", "404", "404", "404"),
        new("GET", "/api/v1/organizations/{organizationId:guid}/register/at", "/api/v1/organizations/{id}/register/at?date=2026-01-31", "401", "200", "404", "200", "404", "200"),
        new("GET", "/api/v1/organizations/{organizationId:guid}/register/processors", "/api/v1/organizations/{id}/register/processors", "401", "200", "404", "200", "404", "200"),
        new("POST", "/api/v1/organizations/{organizationId:guid}/register/processors", "/api/v1/organizations/{id}/register/processors", "401", "403", "404", "400", "404", "403", Json: new { }),
        new("GET", "/api/v1/organizations/{organizationId:guid}/register/processors/{id:guid}", "/api/v1/organizations/{id}/register/processors/00000000-0000-0000-0000-000000000001", "401", "404", "404", "404", "404", "404"),
        new("PUT", "/api/v1/organizations/{organizationId:guid}/register/processors/{id:guid}", "/api/v1/organizations/{id}/register/processors/00000000-0000-0000-0000-000000000001", "401", "404", "404", "404", "404", "404", Json: new { version = 1, processor = new { name = "Essai" } }),
        new("POST", "/api/v1/organizations/{organizationId:guid}/register/processors/{id:guid}/archive", "/api/v1/organizations/{id}/register/processors/00000000-0000-0000-0000-000000000001/archive", "401", "404", "404", "404", "404", "404", Json: new { version = 1 }),
        new("GET", "/api/v1/organizations/{organizationId:guid}/register/alerts", "/api/v1/organizations/{id}/register/alerts", "401", "200", "404", "200", "404", "200"),
        new("POST", "/api/v1/organizations/{organizationId:guid}/register/alerts/{id:guid}/acknowledge", "/api/v1/organizations/{id}/register/alerts/00000000-0000-0000-0000-000000000001/acknowledge", "401", "404", "404", "404", "404", "404", Json: new { }),
        // Rights requests over the API: the organisation first (someone else's: 404), then the roles — a member who does
        // not see requests (a reader, a platform administrator who is not a member) is refused even to read (403) — then
        // the request (unknown: 404).
        new("GET", "/api/v1/organizations/{organizationId:guid}/requests/", "/api/v1/organizations/{id}/requests", "401", "403", "404", "200", "404", "403"),
        new("POST", "/api/v1/organizations/{organizationId:guid}/requests/", "/api/v1/organizations/{id}/requests", "401", "403", "404", "400", "404", "403", Json: new { }),
        new("GET", "/api/v1/organizations/{organizationId:guid}/requests/{id:guid}", "/api/v1/organizations/{id}/requests/00000000-0000-0000-0000-000000000001", "401", "403", "404", "404", "404", "403"),
        new("PUT", "/api/v1/organizations/{organizationId:guid}/requests/{id:guid}", "/api/v1/organizations/{id}/requests/00000000-0000-0000-0000-000000000001", "401", "403", "404", "404", "404", "403", Json: new { version = 1, request = new { } }),
        new("POST", "/api/v1/organizations/{organizationId:guid}/requests/{id:guid}/actions", "/api/v1/organizations/{id}/requests/00000000-0000-0000-0000-000000000001/actions", "401", "403", "404", "404", "404", "403", Json: new { version = 1, action = "Start" }),
        // The privacy module works in the person's current organisation: the reader's and the Admin's are their own
        // ("foreign" changes nothing on these paths); the platform administrator has none and is asked to choose one (200).
        // Processor and alert ids below exist nowhere: 404 for whoever has a current organisation.
        new("GET", "registre/sous-traitants", "/registre/sous-traitants", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "registre/sous-traitants/nouveau", "/registre/sous-traitants/nouveau", SignIn, Denied, Denied, "200", "200", "200"),
        // An empty form: refused before reading it, or shown again with its errors (nothing created).
        new("POST", "registre/sous-traitants/nouveau", "/registre/sous-traitants/nouveau", SignIn, Denied, Denied, "200", "200", "200", Form: []),
        new("GET", "registre/sous-traitants/{id:guid}", $"/registre/sous-traitants/{Nowhere}", SignIn, "404", "404", "404", "404", "200"),
        new("GET", "registre/sous-traitants/{id:guid}/modifier", $"/registre/sous-traitants/{Nowhere}/modifier", SignIn, "404", "404", "404", "404", "200"),
        new("POST", "registre/sous-traitants/{id:guid}/modifier", $"/registre/sous-traitants/{Nowhere}/modifier", SignIn, "404", "404", "404", "404", "200",
            Form: new() { ["Version"] = "1", ["Input.Name"] = "Essai" }),
        new("POST", "registre/sous-traitants/{id:guid}", $"/registre/sous-traitants/{Nowhere}?handler=archive", SignIn, "404", "404", "404", "404", "200",
            Form: new() { ["version"] = "1" }),
        new("GET", "registre/alertes", "/registre/alertes", SignIn, "200", "200", "200", "200", "200"),
        // Only the controller acknowledges; an alert that does not exist is not found first, whoever asks.
        new("POST", "registre/alertes", "/registre/alertes?handler=acknowledge", SignIn, "404", "404", "404", "404", "200",
            Form: new() { ["alertId"] = Nowhere.ToString() }),
        new("POST", "registre/alertes", "/registre/alertes?handler=check", SignIn, Denied, Denied, "302:/registre/alertes", "302:/registre/alertes", "200", Form: []),
        new("GET", "registre/contacts", "/registre/contacts", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "registre/a-date", "/registre/a-date?date=2026-01-31", SignIn, "200", "200", "200", "200", "200"),
        // The file of the current organisation's register, for any member; a wrong format is a 400 page.
        new("GET", "registre/export", "/registre/export?format=csv", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "registre/export", "/registre/export?format=xlsx&date=2026-01-31", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "registre/export", "/registre/export?format=ods", SignIn, "400", "400", "400", "400", "200"),
        // Importing is for the register's keepers; the template is for any member. The upload id exists nowhere: 404.
        new("GET", "registre/import", "/registre/import", SignIn, Denied, Denied, "200", "200", "200"),
        // No file: the form again with its error, nothing kept.
        new("POST", "registre/import", "/registre/import", SignIn, Denied, Denied, "200", "200", "200", Form: []),
        new("GET", "registre/import/modele", "/registre/import/modele", SignIn, "200", "200", "200", "200", "200"),
        new("GET", "registre/import/{id:guid}", $"/registre/import/{Nowhere}", SignIn, Denied, Denied, "404", "404", "200"),
        new("POST", "registre/import/{id:guid}", $"/registre/import/{Nowhere}", SignIn, Denied, Denied, "404", "404", "200", Form: []),
        new("GET", "registre/import/{id:guid}/correspondance", $"/registre/import/{Nowhere}/correspondance", SignIn, Denied, Denied, "404", "404", "200"),
        new("POST", "registre/import/{id:guid}/correspondance", $"/registre/import/{Nowhere}/correspondance", SignIn, Denied, Denied, "404", "404", "200", Form: []),
        // One entry as PDF, for any member; an entry of no organisation of theirs is not found.
        new("GET", "registre/{id:guid}/pdf", $"/registre/{UnknownActivity}/pdf", SignIn, "404", "404", "404", "404", "200"),
        // A letter of a rights request (DOCX), for those who see requests; a request id that exists nowhere is not found
        // for every member, before their roles are looked at; an unknown letter too.
        new("GET", "demandes/{id:guid}/courrier/{kind}", $"/demandes/{Nowhere}/courrier/accuse-reception", SignIn, "404", "404", "404", "404", "200"),
        new("GET", "demandes/{id:guid}/courrier/{kind}", $"/demandes/{Nowhere}/courrier/lettre", SignIn, "404", "404", "404", "404", "200"),
        // The breach register is the current organisation's casework: a reader is refused (403) before anything is looked
        // up; the platform administrator has no current organisation and is asked to choose one (200). Ids exist nowhere: 404.
        new("GET", "violations", "/violations", SignIn, Denied, Denied, "200", "200", "200"),
        new("GET", "violations/nouvelle", "/violations/nouvelle", SignIn, Denied, Denied, "200", "200", "200"),
        // An empty form: refused before reading it, or shown again with its errors (nothing recorded).
        new("POST", "violations/nouvelle", "/violations/nouvelle", SignIn, Denied, Denied, "200", "200", "200", Form: []),
        new("GET", "violations/{id:guid}", $"/violations/{Nowhere}", SignIn, Denied, Denied, "404", "404", "200"),
        new("POST", "violations/{id:guid}", $"/violations/{Nowhere}?handler=decide", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Decide.Version"] = "1", ["Decide.Decision"] = "Notify" }),
        new("POST", "violations/{id:guid}", $"/violations/{Nowhere}?handler=persons", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Persons.Version"] = "1", ["Persons.Communication"] = "NotRequired" }),
        new("POST", "violations/{id:guid}", $"/violations/{Nowhere}?handler=close", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Close.Version"] = "1", ["Close.Summary"] = "Essai" }),
        new("GET", "violations/{id:guid}/modifier", $"/violations/{Nowhere}/modifier", SignIn, Denied, Denied, "404", "404", "200"),
        new("POST", "violations/{id:guid}/modifier", $"/violations/{Nowhere}/modifier", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Version"] = "1", ["Input.Title"] = "Essai" }),
        new("GET", "violations/{id:guid}/notification", $"/violations/{Nowhere}/notification?type=complete", SignIn, Denied, Denied, "404", "404", "200"),
        new("GET", "violations/{id:guid}/notification", $"/violations/{Nowhere}/notification?handler=download&type=initiale", SignIn, Denied, Denied, "404", "404", "200"),
        new("POST", "violations/{id:guid}/notification", $"/violations/{Nowhere}/notification", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Record.Kind"] = "Complete", ["Record.NotifiedDate"] = "2026-01-31", ["Record.NotifiedTime"] = "10:00" }),
        // Rights requests name people: their keepers and the controller see them, a reader is refused (403 before
        // anything is looked up); the platform administrator has no current organisation and is asked to choose one.
        // The request and document ids exist nowhere: 404 for whoever may see requests.
        new("GET", "demandes", "/demandes", SignIn, Denied, Denied, "200", "200", "200"),
        new("GET", "demandes/nouvelle", "/demandes/nouvelle", SignIn, Denied, Denied, "200", "200", "200"),
        // An empty form: refused before reading it, or shown again with its errors (nothing recorded).
        new("POST", "demandes/nouvelle", "/demandes/nouvelle", SignIn, Denied, Denied, "200", "200", "200", Form: []),
        new("GET", "demandes/{id:guid}", $"/demandes/{Nowhere}", SignIn, Denied, Denied, "404", "404", "200"),
        new("POST", "demandes/{id:guid}", $"/demandes/{Nowhere}?handler=start", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Version"] = "1" }),
        new("POST", "demandes/{id:guid}", $"/demandes/{Nowhere}?handler=identity", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Version"] = "1", ["Act.IdentityProofRequestedOn"] = "2026-01-31" }),
        new("POST", "demandes/{id:guid}", $"/demandes/{Nowhere}?handler=extend", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Version"] = "1", ["Act.ToldOn"] = "2026-01-31", ["Act.ExtensionMonths"] = "2", ["Act.Reason"] = "Essai" }),
        new("POST", "demandes/{id:guid}", $"/demandes/{Nowhere}?handler=answer", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Version"] = "1", ["Act.AnsweredOn"] = "2026-01-31", ["Act.AnswerSummary"] = "Essai" }),
        new("POST", "demandes/{id:guid}", $"/demandes/{Nowhere}?handler=refuse", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Version"] = "1", ["Act.RefusedOn"] = "2026-01-31", ["Act.RefusalReason"] = "Excessive", ["Act.RefusalDetail"] = "Essai" }),
        new("GET", "demandes/{id:guid}/modifier", $"/demandes/{Nowhere}/modifier", SignIn, Denied, Denied, "404", "404", "200"),
        new("POST", "demandes/{id:guid}/modifier", $"/demandes/{Nowhere}/modifier", SignIn, Denied, Denied, "404", "404", "200",
            Form: new() { ["Version"] = "1", ["Input.RequesterName"] = "Essai", ["Input.ReceivedOn"] = "2026-01-31" }),
        new("GET", "demandes/{id:guid}/documents", $"/demandes/{Nowhere}/documents", SignIn, Denied, Denied, "404", "404", "200"),
        new("POST", "demandes/{id:guid}/documents", $"/demandes/{Nowhere}/documents", SignIn, Denied, Denied, "404", "404", "200", Form: []),
        new("GET", "demandes/{id:guid}/documents/{documentId:guid}", $"/demandes/{Nowhere}/documents/{Nowhere}", SignIn, Denied, Denied, "404", "404", "200"),
        // The catalogues are the platform's: its administrator alone keeps them.
        new("GET", "catalogues", "/catalogues", SignIn, Denied, Denied, Denied, Denied, "200"),
        new("GET", "catalogues/nouveau", "/catalogues/nouveau", SignIn, Denied, Denied, Denied, Denied, "200"),
        new("POST", "catalogues/nouveau", "/catalogues/nouveau", SignIn, Denied, Denied, Denied, Denied, "200", Form: []),
        new("GET", "catalogues/{id:guid}", $"/catalogues/{Nowhere}", SignIn, Denied, Denied, Denied, Denied, "404"),
        new("POST", "catalogues/{id:guid}", $"/catalogues/{Nowhere}", SignIn, Denied, Denied, Denied, Denied, "404", Form: new() { ["Version"] = "0" }),
        new("GET", "catalogues/pays/nouveau", "/catalogues/pays/nouveau", SignIn, Denied, Denied, Denied, Denied, "200"),
        new("POST", "catalogues/pays/nouveau", "/catalogues/pays/nouveau", SignIn, Denied, Denied, Denied, Denied, "200", Form: []),
        new("GET", "catalogues/pays/{code}", "/catalogues/pays/FR", SignIn, Denied, Denied, Denied, Denied, "200"),
        // Stale version: shown again with the conflict message, nothing saved.
        new("POST", "catalogues/pays/{code}", "/catalogues/pays/FR", SignIn, Denied, Denied, Denied, Denied, "200",
            Form: new() { ["Version"] = "999", ["Input.Name"] = "France", ["Input.Zone"] = "EuropeanEconomicArea", ["Input.CheckedOn"] = "2026-01-31" }),
        // The breach register over the API: the organisation first (someone else's: 404), then the roles (a reader, or a
        // platform administrator who is not a member, does not see the casework: 403), then the breach (unknown: 404).
        new("GET", "/api/v1/organizations/{organizationId:guid}/breaches/", "/api/v1/organizations/{id}/breaches", "401", "403", "404", "200", "404", "403"),
        new("POST", "/api/v1/organizations/{organizationId:guid}/breaches/", "/api/v1/organizations/{id}/breaches", "401", "403", "404", "400", "404", "403", Json: new { }),
        new("GET", "/api/v1/organizations/{organizationId:guid}/breaches/{id:guid}", "/api/v1/organizations/{id}/breaches/00000000-0000-0000-0000-000000000001", "401", "403", "404", "404", "404", "403"),
        new("PUT", "/api/v1/organizations/{organizationId:guid}/breaches/{id:guid}", "/api/v1/organizations/{id}/breaches/00000000-0000-0000-0000-000000000001", "401", "403", "404", "404", "404", "403", Json: new { version = 1, breach = new { title = "Essai" } }),
        new("POST", "/api/v1/organizations/{organizationId:guid}/breaches/{id:guid}/decision", "/api/v1/organizations/{id}/breaches/00000000-0000-0000-0000-000000000001/decision", "401", "403", "404", "404", "404", "403", Json: new { version = 1, decision = "Notify" }),
        new("POST", "/api/v1/organizations/{organizationId:guid}/breaches/{id:guid}/notifications", "/api/v1/organizations/{id}/breaches/00000000-0000-0000-0000-000000000001/notifications", "401", "403", "404", "404", "404", "403", Json: new { kind = "Complete", notifiedAt = "2026-01-31T10:00:00Z" }),
        new("GET", "/api/v1/organizations/{organizationId:guid}/breaches/{id:guid}/notification-content", "/api/v1/organizations/{id}/breaches/00000000-0000-0000-0000-000000000001/notification-content?kind=Initial", "401", "403", "404", "404", "404", "403"),
        new("POST", "/api/v1/organizations/{organizationId:guid}/breaches/{id:guid}/persons-communication", "/api/v1/organizations/{id}/breaches/00000000-0000-0000-0000-000000000001/persons-communication", "401", "403", "404", "404", "404", "403", Json: new { version = 1, communication = "NotRequired" }),
        new("POST", "/api/v1/organizations/{organizationId:guid}/breaches/{id:guid}/close", "/api/v1/organizations/{id}/breaches/00000000-0000-0000-0000-000000000001/close", "401", "403", "404", "404", "404", "403", Json: new { version = 1, summary = "Essai" }),
        new("GET", "/api/v1/organizations/", "/api/v1/organizations", "401", "200", "200", "200", "200", "200"),
        new("GET", "/api/v1/organizations/{id:guid}", "/api/v1/organizations/{id}", "401", "200", "404", "200", "404", "200"),
        new("POST", "/api/v1/organizations/", "/api/v1/organizations", "401", "403", "403", "403", "403", "400", Json: new { }),
        new("PUT", "/api/v1/organizations/{id:guid}", "/api/v1/organizations/{id}", "401", "403", "404", "409", "404", "409",
            Json: new { version = 999, organization = new { kind = "Commune", name = "Essai" } }), // stale version: nothing saved
    ];

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task EveryRoute_EveryPersona_AsWrittenInTheMatrix(Db provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var factory = new EgideWebFactory(database);
        var ct = TestContext.Current.CancellationToken;

        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "").Distinct().ToList();
        var missing = mapped.Where(route => Matrix.All(r => r.Route != route)).ToList();
        Assert.True(missing.Count == 0, "Routes without a row in the authorisation matrix: " + string.Join(", ", missing));

        Guid own, foreign;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var create = scope.ServiceProvider.GetRequiredService<CreateOrganization.Handler>();
            own = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune d'Achicourt" }, ct)).Value;
            foreign = (await create.Handle(new OrganizationInput { Kind = OrganizationKind.Commune, Name = "Commune de Beaurains" }, ct)).Value;
        }
        var personas = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = factory.CreateClient(new() { AllowAutoRedirect = false }),
            ["reader"] = await SignedIn(factory, await TestAccounts.CreateAsync(factory.Services, "lecteur@achicourt.example", memberships: (own, OrganizationRoles.Reader))),
            ["admin"] = await SignedIn(factory, await TestAccounts.CreateAsync(factory.Services, "admin@achicourt.example", memberships: (own, OrganizationRoles.Admin))),
            ["platform"] = await SignedIn(factory, await TestAccounts.CreateAsync(factory.Services, "plateforme@egide.example", platformAdmin: true)),
        };

        var failures = new List<string>();
        foreach (var row in Matrix)
        {
            foreach (var (persona, target, expected) in new[]
            {
                ("anonymous", own, row.Anonymous),
                ("reader", own, row.ReaderOwn), ("reader", foreign, row.ReaderForeign),
                ("admin", own, row.AdminOwn), ("admin", foreign, row.AdminForeign),
                ("platform", foreign, row.PlatformAdmin),
            })
            {
                var actual = await Call(personas[persona], row, row.Path.Replace("{id}", target.ToString(), StringComparison.Ordinal), ct);
                if (actual != expected)
                {
                    failures.Add($"{row.Method} {row.Path} as {persona} ({(target == own ? "own" : "foreign")}): expected {expected}, got {actual}");
                }
            }
        }
        foreach (var client in personas.Values)
        {
            client.Dispose();
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static async Task<HttpClient> SignedIn(EgideWebFactory factory, TestAccount account)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await client.SignInAsync(account);
        return client;
    }

    private static async Task<string> Call(HttpClient client, Row row, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(path, UriKind.Relative));
        if (row.Json is not null)
        {
            request.Content = JsonContent.Create(row.Json);
        }
        else if (row.Form is not null)
        {
            // A genuine antiforgery token of this person, taken from a page anyone may open.
            var page = await HtmlPage.GetAsync(client, "/deconnexion");
            var token = page.FormValues("main form[method=post]")["__egide_af"];
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>(row.Form) { ["__egide_af"] = token });
        }
        using var response = await client.SendAsync(request, ct);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
            return $"{status}:{target}";
        }
        return status;
    }
}
