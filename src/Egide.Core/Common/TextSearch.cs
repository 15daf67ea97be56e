using System.Globalization;
using System.Text;

namespace Egide.Core.Common;

public static class TextSearch
{
    /// <summary>
    /// Lower case without diacritics ("Département" → "departement"), stored beside a name so that search
    /// and sorting behave the same on SQLite and PostgreSQL, whatever their collations.
    /// </summary>
    public static string Fold(string value)
    {
        var decomposed = value.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c switch
                {
                    'œ' or 'Œ' => "oe",
                    'æ' or 'Æ' => "ae",
                    '’' => "'",
                    _ => char.ToLowerInvariant(c).ToString(),
                });
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Folded, and runs of spaces (line breaks, tabs) made one: to compare labels people typed.</summary>
    public static string Key(string value) =>
        string.Join(' ', Fold(value).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
