using Egide.Core.Account;
using Egide.Core.Audit;
using Egide.Core.Configuration;
using Egide.Core.Data;
using Egide.Core.Demo;
using Egide.Core.Mail;
using Egide.Core.Organizations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Egide.Core;

public static class CoreServices
{
    /// <summary>
    /// Registers the settings, the database and the use cases shared by the web app and the CLI.
    /// Settings are read when first needed, so that a host's late configuration (tests) is seen.
    /// </summary>
    public static IServiceCollection AddEgideCore(this IServiceCollection services)
    {
        services.AddSingleton(sp => EgideSettings.Load(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new EgideDbFactory(sp.GetRequiredService<EgideSettings>(), sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(TimeProvider.System);
        // The CLI's actor; the web application replaces it with the person making the request.
        services.TryAddScoped<IAuditActor>(_ => SystemAuditActor.Cli);
        services.AddScoped(sp => sp.GetRequiredService<EgideDbFactory>()
            .Create(sp.GetRequiredService<IAuditActor>(), sp.GetRequiredService<TimeProvider>()));

        services.AddScoped<CreateOrganization.Handler>();
        services.AddScoped<UpdateOrganization.Handler>();
        services.AddScoped<ListOrganizations.Handler>();
        services.AddScoped<GetOrganization.Handler>();
        services.AddScoped<DemoData>();
        services.AddScoped<DemoAccounts>();
        services.AddScoped<DemoRegisters>();
        services.AddScoped<DemoCasework>();
        services.AddEgideIdentity();
        services.AddScoped<ListAuditEntries.Handler>();
        services.AddPrivacyRegister();
        Privacy.Requests.Letters.LetterServices.AddRequestLetters(services);
        Privacy.Breaches.BreachServices.AddDataBreaches(services);
        Deadlines.CalendarServices.AddCalendarFeeds(services);
        services.AddScoped<Deadlines.DeadlineReminders.Handler>();
        Privacy.Requests.RightsRequestServices.AddRightsRequests(services);
        // A factory: the CLI registers no logging, and its provider validates every registration on build.
        services.AddScoped(sp => new OutboxSender(
            sp.GetRequiredService<EgideDb>(),
            sp.GetRequiredService<EgideSettings>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<OutboxSender>>()));
        return services;
    }

    private static void AddPrivacyRegister(this IServiceCollection services)
    {
        services.AddScoped<Privacy.Register.CreateProcessingActivity.Handler>();
        services.AddScoped<Privacy.Register.UpdateProcessingActivity.Handler>();
        services.AddScoped<Privacy.Register.ChangeActivityStatus.Handler>();
        services.AddScoped<Privacy.Register.ListProcessingActivities.Handler>();
        services.AddScoped<Privacy.Register.SaveProcessor.Handler>();
        services.AddScoped<Privacy.Register.ArchiveProcessor.Handler>();
        services.AddScoped<Privacy.Register.AcknowledgeRegisterAlert.Handler>();
        services.AddScoped<Privacy.Register.CheckRegister.Handler>();
        services.AddScoped<Privacy.Register.Exchange.ExportRegister.Handler>();
        services.AddScoped<Privacy.Register.Exchange.ImportRegister.Handler>();
        services.AddScoped<Privacy.Register.Exchange.ImportFlatRegister.Handler>();
        services.AddScoped<Privacy.Register.Exchange.ImportRegisterFile.Handler>();
        services.AddScoped<Privacy.Register.Exchange.ExportActivity.Handler>();
    }
}
