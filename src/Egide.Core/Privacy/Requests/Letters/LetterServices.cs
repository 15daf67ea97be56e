using Microsoft.Extensions.DependencyInjection;

namespace Egide.Core.Privacy.Requests.Letters;

public static class LetterServices
{
    /// <summary>The letters of rights requests (DOCX).</summary>
    public static IServiceCollection AddRequestLetters(this IServiceCollection services)
    {
        services.AddScoped<GetRequestLetter.Handler>();
        return services;
    }
}
