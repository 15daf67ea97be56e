using Microsoft.Extensions.Configuration;

namespace Egide.Core.Configuration;

public static class EgideConfiguration
{
    /// <summary>The command-line flags, mapped to the keys that the environment variables also set.</summary>
    public static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        ["--data"] = EgideSettings.DataKey,
        ["--database"] = EgideSettings.DatabaseKey,
        ["--demo"] = EgideSettings.DemoKey,
        ["--public-url"] = EgideSettings.PublicUrlKey,
    };

    /// <summary>
    /// Adds the command line with the flags mapped to their keys (<c>--data</c> sets <c>EGIDE_DATA</c>),
    /// last, so that it overrides the environment and appsettings.json.
    /// </summary>
    public static IConfigurationBuilder AddEgideSources(this IConfigurationBuilder builder, string[] args) =>
        builder.AddCommandLine(args, Flags.ToDictionary(f => f.Key, f => f.Value));

    /// <summary>The configuration of the CLI: environment, then the values given as options.</summary>
    public static IConfiguration ForCli(IEnumerable<KeyValuePair<string, string?>> options) =>
        new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(options)
            .Build();
}
