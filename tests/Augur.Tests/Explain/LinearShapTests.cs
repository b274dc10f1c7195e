using Augur.Data;
using Augur.Explain;
using Augur.Linear;
using Augur.Numerics;
using Augur.Pipelines;
using Augur.Preprocessing;
using CsCheck;

namespace Augur.Tests.Explain;

public sealed class LinearShapTests
{
    private static Column Classes(Frame x, int classes) => new Int64Column("y", Enumerable.Range(0, x.RowCount).Select(i =>
    {
        var t = x[0].GetDouble(i) - 0.7 * x[1].GetDouble(i) + 0.3 * x[x.ColumnCount - 1].GetDouble(i);
        return classes == 2 ? (t > 0 ? 1L : 0L) : t < -0.5 ? 0L : t < 0.5 ? 1L : 2L;
    }).ToArray());

    [Fact]
    public void RegressorValuesEqualBruteForceShapley()
    {
        var x = ShapReference.RandomFrame(60, 6, 11);
        var y = new Float64Column("y", Enumerable.Range(0, 60).Select(i => 2 * x[0].GetDouble(i) - x[3].GetDouble(i) + 0.1 * i).ToArray());
        var model = new Ridge { Alpha = 0.5 }.Fit(x, y);
        var background = x.Head(9);
        var rows = new[] { 10, 25, 59 };
        var e = new LinearShap().Explain(model, background, x, rows);
        Assert.Equal("linear", e.Method);
        Assert.Equal(OutputSpace.Value, e.OutputSpace);
        Assert.Equal(["value"], e.OutputNames);
        var w = Enumerable.Repeat(1.0, 9).ToArray();
        for (var r = 0; r < rows.Length; r++)
        {
            var expected = ShapReference.Interventional(f => new Matrix(f.RowCount, 1, model.PredictValues(f)), background, w, x.Take([rows[r]]), 0, v => v);
            Close.Equal(expected, e.Values[0].Row(r), 1e-9, 1e-10, $"row {rows[r]}");
        }
        Close.Equal(model.PredictValues(x.Take(rows)), Enumerable.Range(0, 3).Select(i => e.ModelOutput[i, 0]).ToArray(), 1e-12, 1e-12);
        ShapReference.AssertAdditive(e, 1e-10);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ClassifierMarginValuesEqualBruteForceShapley(int classes)
    {
        var x = ShapReference.RandomFrame(120, 5, 12 + classes);
        var model = new LogisticRegression().Fit(x, Classes(x, classes));
        var background = x.Head(8);
        var rows = new[] { 3, 40, 100 };
        var e = Explainers.Shap(model, background, x, rows);
        Assert.Equal("linear", e.Method);
        Assert.Equal(OutputSpace.Margin, e.OutputSpace);
        var margins = model.DecisionFunction(x);
        Assert.Equal(margins.Cols, e.OutputCount);
        Assert.Equal(classes == 2 ? ["1"] : ["0", "1", "2"], e.OutputNames);
        var w = Enumerable.Repeat(1.0, 8).ToArray();
        for (var k = 0; k < e.OutputCount; k++)
            for (var r = 0; r < rows.Length; r++)
            {
                Close.Equal(margins[rows[r], k], e.ModelOutput[r, k], 1e-12, 1e-12, "model output");
                var expected = ShapReference.Interventional(model.DecisionFunction, background, w, x.Take([rows[r]]), k, v => v);
                Close.Equal(expected, e.Values[k].Row(r), 1e-9, 1e-10, $"row {rows[r]} output {k}");
            }
        ShapReference.AssertAdditive(e, 1e-10);
    }

    [Fact]
    public void PipelineValuesFoldOneHotColumnsIntoTheirSource()
    {
        var rng = new Rng(3);
        const int n = 150;
        var colour = new StringColumn("colour", Enumerable.Range(0, n).Select(_ => new[] { "red", "green", "blue" }[rng.NextInt(3)]).ToArray());
        var a = new Float64Column("a", Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray());
        var x = new Frame(a, colour);
        var y = new Float64Column("y", Enumerable.Range(0, n).Select(i => 3 * a[i] + (colour[i] == "red" ? 2.0 : 0.0)).ToArray());
        var pipeline = new Pipeline(
            new ColumnTransformer(
                new ColumnTransform("num", new StandardScaler(), ColumnSelector.Names("a")),
                new ColumnTransform("cat", new OneHotEncoder(), ColumnSelector.Names("colour"))),
            new LinearRegression()).Fit(x, y) as IPredictor ?? throw new InvalidOperationException();
        var folded = Explainers.Shap(pipeline, x, x, [0, 1, 2]);
        Assert.Equal("linear", folded.Method);
        Assert.Equal(["a", "colour"], folded.FeatureNames);
        ShapReference.AssertAdditive(folded, 1e-9);
        var raw = Explainers.Shap(pipeline, x, x, [0, 1, 2], new ShapOptions { KeepTransformedFeatures = true });
        Assert.Equal(4, raw.FeatureNames.Count);
        for (var r = 0; r < 3; r++)
        {
            Close.Equal(raw.Values[0].Row(r)[1..].ToArray().Sum(), folded.Values[0][r, 1], 1e-12, 1e-12, "folded colour");
            // A one-hot block of an exact linear fit contributes 2·(1[red] − share of red).
            var share = Enumerable.Range(0, n).Count(i => colour[i] == "red") / (double)n;
            Close.Equal(2 * ((colour[r] == "red" ? 1 : 0) - share), folded.Values[0][r, 1], 1e-8, 1e-8, "colour effect");
        }
    }

    [Fact]
    public void ProbabilitiesAreRefusedWithAPointerToKernelShap()
    {
        var x = ShapReference.RandomFrame(50, 3, 5);
        var model = new LogisticRegression().Fit(x, Classes(x, 2));
        var ex = Assert.Throws<AugurException>(() => Explainers.Shap(model, x, x, [0], new ShapOptions { Algorithm = ShapAlgorithm.Linear, OutputSpace = OutputSpace.Probability }));
        Assert.Contains("kernel SHAP", ex.Message);
        // Auto picks kernel SHAP for a scale linear SHAP cannot explain exactly.
        Assert.Equal(ShapAlgorithm.Linear, Explainers.Choose(model, OutputSpace.Margin));
        Assert.Equal(ShapAlgorithm.Kernel, Explainers.Choose(model, OutputSpace.Probability));
        var probability = Explainers.Shap(model, x, x, [0], new ShapOptions { Algorithm = ShapAlgorithm.Auto, OutputSpace = OutputSpace.Probability });
        Assert.Equal("kernel", probability.Method);
        Assert.Equal(OutputSpace.Probability, probability.OutputSpace);
        var kernel = Explainers.Shap(model, x, x, [0], new ShapOptions { Algorithm = ShapAlgorithm.Kernel, OutputSpace = OutputSpace.Margin });
        var linear = Explainers.Shap(model, x, x, [0]);
        ShapReference.AssertAdditive(kernel, 1e-8);
        Close.Equal(linear.ModelOutput[0, 0], kernel.ModelOutput[0, 0], 1e-12, 1e-12);
    }

    [Fact]
    public void ValuesAddUpOnRandomLinearModels()
    {
        Gen.Select(Gen.Int[1, 8], Gen.Long, Gen.Int[0, 3]).Sample((cols, seed, kind) =>
        {
            var x = ShapReference.RandomFrame(40, cols, seed);
            var y = new Float64Column("y", Enumerable.Range(0, 40).Select(i => x[0].GetDouble(i) * 2 - x[cols - 1].GetDouble(i)).ToArray());
            IPredictor model = kind switch
            {
                0 => new LinearRegression().Fit(x, y),
                1 => new Lasso { Alpha = 0.01 }.Fit(x, y),
                2 => new LogisticRegression().Fit(x, new Int64Column("y", y.Values.ToArray().Select(v => v > 0 ? 1L : 0L).ToArray())),
                _ => new LinearSvc().Fit(x, new Int64Column("y", y.Values.ToArray().Select(v => (long)Math.Clamp(Math.Round(v), -1, 1)).ToArray())),
            };
            var e = Explainers.Shap(model, x.Head(10), x, [0, 7, 39]);
            Assert.Equal("linear", e.Method);
            ShapReference.AssertAdditive(e, 1e-9);
        }, iter: 30);
    }
}
