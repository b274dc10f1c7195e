using System.Text.Json;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.Clustering;

/// <summary>Shared helpers for the clustering and calibration tests.</summary>
internal static class ClusteringTestHelpers
{
    public static JsonElement Load(string file) => Fixture.Load("clustering", file);

    /// <summary>A frame of float64 columns f0, f1, … from a matrix.</summary>
    public static Frame ToFrame(Matrix m) => Frame.FromMatrix(m, Enumerable.Range(0, m.Cols).Select(j => $"f{j}").ToArray());

    public static Frame ToFrame(JsonElement matrix) => ToFrame(matrix.Matrix());

    public static double[][] Rows(JsonElement matrix) => matrix.EnumerateArray().Select(r => r.Doubles()).ToArray();

    public static double[]? OptionalDoubles(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.Doubles();

    /// <summary>The adjusted Rand index of two labelings (Hubert and Arabie 1985): 1 for identical partitions.</summary>
    public static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var n = a.Count;
        var table = new Dictionary<(int, int), long>();
        var ra = new Dictionary<int, long>();
        var rb = new Dictionary<int, long>();
        for (var i = 0; i < n; i++)
        {
            table[(a[i], b[i])] = table.GetValueOrDefault((a[i], b[i])) + 1;
            ra[a[i]] = ra.GetValueOrDefault(a[i]) + 1;
            rb[b[i]] = rb.GetValueOrDefault(b[i]) + 1;
        }
        static double C2(long v) => v * (v - 1) / 2.0;
        var index = table.Values.Sum(C2);
        var sa = ra.Values.Sum(C2);
        var sb = rb.Values.Sum(C2);
        var expected = sa * sb / C2(n);
        var max = (sa + sb) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    /// <summary>Saves to a model file in memory and loads it back.</summary>
    public static IModel RoundTrip(IModel model)
    {
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms);
        ms.Position = 0;
        return ModelFile.Load(ms).Model;
    }

    /// <summary>Asserts two label arrays are equal, reporting the first difference.</summary>
    public static void SameLabels(IReadOnlyList<int> expected, IReadOnlyList<int> actual, string what = "labels")
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(expected[i] == actual[i], $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    /// <summary>Bits of every double (for bit-for-bit comparisons).</summary>
    public static long[] Bits(ReadOnlySpan<double> v)
    {
        var r = new long[v.Length];
        for (var i = 0; i < v.Length; i++) r[i] = BitConverter.DoubleToInt64Bits(v[i]);
        return r;
    }

    public static int[] Labels(Column c) => Enumerable.Range(0, c.Length).Select(i => (int)c.GetDouble(i)).ToArray();

    /// <summary>Blobs around <paramref name="k"/> centres, reproducible from <paramref name="seed"/>.</summary>
    public static Matrix Blobs(int n, int d, int k, int seed, double spread = 10, double std = 1)
    {
        var rng = new Rng(seed);
        var centers = new double[k, d];
        for (var c = 0; c < k; c++)
            for (var j = 0; j < d; j++) centers[c, j] = rng.NextDouble(-spread, spread);
        var m = new Matrix(n, d);
        for (var i = 0; i < n; i++)
        {
            var c = i % k;
            for (var j = 0; j < d; j++) m[i, j] = centers[c, j] + std * rng.NextGaussian();
        }
        return m;
    }
}
