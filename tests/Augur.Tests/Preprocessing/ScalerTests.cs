using System.Text.Json;
using Augur.Data;
using Augur.Preprocessing;
using CsCheck;

namespace Augur.Tests.Preprocessing;

public sealed class ScalerTests
{
    private static readonly JsonElement s_fixture = Fixture.Load("preprocessing", "scalers.json");

    private static JsonElement Case(string name) =>
        s_fixture.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    private static Frame Data(string caseName)
    {
        if (caseName.Contains("wine")) return TestData.LoadXy("wine.csv", "target").X;
        if (caseName.Contains("diabetes")) return TestData.LoadXy("diabetes.csv", "target").X;
        return Support.Tx.Select(s_fixture.GetProperty("tx_numeric").EnumerateArray().Select(e => e.GetString()!));
    }

    private static void CheckTransform(ITransformerModel model, Frame x, JsonElement c, double rtol = 1e-12)
    {
        var probe = Support.IntArray(c.GetProperty("probe"));
        var rows = Support.Rows(x, probe);
        var actual = model.Transform(rows);
        Assert.Equal(x.ColumnNames, actual.ColumnNames);
        Close.Equal(c.GetProperty("transform").Matrix(), Support.Dense(actual), rtol, 1e-12, "transform");
        Support.AssertRoundTrip(model, rows);
    }

    [Theory]
    [InlineData("standard_wine")]
    [InlineData("standard_wine_weighted")]
    [InlineData("standard_wine_nomean")]
    [InlineData("standard_wine_nostd")]
    [InlineData("standard_tx")]
    public void StandardScalerMatchesScikitLearn(string name)
    {
        var c = Case(name);
        var x = Data(name);
        var scaler = new StandardScaler { WithMean = !name.EndsWith("nomean"), WithStd = !name.EndsWith("nostd") };
        double[]? weights = name.EndsWith("weighted") ? Enumerable.Range(0, x.RowCount).Select(i => 1 + (i % 7) / 3.0).ToArray() : null;
        var model = scaler.Fit(x, sampleWeight: weights);
        Close.Equal(c.GetProperty("mean_").Doubles(), model.Mean.ToArray(), 1e-13, 0, "mean");
        if (scaler.WithStd)
        {
            Close.Equal(c.GetProperty("var_").Doubles(), model.Variance!.ToArray(), 1e-11, 0, "var");
            Close.Equal(c.GetProperty("scale_").Doubles(), model.Scale!.ToArray(), 1e-11, 0, "scale");
        }
        else Assert.Null(model.Scale);
        CheckTransform(model, x, c, 1e-10);
        var inverse = model.InverseTransform(model.Transform(Support.Rows(x, Support.IntArray(c.GetProperty("probe")))));
        Close.Equal(c.GetProperty("inverse").Matrix(), Support.Dense(inverse), 1e-12, 1e-9, "inverse");
    }

    [Theory]
    [InlineData("minmax_wine")]
    [InlineData("minmax_tx")]
    public void MinMaxScalerMatchesScikitLearn(string name)
    {
        var c = Case(name);
        var x = Data(name);
        var model = new MinMaxScaler().Fit(x);
        Close.Equal(c.GetProperty("data_min_").Doubles(), model.DataMin.ToArray(), 0, 0, "data_min");
        Close.Equal(c.GetProperty("data_max_").Doubles(), model.DataMax.ToArray(), 0, 0, "data_max");
        Close.Equal(c.GetProperty("scale_").Doubles(), model.Scale.ToArray(), 1e-15, 0, "scale");
        Close.Equal(c.GetProperty("min_").Doubles(), model.Min.ToArray(), 1e-14, 1e-15, "min");
        CheckTransform(model, x, c);
        var probe = Support.Rows(x, Support.IntArray(c.GetProperty("probe")));
        Close.Equal(c.GetProperty("inverse").Matrix(), Support.Dense(model.InverseTransform(model.Transform(probe))), 1e-12, 1e-9, "inverse");
    }

    [Fact]
    public void MinMaxScalerClipsToTheRange()
    {
        var c = Case("minmax_diabetes_clip");
        var x = Data("diabetes");
        var model = new MinMaxScaler { FeatureRange = [-1.0, 2.0], Clip = true }.Fit(Support.Rows(x, Support.IntArray(c.GetProperty("fit_rows"))));
        Close.Equal(c.GetProperty("scale_").Doubles(), model.Scale.ToArray(), 1e-15, 0, "scale");
        CheckTransform(model, x, c);
        var out_ = Support.Dense(model.Transform(x));
        Assert.All(out_.Data, v => Assert.InRange(v, -1.0, 2.0));
    }

    [Theory]
    [InlineData("maxabs_diabetes")]
    [InlineData("maxabs_tx")]
    public void MaxAbsScalerMatchesScikitLearn(string name)
    {
        var c = Case(name);
        var x = Data(name);
        var model = new MaxAbsScaler().Fit(x);
        Close.Equal(c.GetProperty("max_abs_").Doubles(), model.MaxAbs.ToArray(), 0, 0, "max_abs");
        CheckTransform(model, x, c);
        var probe = Support.Rows(x, Support.IntArray(c.GetProperty("probe")));
        Close.Equal(c.GetProperty("inverse").Matrix(), Support.Dense(model.InverseTransform(model.Transform(probe))), 1e-12, 1e-9, "inverse");
    }

