using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augur.Linear;

/// <summary>
/// Weights that multiply the loss of each class's samples (scikit-learn's <c>class_weight</c>): either
/// <see cref="Balanced"/> (<c>n_samples / (n_classes · count(class))</c>) or an explicit weight per class label
/// (labels not listed weigh 1). Written as text: <c>balanced</c>, or <c>label:weight,label:weight</c> (for
/// example <c>0:1,1:5</c>); a string converts implicitly, so <c>ClassWeight = "balanced"</c> works.
/// </summary>
[JsonConverter(typeof(ClassWeightJsonConverter))]
public sealed class ClassWeight : IParsable<ClassWeight>, IEquatable<ClassWeight>
{
    private readonly Dictionary<string, double> _weights;

    private ClassWeight(bool balanced, Dictionary<string, double> weights)
    {
        IsBalanced = balanced;
        _weights = weights;
    }

    /// <summary>Weights inversely proportional to class frequencies in the training target.</summary>
    public static ClassWeight Balanced { get; } = new(true, new Dictionary<string, double>(StringComparer.Ordinal));

    /// <summary>True for <see cref="Balanced"/>.</summary>
    public bool IsBalanced { get; }

    /// <summary>The explicit weights by class label (empty for <see cref="Balanced"/>).</summary>
    public IReadOnlyDictionary<string, double> Weights => _weights;

    /// <summary>Explicit weights by class label (as the label's display text: <c>1</c>, <c>setosa</c>, <c>true</c>).</summary>
    public static ClassWeight Of(IReadOnlyDictionary<string, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var copy = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, w) in weights)
        {
            if (!double.IsFinite(w) || w < 0) throw new AugurException($"class weight {w} for label '{label}' must be finite and non-negative");
            copy[label] = w;
        }
        return new ClassWeight(false, copy);
    }

    /// <summary>Parses <c>balanced</c> or <c>label:weight,label:weight</c>.</summary>
    public static implicit operator ClassWeight(string text) => Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Parses <c>balanced</c> or <c>label:weight,label:weight</c>.</summary>
    public static ClassWeight FromString(string text) => Parse(text, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static ClassWeight Parse(string s, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        var t = s.Trim();
        if (t.Equals("balanced", StringComparison.OrdinalIgnoreCase)) return Balanced;
        t = t.Trim('{', '}');
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0 || !double.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var w))
                throw new FormatException($"class weight '{part}' is not label:weight");
            weights[part[..colon].Trim().Trim('"', '\'')] = w;
        }
        if (weights.Count == 0) throw new FormatException("class weights must be 'balanced' or label:weight pairs");
        return Of(weights);
    }

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out ClassWeight result)
    {
        result = null;
        if (s is null) return false;
        try
        {
            result = Parse(s, provider);
            return true;
        }
        catch (Exception e) when (e is FormatException or AugurException)
        {
            return false;
        }
    }

    /// <summary>The per-class weights for <paramref name="classes"/>, given each training row's class index.</summary>
    internal double[] Resolve(ClassLabels classes, ReadOnlySpan<int> encoded)
    {
        var result = new double[classes.Count];
        if (IsBalanced)
        {
            var counts = new int[classes.Count];
            foreach (var k in encoded) counts[k]++;
            for (var k = 0; k < result.Length; k++)
                result[k] = counts[k] == 0 ? 1.0 : (double)encoded.Length / (classes.Count * counts[k]);
            return result;
        }
        Array.Fill(result, 1.0);
        foreach (var (label, w) in _weights)
        {
            var k = classes.IndexOf(label);
            if (k < 0) throw new AugurException($"class weight given for label '{label}', which is not a class of the target ({string.Join(", ", classes.Names.Take(10))})");
            result[k] = w;
        }
        return result;
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsBalanced ? "balanced" : string.Join(",", _weights.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{p.Value.ToString("R", CultureInfo.InvariantCulture)}"));

    /// <inheritdoc />
    public bool Equals(ClassWeight? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ClassWeight);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}

/// <summary>Writes a <see cref="ClassWeight"/> as its text form.</summary>
internal sealed class ClassWeightJsonConverter : JsonConverter<ClassWeight>
{
    public override ClassWeight Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString() ?? throw new JsonException("class weight must be a string");
        try
        {
            return ClassWeight.Parse(s, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or AugurException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, ClassWeight value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
