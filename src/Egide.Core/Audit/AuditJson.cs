using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Egide.Core.Audit;

/// <summary>How values are written in <see cref="AuditEntry.Changes"/>.</summary>
internal static class AuditJson
{
    public const string Before = "before";
    public const string After = "after";

    /// <summary>What a value marked <see cref="NotAuditedAttribute"/> becomes.</summary>
    public const string Masked = "(masqué)";

    public const string MaskedChanged = "(masqué, modifié)";

    // Accented letters stay readable in the database; the text is never embedded unencoded in HTML.
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static string Serialize(JsonObject changes) => changes.ToJsonString(Options);

    /// <summary>An event's details, as "after" values.</summary>
    public static string? Details(IReadOnlyDictionary<string, object?> details)
    {
        if (details.Count == 0)
        {
            return null;
        }
        var result = new JsonObject();
        foreach (var (field, value) in details.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            result[field] = new JsonObject { [After] = Value(value) };
        }
        return Serialize(result);
    }

    public static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        Guid g => JsonValue.Create(g.ToString("D")),
        DateTime d => JsonValue.Create((d.Kind == DateTimeKind.Utc ? d : d.ToUniversalTime())
            .ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)),
        DateTimeOffset d => JsonValue.Create(d.ToString("O", CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly t => JsonValue.Create(t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        Enum e => JsonValue.Create(e.ToString()),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        short s => JsonValue.Create(s),
        byte b => JsonValue.Create(b),
        decimal m => JsonValue.Create(m),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        float f when float.IsFinite(f) => JsonValue.Create(f),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };
}
