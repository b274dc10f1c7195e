using System.Text.Json;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.Preprocessing;

/// <summary>Shared helpers for the preprocessing, feature selection and pipeline tests.</summary>
internal static class Support
{
    private static readonly Lazy<Frame> s_tx = new(() => TestData.Load("txhousing.csv"));

    /// <summary>The txhousing data (numeric columns float64, city a string column).</summary>
    public static Frame Tx => s_tx.Value;

    /// <summary>Saves a model into a model file in memory and loads it back.</summary>
    public static T RoundTrip<T>(T model) where T : IModel
    {
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms);
        ms.Position = 0;
        return Assert.IsType<T>(ModelFile.Load(ms).Model, exactMatch: false);
    }

    /// <summary>Asserts a save-then-load copy of <paramref name="model"/> transforms <paramref name="x"/> bit for bit the same.</summary>
    public static T AssertRoundTrip<T>(T model, Frame x) where T : ITransformerModel
    {
        var loaded = RoundTrip(model);
        Assert.Equal(model.FeatureNamesOut, loaded.FeatureNamesOut);
        Assert.Equal(model.Signature.Inputs, loaded.Signature.Inputs, new InputComparer());
        AssertSameFrame(model.Transform(x), loaded.Transform(x));
        return loaded;
    }

    private sealed class InputComparer : IEqualityComparer<InputColumn>
    {
        public bool Equals(InputColumn? a, InputColumn? b) =>
            a!.Name == b!.Name && a.Type == b.Type && a.AllowsMissing == b.AllowsMissing &&
            (a.Categories ?? []).SequenceEqual(b.Categories ?? []);

        public int GetHashCode(InputColumn obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>Asserts two frames have the same names, types and values (bit for bit).</summary>
    public static void AssertSameFrame(Frame expected, Frame actual)
    {
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (var j = 0; j < expected.ColumnCount; j++)
        {
            var e = expected[j];
            var a = actual[j];
            Assert.Equal(e.Type, a.Type);
            if (e is SparseColumn se)
            {
                var sa = (SparseColumn)a;
                Assert.Equal(se.Rows.ToArray(), sa.Rows.ToArray());
                Assert.Equal(se.StoredValues.ToArray().Select(BitConverter.DoubleToInt64Bits), sa.StoredValues.ToArray().Select(BitConverter.DoubleToInt64Bits));
            }
            else if (e.IsNumeric)
                Assert.Equal(e.ToDoubleArray().Select(BitConverter.DoubleToInt64Bits), a.ToDoubleArray().Select(BitConverter.DoubleToInt64Bits));
            else
                for (var i = 0; i < e.Length; i++) Assert.Equal(e.GetValue(i), a.GetValue(i));
        }
    }

    /// <summary>The frame as a dense matrix, missing values as NaN.</summary>
    public static Matrix Dense(Frame f) => f.ToMatrix(allowMissing: true);

    /// <summary>The rows <paramref name="rows"/> of <paramref name="x"/>.</summary>
    public static Frame Rows(Frame x, IEnumerable<int> rows) => x.Take(rows.ToArray());

    /// <summary>A JSON array of ints.</summary>
    public static int[] IntArray(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>A JSON array of non-null strings.</summary>
    public static string[] Names(JsonElement e) => e.EnumerateArray().Select(v => v.GetString()!).ToArray();

    /// <summary>A JSON array of booleans.</summary>
    public static bool[] Bools(JsonElement e) => e.EnumerateArray().Select(v => v.GetBoolean()).ToArray();

    /// <summary>Int64 column from a numeric column's values.</summary>
    public static Int64Column ToInt64(Column c) => new(c.Name, c.ToDoubleArray().Select(v => (long)v).ToArray());

    /// <summary>Sets the given rows of a string column to missing.</summary>
    public static StringColumn WithMissing(Column c, IEnumerable<int> rowsInFrame)
    {
        var values = Enumerable.Range(0, c.Length).Select(i => c.IsMissing(i) ? null : c.Format(i)).ToArray();
        foreach (var r in rowsInFrame) values[r] = null;
        return new StringColumn(c.Name, values);
    }
}
