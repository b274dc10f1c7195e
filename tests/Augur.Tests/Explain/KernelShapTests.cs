using Augur.Data;
using Augur.Explain;
using Augur.NaiveBayes;
using Augur.Neighbors;
using Augur.Numerics;
using Augur.Pipelines;
using Augur.Preprocessing;
using CsCheck;

namespace Augur.Tests.Explain;

public sealed class KernelShapTests
{
    private static Frame Random(int rows, int cols, long seed)
    {
        var rng = new Rng(seed);
        var m = new Matrix(rows, cols);
        for (var i = 0; i < m.Data.Length; i++) m.Data[i] = Math.Round(rng.NextGaussian(), 3);
        return Frame.FromMatrix(m);
    }

    [Fact]
    public void ExactEnumerationEqualsBruteForceShapleyForARegressor()
    {
        var x = Random(80, 5, 1);
        var y = new Float64Column("y", Enumerable.Range(0, 80).Select(i => Math.Sin(x[0].GetDouble(i)) * x[1].GetDouble(i) + x[2].GetDouble(i) * x[2].GetDouble(i) - x[4].GetDouble(i)).ToArray());
        var model = new KNeighborsRegressor { NNeighbors = 3 }.Fit(x, y);
        var background = x.Head(7);
        var rows = new[] { 10, 20, 33 };
        var e = new KernelShap { BackgroundClusters = 0 }.Explain(model, background, x, rows);
        Assert.Equal("kernel", e.Method);
        Assert.Equal(OutputSpace.Value, e.OutputSpace);
        var w = Enumerable.Repeat(1.0, 7).ToArray();
        for (var r = 0; r < rows.Length; r++)
        {
            var expected = ShapReference.Interventional(f => new Matrix(f.RowCount, 1, model.PredictValues(f)), background, w, x.Take([rows[r]]), 0, v => v);
            Close.Equal(expected, e.Values[0].Row(r), 1e-9, 1e-9, $"row {rows[r]}");
        }
        ShapReference.AssertAdditive(e, 1e-10);
    }

    [Theory]
    [InlineData(OutputSpace.Probability)]
    [InlineData(OutputSpace.LogOdds)]
    public void ExactEnumerationEqualsBruteForceShapleyForAClassifierWithKMeansBackground(OutputSpace space)
    {
        var (wx, wy) = TestData.LoadXy("wine.csv", "target");
        var x = wx.Select("alcohol", "malic_acid", "flavanoids", "color_intensity", "hue", "proline");
        var model = new GaussianNB().Fit(x, wy);
        var bg = WeightedBackground.KMeans(x, 5, 0);
        Assert.Equal(5, bg.Rows.RowCount);
        Close.Equal(1.0, bg.Weights.Sum(), 1e-12);
        var rows = new[] { 0, 70, 150 };
        var e = new KernelShap { OutputSpace = space }.Explain(model, bg, x, rows);
        Assert.Equal(["0", "1", "2"], e.OutputNames);
        Func<double, double> link = space == OutputSpace.LogOdds ? p => Math.Log(Math.Clamp(p, 1e-15, 1 - 1e-15) / (1 - Math.Clamp(p, 1e-15, 1 - 1e-15))) : p => p;
        for (var r = 0; r < rows.Length; r++)
            for (var k = 0; k < 3; k++)
            {
                var expected = ShapReference.Interventional(model.PredictProba, bg.Rows, bg.Weights, x.Take([rows[r]]), k, link);
                Close.Equal(expected, e.Values[k].Row(r), 1e-7, 1e-9, $"row {rows[r]} class {k}");
            }
        ShapReference.AssertAdditive(e);
    }

    [Fact]
    public void SampledCoalitionsKeepEfficiencyAndAreSeeded()
    {
        var x = Random(120, 12, 2);
        var y = new Float64Column("y", Enumerable.Range(0, 120).Select(i => x[0].GetDouble(i) * x[3].GetDouble(i) + x[7].GetDouble(i)).ToArray());
        var model = new KNeighborsRegressor().Fit(x, y);
        var ks = new KernelShap { NSamples = 300, RandomState = 5 };
        var a = ks.Explain(model, x, x, [1, 2, 3]);
        var b = ks.Explain(model, x, x, [1, 2, 3]);
        ShapReference.AssertAdditive(a);
        Assert.Equal(a.Values[0].Data, b.Values[0].Data);
        var c = (ks with { RandomState = 6 }).Explain(model, x, x, [1, 2, 3]);
        Assert.NotEqual(a.Values[0].Data, c.Values[0].Data);
    }

