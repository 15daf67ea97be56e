using System.Net.Mail;

namespace Egide.Core.Common;

public static class EmailAddress
{
    /// <summary>A bare address (no display name), with a dot in the domain unless it is localhost.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254 || value.Any(char.IsWhiteSpace))
        {
            return false;
        }
        if (!MailAddress.TryCreate(value, out var address) || address.Address != value)
        {
            return false;
        }
        return address.Host.Contains('.', StringComparison.Ordinal) || address.Host == "localhost";
    }
}
