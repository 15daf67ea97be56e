using System.Text.Json;
using System.Text.Json.Serialization;

namespace Egide.Core.Privacy.Register;

/// <summary>How the register's JSON documents (entry content, versions, processors' transfers) are written and read.</summary>
internal static class RegisterJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
