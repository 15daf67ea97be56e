namespace Egide.Core.Organizations;

/// <summary>The 9-digit SIREN number of the INSEE register, whose last digit is a Luhn check digit.</summary>
public static class Siren
{
    /// <summary>Removes the spaces people type ("216 207 530").</summary>
    public static string Normalize(string value) =>
        new(value.Where(c => !char.IsWhiteSpace(c) && c != '.').ToArray());

    public static bool HasValidFormat(string siren) => siren.Length == 9 && siren.All(char.IsAsciiDigit);

    public static bool HasValidCheckDigit(string siren)
    {
        if (!HasValidFormat(siren))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var digit = siren[8 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
