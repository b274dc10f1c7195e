using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Augur.Boosting.Native;

/// <summary>
/// LightGBM parameter strings (<c>key1=value1 key2=value2</c>) and LightGBM's own table of parameter names and aliases
/// (<c>LGBM_DumpParamAliases</c>), used to check raw parameter names before LightGBM sees them: LightGBM itself only
/// warns about an unknown name and ignores it.
/// </summary>
internal static unsafe class LightGbmParameters
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_canonical = new(LoadAliases);

    /// <summary>Maps every LightGBM parameter name and alias to its canonical name (<c>n_estimators</c> → <c>num_iterations</c>).</summary>
    public static IReadOnlyDictionary<string, string> Canonical => s_canonical.Value;

    /// <summary>The canonical name of <paramref name="name"/>, or null when LightGBM has no such parameter.</summary>
    public static string? CanonicalName(string name) => Canonical.TryGetValue(name.Trim(), out var c) ? c : null;

    private static Dictionary<string, string> LoadAliases()
    {
        LightGbmApi.Prepare();
        long bufferLen = 1 << 16;
        string json;
        while (true)
        {
            var buffer = new byte[bufferLen];
            long needed;
            fixed (byte* p = buffer)
                LightGbmApi.Check(LightGbmApi.LGBM_DumpParamAliases(buffer.Length, out needed, p), "list its parameters");
            if (needed > buffer.Length)
            {
                bufferLen = needed;
                continue;
            }
            json = Encoding.UTF8.GetString(buffer, 0, (int)Math.Max(needed - 1, 0));
            break;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            map[p.Name] = p.Name;
            if (p.Value.ValueKind == JsonValueKind.Array)
                foreach (var alias in p.Value.EnumerateArray())
                    if (alias.GetString() is { Length: > 0 } a) map.TryAdd(a, p.Name);
        }
        return map;
    }

    /// <summary>Formats a value the way LightGBM parses it (invariant numbers, lower-case booleans).</summary>
    public static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Joins parameters into LightGBM's <c>key=value key=value</c> form.</summary>
    public static string Join(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in parameters)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(k).Append('=').Append(v);
        }
        return sb.ToString();
    }

    /// <summary>True when <paramref name="text"/> can travel inside a parameter string (no blanks, no '=', not empty).</summary>
    public static bool IsSafeToken(string text) =>
        text.Length > 0 && !text.Any(c => char.IsWhiteSpace(c) || c == '=' || char.IsControl(c));
}
