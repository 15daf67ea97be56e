using Microsoft.Extensions.DependencyInjection;

namespace Egide.Core.Privacy.Breaches;

public static class BreachServices
{
    /// <summary>The breach register's use cases (art. 33 and 34 GDPR).</summary>
    public static IServiceCollection AddDataBreaches(this IServiceCollection services)
    {
        services.AddScoped<RecordDataBreach.Handler>();
        services.AddScoped<UpdateDataBreach.Handler>();
        services.AddScoped<DecideBreachNotification.Handler>();
        services.AddScoped<RecordBreachNotification.Handler>();
        services.AddScoped<RecordPersonsCommunication.Handler>();
        services.AddScoped<CloseDataBreach.Handler>();
        services.AddScoped<ListDataBreaches.Handler>();
        services.AddScoped<GetDataBreach.Handler>();
        services.AddScoped<PrepareBreachNotification.Handler>();
        return services;
    }
}
