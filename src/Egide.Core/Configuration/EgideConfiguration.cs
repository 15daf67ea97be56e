using Microsoft.Extensions.Configuration;

namespace Egide.Core.Configuration;

public static class EgideConfiguration
{
    /// <summary>
    /// Adds the EGIDE_-prefixed environment variables, then the command line again so that it keeps
    /// the highest precedence. <c>EGIDE_DATA</c> becomes the key <c>DATA</c>, the same key as <c>--data</c>.
    /// </summary>
    public static IConfigurationBuilder AddEgideSources(this IConfigurationBuilder builder, string[] args) =>
        builder.AddEnvironmentVariables("EGIDE_").AddCommandLine(args);

    /// <summary>The configuration of the CLI: environment, then the values given as options.</summary>
    public static IConfiguration ForCli(IEnumerable<KeyValuePair<string, string?>> options) =>
        new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddEnvironmentVariables("EGIDE_")
            .AddInMemoryCollection(options)
            .Build();
}