    [Fact]
    public void PipelineIsExplainedOnItsRawColumnsIncludingCategories()
    {
        var rng = new Rng(3);
        var n = 90;
        var colour = new StringColumn("colour", Enumerable.Range(0, n).Select(i => new[] { "red", "green", "blue" }[rng.NextInt(3)]).ToArray());
        var a = new Float64Column("a", Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray());
        var b = new Float64Column("b", Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray());
        var x = new Frame(a, colour, b);
        var y = new StringColumn("y", Enumerable.Range(0, n).Select(i => a.GetDouble(i) + (colour.GetValue(i) as string == "red" ? 1.5 : 0) > 0.3 ? "yes" : "no").ToArray());
        var pipeline = new Pipeline(
            new ColumnTransformer(
                new ColumnTransform("cat", new OneHotEncoder(), ColumnSelector.Names("colour")),
                new ColumnTransform("num", new StandardScaler(), ColumnSelector.Names("a", "b"))),
            new GaussianNB()).Fit(x, y);
        var bg = x.Head(6);
        var e = new KernelShap { BackgroundClusters = 0 }.Explain((IPredictor)pipeline, bg, x, [7, 8]);
        Assert.Equal(["a", "colour", "b"], e.FeatureNames);
        var clf = (IClassifier)pipeline;
        for (var r = 0; r < 2; r++)
        {
            var expected = ShapReference.Interventional(clf.PredictProba, bg, Enumerable.Repeat(1.0, 6).ToArray(), x.Take([7 + r]), 1, v => v);
            Close.Equal(expected, e.Values[1].Row(r), 1e-8, 1e-10);
        }
    }

    [Fact]
    public void ValuesAddUpToTheModelOutputOnRandomModels()
    {
        Gen.Select(Gen.Int[2, 7], Gen.Long, Gen.Bool).Sample((cols, seed, classify) =>
        {
            var x = Random(40, cols, seed);
            ShapExplanation e;
            if (classify)
            {
                var y = new Int64Column("y", Enumerable.Range(0, 40).Select(i => (long)(x[0].GetDouble(i) > 0 ? 1 : 0) + (x[1].GetDouble(i) > 0.5 ? 1 : 0)).ToArray());
                var model = new GaussianNB().Fit(x, y);
                e = new KernelShap { NSamples = 40, OutputSpace = seed % 2 == 0 ? OutputSpace.LogOdds : OutputSpace.Probability, BackgroundClusters = 4 }.Explain(model, x, x, [0, 5]);
            }
            else
            {
                var y = new Float64Column("y", Enumerable.Range(0, 40).Select(i => x[0].GetDouble(i) * x[cols - 1].GetDouble(i)).ToArray());
                e = new KernelShap { NSamples = 40, BackgroundClusters = 4 }.Explain(new KNeighborsRegressor().Fit(x, y), x, x, [0, 5]);
            }
            ShapReference.AssertAdditive(e);
        }, iter: 25);
    }

    [Fact]
    public void BadInputIsReported()
    {
        var x = Random(20, 3, 4);
        var y = new Float64Column("y", Enumerable.Range(0, 20).Select(i => x[0].GetDouble(i)).ToArray());
        var model = new KNeighborsRegressor().Fit(x, y);
        Assert.Contains("missing", Assert.Throws<AugurException>(() => new KernelShap().Explain(model, x.Drop("x1"), x)).Message);
        Assert.Contains("row 40", Assert.Throws<AugurException>(() => new KernelShap().Explain(model, x, x, [40])).Message);
        Assert.Contains("probability", Assert.Throws<AugurException>(() => new KernelShap { OutputSpace = OutputSpace.Probability }.Explain(model, x, x, [0])).Message);
        Assert.Contains("n_samples", Assert.Throws<AugurException>(() => new KernelShap { NSamples = 0 }.Explain(model, x, x, [0])).Message);
    }
}
