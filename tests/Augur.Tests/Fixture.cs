using System.Text.Json;
using Augur.Numerics;

namespace Augur.Tests;

/// <summary>Reads reference values committed under <c>Fixtures/</c> (computed by the Python scripts beside them).</summary>
public static class Fixture
{
    /// <summary>Parses <c>Fixtures/{area}/{file}</c>.</summary>
    public static JsonElement Load(string area, string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", area, file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        return doc.RootElement.Clone();
    }

    /// <summary>A JSON array of numbers (null reads as NaN).</summary>
    public static double[] Doubles(this JsonElement e) =>
        e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.ValueKind == JsonValueKind.String ? ParseSpecial(v.GetString()!) : v.GetDouble()).ToArray();

    /// <summary>A JSON array of integers.</summary>
    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>A JSON array of strings.</summary>
    public static string?[] Strings(this JsonElement e) => e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.ToString()).ToArray();

    /// <summary>A JSON array of arrays of numbers, as a matrix.</summary>
    public static Matrix Matrix(this JsonElement e) => Numerics.Matrix.FromRows(e.EnumerateArray().Select(r => r.Doubles()).ToArray());

    private static double ParseSpecial(string s) => s switch
    {
        "NaN" or "nan" => double.NaN,
        "Infinity" or "inf" => double.PositiveInfinity,
        "-Infinity" or "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Assertions for floating-point results against references.</summary>
public static class Close
{
    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| element-wise (NaN matches NaN), reporting the first mismatch.</summary>
    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rtol = 1e-6, double atol = 1e-12, string what = "values")
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (e == a) continue;
            var tol = atol + rtol * Math.Abs(e);
            Assert.True(Math.Abs(a - e) <= tol, $"{what}[{i}]: expected {e:R}, got {a:R} (diff {Math.Abs(a - e):G3} > tol {tol:G3})");
        }
    }

    /// <summary>Asserts one value is close.</summary>
    public static void Equal(double expected, double actual, double rtol = 1e-6, double atol = 1e-12, string what = "value") =>
        Equal([expected], [actual], rtol, atol, what);

    /// <summary>Asserts two matrices are close.</summary>
    public static void Equal(Matrix expected, Matrix actual, double rtol = 1e-6, double atol = 1e-12, string what = "matrix")
    {
        Assert.True(expected.Rows == actual.Rows && expected.Cols == actual.Cols,
            $"{what}: expected shape {expected.Rows}×{expected.Cols}, got {actual.Rows}×{actual.Cols}");
        Equal(expected.Data, actual.Data, rtol, atol, what);
    }
}
