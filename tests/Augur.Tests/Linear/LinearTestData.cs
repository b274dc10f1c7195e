using System.Text.Json;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.Linear;

/// <summary>Data and helpers shared by the linear-model tests.</summary>
internal static class LinearTestData
{
    public static JsonElement Fixture(string file) => Tests.Fixture.Load("linear", file);

    /// <summary>Columns standardised with the population standard deviation (as scikit-learn's StandardScaler).</summary>
    public static Frame Standardize(Frame x)
    {
        var cols = new List<Column>();
        foreach (var c in x)
        {
            var v = c.ToDoubleArray();
            var mean = v.Average();
            var sd = Math.Sqrt(v.Select(a => (a - mean) * (a - mean)).Average());
            cols.Add(new Float64Column(c.Name, v.Select(a => (a - mean) / sd).ToArray()));
        }
        return new Frame(cols);
    }

    public static (Frame X, Column Y) Diabetes() => TestData.LoadXy("diabetes.csv", "target");

    public static (Frame X, Column Y) Breast()
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        return (Standardize(x), y);
    }

    public static (Frame X, Column Y) Wine()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        return (Standardize(x), y);
    }

    public static (Frame X, Column Y) Iris()
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        return (Standardize(x), y);
    }

    public static Frame FrameOf(Matrix m) => Frame.FromMatrix(m);

    public static (Frame X, Column Y) Synthetic(JsonElement e)
    {
        var x = e.GetProperty("X").Matrix();
        var yEl = e.GetProperty("y");
        Column y = yEl[0].ValueKind == JsonValueKind.Number && yEl.EnumerateArray().All(v => v.TryGetInt64(out _)) && e.TryGetProperty("intercept", out var ic) && ic.ValueKind == JsonValueKind.Array
            ? new Int64Column("y", yEl.EnumerateArray().Select(v => v.GetInt64()).ToArray())
            : new Float64Column("y", yEl.Doubles());
        return (FrameOf(x), y);
    }

    public static double[] Flat(Matrix m) => m.Data;

    public static double[] Flat(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0 && e[0].ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().SelectMany(r => r.Doubles()).ToArray()
            : e.Doubles();

    /// <summary>Saves a model to memory and loads it back.</summary>
    public static T RoundTrip<T>(T model) where T : class, IModel
    {
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms);
        ms.Position = 0;
        return Assert.IsAssignableFrom<T>(ModelFile.Load(ms).Model);
    }

    /// <summary>Builds a frame of sparse columns from coordinate triplets.</summary>
    public static Frame SparseFrame(int n, int p, int[] rows, int[] cols, double[] vals)
    {
        var byCol = Enumerable.Range(0, p).Select(_ => new SortedDictionary<int, double>()).ToArray();
        for (var k = 0; k < rows.Length; k++) byCol[cols[k]][rows[k]] = vals[k];
        var columns = new Column[p];
        for (var j = 0; j < p; j++)
            columns[j] = new SparseColumn($"s{j}", n, byCol[j].Keys.ToArray(), byCol[j].Values.ToArray());
        return new Frame(columns);
    }

    public static double[] Row(Frame x, int i) => x.Select(c => c.GetDouble(i)).ToArray();
}
