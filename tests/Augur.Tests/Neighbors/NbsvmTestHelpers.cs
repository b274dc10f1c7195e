using System.Text.Json;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests;

/// <summary>Data preparation shared by the neighbours, naive Bayes, SVM and decomposition tests (mirrors Fixtures/nbsvm/generate.py).</summary>
internal static class Nbsvm
{
    public const string Area = "nbsvm";

    public static JsonElement Fixture(string file) => Tests.Fixture.Load(Area, file);

    /// <summary>Test rows are those with index % 4 == 0, as in generate.py.</summary>
    public static (Frame XTrain, Column YTrain, Frame XTest, Column YTest) Split(Frame x, Column y)
    {
        var train = Enumerable.Range(0, x.RowCount).Where(i => i % 4 != 0).ToArray();
        var test = Enumerable.Range(0, x.RowCount).Where(i => i % 4 == 0).ToArray();
        return (x.Take(train), y.Take(train), x.Take(test), y.Take(test));
    }

    /// <summary>Column z-scores with sequential sums and the population deviation, exactly as generate.py's standardize.</summary>
    public static Augur.Data.Frame Standardize(Augur.Data.Frame x)
    {
        var m = x.ToMatrix();
        var n = m.Rows;
        var p = m.Cols;
        var s = new double[p];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < p; j++) s[j] = s[j] + m[i, j];
        var mean = s.Select(v => v / n).ToArray();
        var ss = new double[p];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < p; j++)
            {
                var d = m[i, j] - mean[j];
                ss[j] = ss[j] + d * d;
            }
        var std = ss.Select(v => Math.Sqrt(v / n)).ToArray();
        var z = new Matrix(n, p);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < p; j++) z[i, j] = (m[i, j] - mean[j]) / std[j];
        return Augur.Data.Frame.FromMatrix(z, x.ColumnNames);
    }

    public static Frame Frame(Matrix m) => Augur.Data.Frame.FromMatrix(m);

    public static Column Labels(JsonElement e, string name = "y") => new Int64Column(name, e.Ints().Select(v => (long)v).ToArray());

    public static string[] Strings(Column c) => Enumerable.Range(0, c.Length).Select(c.Format).ToArray();

    public static Matrix Rows(Matrix m, int count)
    {
        var r = new Matrix(Math.Min(count, m.Rows), m.Cols);
        Array.Copy(m.Data, r.Data, r.Data.Length);
        return r;
    }

    public static T RoundTrip<T>(T model) where T : IModel
    {
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms);
        ms.Position = 0;
        return Assert.IsAssignableFrom<T>(ModelFile.Load(ms).Model);
    }

    public static void BitEqual(Matrix a, Matrix b)
    {
        Assert.Equal(a.Rows, b.Rows);
        Assert.Equal(a.Cols, b.Cols);
        for (var i = 0; i < a.Data.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.Data[i]), BitConverter.DoubleToInt64Bits(b.Data[i]));
    }

    public static void BitEqual(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        for (var i = 0; i < a.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(a[i]), BitConverter.DoubleToInt64Bits(b[i]));
    }

    /// <summary>The sparse version of a dense frame: every column stored as a <see cref="SparseColumn"/>.</summary>
    public static Frame ToSparse(Matrix m)
    {
        var cols = new Column[m.Cols];
        for (var j = 0; j < m.Cols; j++)
        {
            var rows = new List<int>();
            var vals = new List<double>();
            for (var i = 0; i < m.Rows; i++)
                if (m[i, j] != 0) { rows.Add(i); vals.Add(m[i, j]); }
            cols[j] = new SparseColumn($"x{j}", m.Rows, rows.ToArray(), vals.ToArray());
        }
        return new Frame(cols);
    }
}
