using System.Text.Json.Serialization;
using Egide.Core.Audit;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Egide.Web.Infrastructure;

public static class WebServices
{
    /// <summary>Largest request body accepted by default (forms and JSON); upload endpoints raise it for themselves.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddEgideWeb(this IServiceCollection services)
    {
        services.AddEgideAuthentication();
        services.AddRazorPages(o => o.RootDirectory = "/Features")
            .AddMvcOptions(o =>
            {
                FrenchBindingMessages.Apply(o.ModelBindingMessageProvider);
                o.Filters.Add<AntiforgeryAudit>();
            });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "egide.af";
            o.FormFieldName = "__egide_af";
        });
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = MaxRequestBodyBytes);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            o.AddServerHeader = false;
        });
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
            // Titles the framework fills in are English; the ones Egide writes are French and stay.
            if (FrenchStatus.Title(status) is { } title && !FrenchStatus.IsOwnTitle(c.ProblemDetails.Title))
            {
                c.ProblemDetails.Title = title;
                c.ProblemDetails.Detail ??= FrenchStatus.Detail(status);
            }
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Egide API";
            document.Info.Description = "Gouvernance RGPD et cybersécurité des collectivités. Erreurs au format RFC 7807 (problem details).";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        // Whatever the order of registration, the web application's actor replaces the CLI's default.
        services.AddHttpContextAccessor();
        services.Replace(ServiceDescriptor.Scoped<IAuditActor, WebAuditActor>());
        services.AddHostedService<OutboxWorker>();
        services.AddHostedService<Features.Privacy.Register.RegisterCheckWorker>();
        services.AddHostedService<Features.Deadlines.DeadlineReminderWorker>();
        services.AddHostedService<DataProtectionKeyWorker>();
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        return services;
    }
}

/// <summary>French wording of the HTTP errors people and API clients meet.</summary>
public static class FrenchStatus
{
    public const string ValidationTitle = "Certaines informations sont invalides.";

    private static readonly HashSet<string> OwnTitles =
        [ValidationTitle, .. new[] { 400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503 }.Select(s => Title(s)!)];

    public static bool IsOwnTitle(string? title) => title is not null && OwnTitles.Contains(title);

    public static string? Title(int status) => status switch
    {
        400 => "Requête invalide",
        401 => "Authentification requise",
        403 => "Accès refusé",
        404 => "Page ou ressource introuvable",
        405 => "Méthode non autorisée",
        409 => "Conflit de modification",
        413 => "Envoi trop volumineux",
        415 => "Format de contenu non pris en charge",
        429 => "Trop de requêtes",
        500 => "Erreur interne",
        503 => "Service indisponible",
        _ => null,
    };

    public static string? Detail(int status) => status switch
    {
        400 => "La requête est incomplète ou mal formée. Si vous envoyiez un formulaire, rechargez la page et recommencez.",
        404 => "L'adresse demandée ne correspond à aucune page ou ressource.",
        413 => $"L'envoi dépasse la taille maximale autorisée ({WebServices.MaxRequestBodyBytes / 1024} Kio). Rien n'a été enregistré.",
        415 => "Envoyez le contenu au format JSON (Content-Type: application/json).",
        500 => "Une erreur inattendue s'est produite. Rien n'a été enregistré ; réessayez ou contactez l'administrateur.",
        _ => null,
    };
}

internal static class FrenchBindingMessages
{
    public static void Apply(Microsoft.AspNetCore.Mvc.ModelBinding.Metadata.DefaultModelBindingMessageProvider p)
    {
        p.SetAttemptedValueIsInvalidAccessor((value, _) => $"La valeur « {value} » n'est pas valide.");
        p.SetValueIsInvalidAccessor(value => $"La valeur « {value} » n'est pas valide.");
        p.SetValueMustBeANumberAccessor(_ => "Saisissez un nombre entier, sans espace ni lettre.");
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"La valeur « {value} » n'est pas valide.");
        p.SetUnknownValueIsInvalidAccessor(_ => "La valeur saisie n'est pas valide.");
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => "La valeur saisie n'est pas valide.");
        p.SetValueMustNotBeNullAccessor(_ => "Ce champ est obligatoire.");
        p.SetMissingBindRequiredValueAccessor(_ => "Ce champ est obligatoire.");
        p.SetMissingKeyOrValueAccessor(() => "Ce champ est obligatoire.");
        p.SetMissingRequestBodyRequiredValueAccessor(() => "Le corps de la requête est vide.");
        p.SetNonPropertyValueMustBeANumberAccessor(() => "Saisissez un nombre entier.");
    }
}
