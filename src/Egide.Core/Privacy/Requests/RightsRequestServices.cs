using Microsoft.Extensions.DependencyInjection;

namespace Egide.Core.Privacy.Requests;

public static class RightsRequestServices
{
    public static IServiceCollection AddRightsRequests(this IServiceCollection services)
    {
        services.AddScoped<RecordRightsRequest.Handler>();
        services.AddScoped<UpdateRightsRequest.Handler>();
        services.AddScoped<ChangeRightsRequest.Handler>();
        services.AddScoped<AddRightsRequestDocument.Handler>();
        services.AddScoped<GetRightsRequestDocument.Handler>();
        services.AddScoped<ListRightsRequests.Handler>();
        services.AddScoped<GetRightsRequest.Handler>();
        return services;
    }
}
