using Egide.Core.Common;

namespace Egide.Cli;

internal static class French
{
    /// <summary>"0 organisme", "1 organisme", "2 organismes": French takes the singular below two.</summary>
    public static string Count(long count, string singular, string plural) =>
        $"{FrenchFormat.Number(count)} {(count < 2 ? singular : plural)}";
}
