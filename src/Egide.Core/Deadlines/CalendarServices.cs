using Microsoft.Extensions.DependencyInjection;

namespace Egide.Core.Deadlines;

public static class CalendarServices
{
    /// <summary>The calendar addresses' use cases (the page, the feed endpoint, the CLI).</summary>
    public static IServiceCollection AddCalendarFeeds(this IServiceCollection services)
    {
        services.AddScoped<CreateCalendarFeed.Handler>();
        services.AddScoped<RevokeCalendarFeed.Handler>();
        services.AddScoped<ListCalendarFeeds.Handler>();
        services.AddScoped<ReadCalendarFeed.Handler>();
        return services;
    }
}
