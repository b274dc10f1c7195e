using System.Text.Json;
using Augur.Data;
using Augur.Metrics;

namespace Augur.Tests.Metrics;

/// <summary>Reads the metric fixtures written by <c>Fixtures/metrics/generate.py</c>.</summary>
internal static class MetricFixtures
{
    public const double Rtol = 1e-9;
    public const double Atol = 1e-12;

    public static JsonElement Load(string file) => Fixture.Load("metrics", file);

    public static IEnumerable<JsonElement> Cases(string file, string section = "cases") => Load(file).GetProperty(section).EnumerateArray();

    /// <summary>A label array as a column of the type the fixture names (int, float, bool, str).</summary>
    public static Column Labels(JsonElement values, string kind, string name = "y") => kind switch
    {
        "int" => new Int64Column(name, values.EnumerateArray().Select(v => v.GetInt64()).ToArray()),
        "float" => new Float64Column(name, values.Doubles()),
        "bool" => new BoolColumn(name, values.EnumerateArray().Select(v => v.GetBoolean()).ToArray()),
        "str" => new StringColumn(name, values.Strings()),
        _ => throw new InvalidOperationException($"unknown label kind {kind}"),
    };

    /// <summary>Optional sample weights (null in the fixture means none).</summary>
    public static double[]? Weights(JsonElement c, string property = "sample_weight") =>
        c.TryGetProperty(property, out var w) && w.ValueKind == JsonValueKind.Array ? w.Doubles() : null;

    /// <summary>An optional label list.</summary>
    public static Label[]? LabelList(JsonElement c, string property = "labels") =>
        c.TryGetProperty(property, out var l) && l.ValueKind == JsonValueKind.Array ? l.EnumerateArray().Select(ToLabel).ToArray() : null;

    /// <summary>An optional single label.</summary>
    public static Label? OptionalLabel(JsonElement c, string property) =>
        c.TryGetProperty(property, out var l) && l.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined ? (Label?)ToLabel(l) : null;

    public static Label ToLabel(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => e.GetDouble(),
    };

    /// <summary>True when the fixture records that scikit-learn raised.</summary>
    public static bool Raises(JsonElement e) => e.ValueKind == JsonValueKind.String && e.GetString() == "raises";

    /// <summary>A number that may be written as "NaN" / "Infinity".</summary>
    public static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        var s => throw new InvalidOperationException($"not a number: {s}"),
    } : e.GetDouble();

    /// <summary>Asserts that <paramref name="actual"/> matches a fixture value: a number, or "raises" meaning an <see cref="AugurException"/>.</summary>
    public static void Check(JsonElement expected, Func<double> actual, string what, double rtol = Rtol, double atol = Atol)
    {
        if (Raises(expected))
        {
            var ex = Record.Exception(() => actual());
            Assert.True(ex is AugurException, $"{what}: expected an AugurException (scikit-learn raises), got {(ex is null ? "a value" : ex.GetType().Name + ": " + ex.Message)}");
            return;
        }
        double value;
        try
        {
            value = actual();
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: expected {Number(expected)}, but it threw {ex.GetType().Name}: {ex.Message}");
            return;
        }
        Close.Equal(Number(expected), value, rtol, atol, what);
    }

    /// <summary>Asserts an array result against a fixture array (or "raises").</summary>
    public static void CheckArray(JsonElement expected, Func<double[]> actual, string what, double rtol = Rtol, double atol = Atol)
    {
        if (Raises(expected))
        {
            var ex = Record.Exception(() => actual());
            Assert.True(ex is AugurException, $"{what}: expected an AugurException, got {(ex is null ? "a value" : ex.GetType().Name)}");
            return;
        }
        Close.Equal(expected.Doubles(), actual(), rtol, atol, what);
    }
}
