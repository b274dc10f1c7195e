using Augur.Boosting;
using Augur.Data;
using Augur.Explain;
using Augur.Numerics;
using CsCheck;

namespace Augur.Tests.Explain;

public sealed class LightGbmShapTests
{
    private static void AssertEqualsNative(IPredictor model, Frame x, int[] rows)
    {
        var ours = new TreeShap().Explain(model, x, rows);
        var native = LightGbmNativeShap.Explain(model, x, rows);
        // The raw score: a margin for classifiers, the value itself for regressors without a link.
        Assert.Equal(model is IRegressor ? OutputSpace.Value : OutputSpace.Margin, ours.OutputSpace);
        Assert.Equal(native.OutputNames, ours.OutputNames);
        Assert.Equal(native.FeatureNames, ours.FeatureNames);
        for (var k = 0; k < ours.OutputCount; k++)
        {
            Close.Equal(native.BaseValues[k], ours.BaseValues[k], 1e-6, 1e-9, $"base value {k}");
            Close.Equal(native.Values[k], ours.Values[k], 1e-6, 1e-9, $"values of output {k}");
        }
        Close.Equal(native.ModelOutput, ours.ModelOutput, 0, 0, "model output");
        ShapReference.AssertAdditive(ours, 1e-6);
        ShapReference.AssertAdditive(native, 1e-6);
    }

    [Fact]
    public void RegressionMatchesLightGbmContributions()
    {
        var (x, y) = TestData.LoadXy("diabetes.csv", "target");
        var model = new GradientBoostingRegressor { NEstimators = 40, NumLeaves = 15, NThreads = 1 }.Fit(x, y);
        AssertEqualsNative(model, x, Enumerable.Range(0, 60).ToArray());
    }

    [Fact]
    public void BinaryAndMulticlassMatchLightGbmContributions()
    {
        var (bx, by) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var binary = new GradientBoostingClassifier { NEstimators = 30, NThreads = 1 }.Fit(bx, by);
        AssertEqualsNative(binary, bx, Enumerable.Range(0, 50).ToArray());
        var (wx, wy) = TestData.LoadXy("wine.csv", "target");
        var multi = new GradientBoostingClassifier { NEstimators = 20, NumLeaves = 7, MinChildSamples = 5, NThreads = 1 }.Fit(wx, wy);
        var e = new TreeShap().Explain(multi, wx, [0, 100]);
        Assert.Equal(["0", "1", "2"], e.OutputNames);
        AssertEqualsNative(multi, wx, Enumerable.Range(0, wx.RowCount).ToArray());
    }

    [Fact]
    public void CategoriesAndMissingValuesMatchLightGbmContributions()
    {
        var rng = new Rng(11);
        var n = 800;
        var cats = new[] { "a", "b", "c", "d", "e", "f" };
        var colour = new CategoricalColumn("colour", Enumerable.Range(0, n).Select(_ => rng.NextInt(cats.Length)).ToArray(), cats);
        var v = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.15 ? double.NaN : rng.NextGaussian()).ToArray();
        var w = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3 ? 0.0 : rng.NextGaussian()).ToArray();
        var x = new Frame(new Float64Column("v", v), colour, new Float64Column("w", w));
        var y = new Float64Column("y", Enumerable.Range(0, n).Select(i => (double.IsNaN(v[i]) ? 2 : v[i]) + (colour.Codes[i] % 2 == 0 ? 1.5 : -1) + w[i] * 0.5 + 0.1 * rng.NextGaussian()).ToArray());
        var model = new GradientBoostingRegressor { NEstimators = 25, NumLeaves = 8, NThreads = 1 }.Fit(x, y);
        Assert.Contains("num_cat=", model.LightGbmModelText);
        AssertEqualsNative(model, x, Enumerable.Range(0, 200).ToArray());
    }

    [Fact]
    public void ValuesAddUpToTheRawMarginOnRandomBoosters()
    {
        Gen.Select(Gen.Int[2, 6], Gen.Int[0, 1000], Gen.Bool).Sample((cols, seed, classify) =>
        {
            var x = ShapReference.RandomFrame(200, cols, seed, 10);
            var t = Enumerable.Range(0, 200).Select(i => x[0].GetDouble(i) - x[cols - 1].GetDouble(i) * x[0].GetDouble(i)).ToArray();
            IPredictor model = classify
                ? new GradientBoostingClassifier { NEstimators = 10, NumLeaves = 5, NThreads = 1, RandomState = seed }.Fit(x, new Int64Column("y", t.Select(v => v > 0 ? 1L : 0L).ToArray()))
                : new GradientBoostingRegressor { NEstimators = 10, NumLeaves = 5, NThreads = 1, RandomState = seed }.Fit(x, new Float64Column("y", t));
            foreach (var p in new[] { FeaturePerturbation.PathDependent, FeaturePerturbation.Interventional })
                ShapReference.AssertAdditive(new TreeShap { FeaturePerturbation = p }.Explain(model, x, [0, 1, 2, 3], x.Head(20)), 1e-6);
        }, iter: 12);
    }

    [Fact]
    public void DispatcherPicksTreeShapAndMarginsFeedKernelShap()
    {
        var (x, y) = TestData.LoadXy("diabetes.csv", "target");
        var model = new GradientBoostingRegressor { NEstimators = 10, NThreads = 1 }.Fit(x, y);
        Assert.Equal(ShapAlgorithm.Tree, Explainers.Choose(model));
        var native = Explainers.Shap(model, x, x, [0], new ShapOptions { Algorithm = ShapAlgorithm.LightGbmNative });
        Assert.Equal("lightgbm_native", native.Method);
        Assert.Equal(OutputSpace.Value, native.OutputSpace);
        var kernel = new KernelShap { OutputSpace = OutputSpace.Margin, BackgroundClusters = 5 }.Explain(model, x, x, [0]);
        Assert.Equal(OutputSpace.Margin, kernel.OutputSpace);
        ShapReference.AssertAdditive(kernel);
        // An L2 regressor's raw score is its value: tree SHAP answers for either name of that scale, and adds up to the prediction.
        var asValue = new TreeShap { OutputSpace = OutputSpace.Value }.Explain(model, x, [0]);
        Assert.Equal(OutputSpace.Value, asValue.OutputSpace);
        Close.Equal(model.PredictValues(x.Head(1))[0], asValue.ModelOutput[0, 0], 1e-12, 1e-12);
        Assert.Equal(OutputSpace.Value, new TreeShap { OutputSpace = OutputSpace.Margin }.Explain(model, x, [0]).OutputSpace);
        Assert.Contains("kernel SHAP", Assert.Throws<AugurException>(() => new TreeShap { OutputSpace = OutputSpace.Probability }.Explain(model, x, [0])).Message);
        // A Poisson regressor's raw score is the log of its prediction: a margin, not the value.
        var poisson = new GradientBoostingRegressor { NEstimators = 10, NThreads = 1, Objective = RegressionObjective.Poisson }.Fit(x, y);
        Assert.Equal(OutputSpace.Margin, new TreeShap().Explain(poisson, x, [0]).OutputSpace);
        Assert.Contains("kernel SHAP", Assert.Throws<AugurException>(() => new TreeShap { OutputSpace = OutputSpace.Value }.Explain(poisson, x, [0])).Message);
    }
}
