using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Serialization;

/// <summary>The JSON settings Augur uses for options, model cards and manifests: snake_case names, enums as strings, NaN allowed.</summary>
public static class AugurJson
{
    /// <summary>Settings for reading and writing Augur's own records (unknown members are an error when reading).</summary>
    public static JsonSerializerOptions Options { get; } = Create(strict: true);

    /// <summary>The same settings, but indented, for humans.</summary>
    public static JsonSerializerOptions Indented { get; } = new(Create(strict: true)) { WriteIndented = true };

    private static JsonSerializerOptions Create(bool strict)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            UnmappedMemberHandling = strict ? JsonUnmappedMemberHandling.Disallow : JsonUnmappedMemberHandling.Skip,
            MaxDepth = 64,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