    [Theory]
    [InlineData("robust_diabetes")]
    [InlineData("robust_wine_range")]
    [InlineData("robust_tx_nocenter")]
    [InlineData("robust_diabetes_noscale")]
    public void RobustScalerMatchesScikitLearn(string name)
    {
        var c = Case(name);
        var x = Data(name);
        var scaler = name switch
        {
            "robust_wine_range" => new RobustScaler { QuantileRange = [10.0, 90.0], UnitVariance = true },
            "robust_tx_nocenter" => new RobustScaler { WithCentering = false },
            "robust_diabetes_noscale" => new RobustScaler { WithScaling = false },
            _ => new RobustScaler(),
        };
        var model = scaler.Fit(x);
        if (c.GetProperty("center_").ValueKind == JsonValueKind.Null) Assert.Null(model.Center);
        else Close.Equal(c.GetProperty("center_").Doubles(), model.Center!.ToArray(), 1e-15, 0, "center");
        if (c.GetProperty("scale_").ValueKind == JsonValueKind.Null) Assert.Null(model.Scale);
        else Close.Equal(c.GetProperty("scale_").Doubles(), model.Scale!.ToArray(), 1e-13, 0, "scale");
        CheckTransform(model, x, c, 1e-12);
        var probe = Support.Rows(x, Support.IntArray(c.GetProperty("probe")));
        Close.Equal(c.GetProperty("inverse").Matrix(), Support.Dense(model.InverseTransform(model.Transform(probe))), 1e-12, 1e-9, "inverse");
    }

    [Fact]
    public void ScalersRejectTextColumnsAndInfinity()
    {
        var x = new Frame(new Float64Column("a", [1.0, 2.0]), new StringColumn("b", ["x", "y"]));
        var e = Assert.Throws<AugurException>(() => new StandardScaler().Fit(x));
        Assert.Contains("'b'", e.Message);
        var inf = new Frame(new Float64Column("a", [1.0, double.PositiveInfinity]));
        Assert.Contains("infinite", Assert.Throws<AugurException>(() => new MinMaxScaler().Fit(inf)).Message);
        Assert.Throws<AugurException>(() => new MinMaxScaler { FeatureRange = [1.0, 0.0] }.Fit(new Frame(new Float64Column("a", [1.0]))));
    }

    [Fact]
    public void TransformMatchesColumnsByNameAndNamesMissingOnes()
    {
        var x = new Frame(new Float64Column("a", [1.0, 2.0, 3.0]), new Float64Column("b", [10.0, 20.0, 40.0]));
        var model = new StandardScaler().Fit(x);
        var reordered = new Frame(x["b"], new Float64Column("extra", [0.0, 0, 0]), x["a"]);
        Support.AssertSameFrame(model.Transform(x), model.Transform(reordered));
        var e = Assert.Throws<AugurException>(() => model.Transform(x.Select("a")));
        Assert.Contains("'b'", e.Message);
        var wrongType = new Frame(x["a"], new StringColumn("b", ["1", "2", "3"]));
        Assert.Contains("'b'", Assert.Throws<AugurException>(() => model.Transform(wrongType)).Message);
    }

    [Fact]
    public void MissingValuesAreKeptAndIgnored()
    {
        var x = new Frame(new Float64Column("a", [1.0, double.NaN, 3.0]));
        var model = new StandardScaler().Fit(x);
        Assert.Equal(2.0, model.Mean[0]);
        var t = model.Transform(x)["a"].ToDoubleArray();
        Assert.True(double.IsNaN(t[1]));
        Assert.Equal(-1.0, t[0], 12);
    }

    [Fact]
    public void SparseColumnsStaySparseWithoutCentering()
    {
        var s = new SparseColumn("s", 5, [1, 3], [2.0, -4.0]);
        var x = new Frame(s);
        Assert.Throws<AugurException>(() => new StandardScaler().Fit(x));
        var std = new StandardScaler { WithMean = false }.Fit(x);
        var dense = new StandardScaler { WithMean = false }.Fit(new Frame(new Float64Column("s", [0.0, 2, 0, -4, 0])));
        Close.Equal(dense.Variance!.ToArray(), std.Variance!.ToArray(), 1e-14, 0);
        var t = Assert.IsType<SparseColumn>(std.Transform(x)["s"]);
        Assert.Equal([1, 3], t.Rows.ToArray());
        var maxAbs = new MaxAbsScaler().Fit(x);
        Assert.Equal(4.0, maxAbs.MaxAbs[0]);
        var m = Assert.IsType<SparseColumn>(maxAbs.Transform(x)["s"]);
        Assert.Equal([0.5, -1.0], m.StoredValues.ToArray());
        Support.AssertRoundTrip(maxAbs, x);
    }

    [Fact]
    public void TransformThenInverseIsIdentity()
    {
        Gen.Double[-1e6, 1e6].Array[3, 40].Select(Gen.Double[-1e3, 1e3].Array[3, 40])
            .Sample((a, b) =>
            {
                var n = Math.Min(a.Length, b.Length);
                var x = new Frame(new Float64Column("a", a[..n]), new Float64Column("b", b[..n]));
                foreach (var model in new ITransformerModel[] { new StandardScaler().Fit(x), new MinMaxScaler().Fit(x), new MaxAbsScaler().Fit(x), new RobustScaler().Fit(x) })
                {
                    var t = model.Transform(x);
                    var back = model switch
                    {
                        StandardScalerModel s => s.InverseTransform(t),
                        MinMaxScalerModel s => s.InverseTransform(t),
                        MaxAbsScalerModel s => s.InverseTransform(t),
                        RobustScalerModel s => s.InverseTransform(t),
                        _ => throw new InvalidOperationException(),
                    };
                    Close.Equal(Support.Dense(x), Support.Dense(back), 1e-9, 1e-6);
                }
            }, iter: 60);
    }
}
