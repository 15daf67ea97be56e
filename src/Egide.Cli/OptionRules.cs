using System.CommandLine;

namespace Egide.Cli;

internal static class OptionRules
{
    /// <summary>
    /// What <c>Option.Required</c> does, with a French message: System.CommandLine 2.0.0's French resources
    /// leave "Option '--name' is required" (and the "(REQUIRED)" help label) in English.
    /// </summary>
    public static void Require(Command command, Option option) =>
        command.Validators.Add(result =>
        {
            if (result.GetResult(option) is null)
            {
                result.AddError($"l'option {option.Name} est obligatoire");
            }
        });
}
