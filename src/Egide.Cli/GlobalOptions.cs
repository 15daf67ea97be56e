using System.CommandLine;
using Egide.Core.Configuration;

namespace Egide.Cli;

/// <summary>The options every command takes: where the data is. Built once per run (an option belongs to its parsers).</summary>
internal sealed class GlobalOptions
{
    public Option<string> Data { get; } = new("--data")
    {
        Description = "Dossier des données (fichier SQLite egide.db) ; par défaut la variable EGIDE_DATA, sinon ./data.",
        HelpName = "DOSSIER",
        Recursive = true,
    };

    public Option<string> Database { get; } = new("--database")
    {
        Description = "Chaîne de connexion PostgreSQL (Host=...;Database=...;Username=...) ; par défaut la variable "
            + "EGIDE_DATABASE. Sans elle, la base est le fichier SQLite du dossier des données ; --database \"\" "
            + "choisit SQLite même si EGIDE_DATABASE est définie.",
        HelpName = "CONNEXION",
        Recursive = true,
    };

    /// <summary>
    /// Runs a command against the configured database. With <paramref name="migrate"/>, pending migrations are
    /// applied first (as the web application does at start-up), so a fresh data folder works at once.
    /// </summary>
    public async Task<int> RunAsync(
        ParseResult parseResult, bool migrate, Func<EgideSession, Task<int>> command, CancellationToken ct)
    {
        await using var session = EgideSession.Open(Configuration(parseResult));
        return await session.RunAsync(migrate, command, ct);
    }

    /// <summary>The one configuration of web and CLI; an option given, even empty, overrides the environment.</summary>
    private Dictionary<string, string?> Configuration(ParseResult parseResult)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (parseResult.GetResult(Data) is { Implicit: false })
        {
            overrides[EgideSettings.DataKey] = parseResult.GetValue(Data);
        }
        if (parseResult.GetResult(Database) is { Implicit: false })
        {
            overrides[EgideSettings.DatabaseKey] = parseResult.GetValue(Database);
        }
        return overrides;
    }
}
