using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using Egide.Core.Common;
using Egide.Core.Configuration;

namespace Egide.Cli;

/// <summary>
/// The <c>egide</c> command line. Every failure ends here and becomes exactly one line on stderr,
/// starting with <c>egide: </c>: exit code 2 for what the person can fix (command line, input,
/// configuration, database), 1 for an internal error, 0 on success; a few commands have codes of their own
/// (3: <c>egide audit verify</c> found the audit trail altered).
/// </summary>
public static class CliApp
{
    /// <param name="stdin">What <c>--password-stdin</c> reads; the console's input when null.</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null, CancellationToken ct = default)
    {
        // System.CommandLine ships French texts (help headings, parse errors) chosen by the UI culture.
        // Set inside this async method, the culture does not leak to the caller.
        CultureInfo.CurrentUICulture = FrenchFormat.Culture;
        try
        {
            var root = BuildRootCommand(stdin ?? Console.In);
            // No response files: "--name @mairie" is a name, not a file to read arguments from.
            var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parseResult.Errors.Count > 0)
            {
                await WriteErrorAsync(stderr, ParseErrorLine(parseResult));
                return ExitCodes.UserError;
            }
            var invocation = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                // Exceptions come back here, to be reported as one line.
                EnableDefaultExceptionHandler = false,
            };
            return await parseResult.InvokeAsync(invocation, ct);
        }
        catch (CliException e)
        {
            await WriteErrorAsync(stderr, e.Message);
            return e.ExitCode;
        }
        catch (EgideConfigurationException e)
        {
            await WriteErrorAsync(stderr, e.Message);
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            // The caller's token. Ctrl+C ends the process itself (no ProcessTerminationTimeout): each save is
            // one transaction, so an interrupted command leaves nothing half-saved.
            await WriteErrorAsync(stderr, "interrompu.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            await WriteErrorAsync(stderr, $"erreur interne : {e.GetType().Name} : {e.Message}");
            return ExitCodes.InternalError;
        }
    }

    private static RootCommand BuildRootCommand(TextReader stdin)
    {
        var global = new GlobalOptions();
        var root = new RootCommand(
            "Egide : gouvernance RGPD et cybersécurité des organismes publics, en ligne de commande. "
            + "La configuration est celle de l'application web : EGIDE_DATA (--data), EGIDE_DATABASE (--database).")
        {
            global.Data,
            global.Database,
            DbCommands.Create(global),
            OrgCommands.Create(global),
            UserCommands.Create(global, stdin),
            TokenCommands.Create(global),
            RegisterCommands.Create(global),
            DemoCommands.Create(global),
            AuditCommands.Create(global),
            DeadlineCommands.Create(global),
        };
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            // Left in English by System.CommandLine 2.0.0's French resources.
            help.Description = "Affiche l'aide et l'utilisation de la commande.";
        }
        return root;
    }

    /// <summary>All parse errors in one line, with where to find help.</summary>
    private static string ParseErrorLine(ParseResult parseResult)
    {
        var messages = parseResult.Errors.Select(e => e.Message.TrimEnd('.')).Distinct(StringComparer.Ordinal);
        var path = new List<string>();
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult command; result = command.Parent)
        {
            path.Insert(0, command.Command.Name);
        }
        path[0] = "egide";
        return $"{string.Join(" ; ", messages)} (aide : {string.Join(' ', path)} --help)";
    }

    private static Task WriteErrorAsync(TextWriter stderr, string message) =>
        stderr.WriteLineAsync("egide: " + OneLine(message));

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

internal static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int UserError = 2;
    /// <summary>The audit trail's chain is broken: distinct so that scripts can tell tampering from a usage error.</summary>
    public const int AuditTrailAltered = 3;
    /// <summary>Cancelled; the code shells give to a command ended by Ctrl+C.</summary>
    public const int Interrupted = 130;
}

/// <summary>A failure the person can fix (or must know of); its message is the line shown after <c>egide: </c>.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.UserError) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
