using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Egide.Core.Audit;

/// <summary>One field of an entry's changes, as text for people: list rows one per line.</summary>
/// <param name="HasBefore">False for a creation or an event (there is no "before").</param>
/// <param name="HasAfter">False for a deletion.</param>
public sealed record AuditFieldChange(string Field, bool HasBefore, string? Before, bool HasAfter, string? After)
{
    /// <summary>Reads <see cref="AuditEntry.Changes"/>; text that is not the expected JSON is shown as it is.</summary>
    public static IReadOnlyList<AuditFieldChange> Parse(string? changes)
    {
        if (string.IsNullOrWhiteSpace(changes))
        {
            return [];
        }
        JsonObject? fields;
        try
        {
            fields = JsonNode.Parse(changes) as JsonObject;
        }
        catch (JsonException)
        {
            fields = null;
        }
        if (fields is null)
        {
            return [new AuditFieldChange("?", false, null, true, changes)];
        }
        var result = new List<AuditFieldChange>();
        foreach (var (field, node) in fields)
        {
            var change = node as JsonObject;
            var hasBefore = change?.ContainsKey(AuditJson.Before) == true;
            var hasAfter = change?.ContainsKey(AuditJson.After) == true;
            result.Add(new AuditFieldChange(
                field,
                hasBefore, hasBefore ? Text(change![AuditJson.Before]) : null,
                hasAfter || change is null, hasAfter ? Text(change![AuditJson.After]) : change is null ? Text(node) : null));
        }
        return result;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonArray list => list.Count == 0 ? null : string.Join("\n", list.Select(Text)),
        // A list row: its name first, then the rest, blanks left out.
        JsonObject row => string.Join(" · ", row
            .OrderBy(p => p.Key == "Name" ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Text(p.Value)).Where(t => !string.IsNullOrEmpty(t))),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "oui" : "non",
        JsonValue value when value.TryGetValue<decimal>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
