using Augur.Boosting;
using Augur.Boosting.Native;
using Augur.Data;
using CsCheck;

namespace Augur.Tests.Boosting;

/// <summary>The managed evaluator predicts exactly what LightGBM's own predictor does.</summary>
public class CompiledForestTests
{
    private static void AssertSameAsLightGbm(BoosterCore core, Frame x)
    {
        Assert.NotNull(core.Forest);
        var encoded = core.Codec.Encode(x, "test");
        var dense = encoded.Dense!;
        foreach (var type in new[] { LightGbmApi.PredictNormal, LightGbmApi.PredictRawScore })
        {
            var per = core.Booster.OutputsPerRow(type);
            var expected = new double[encoded.Rows * per];
            core.Booster.PredictDense(dense, encoded.Rows, encoded.Cols, type, expected, 1);
            var actual = new double[encoded.Rows * per];
            core.Forest!.Predict(dense, encoded.Rows, type == LightGbmApi.PredictRawScore, actual, 2);
            Assert.Equal(expected, actual);
            // The column-by-column reader (what models use) agrees too.
            var columns = core.Codec.EncodeColumns(x, "test")!;
            var byColumns = new double[encoded.Rows * per];
            core.Forest.Predict(columns, encoded.Rows, type == LightGbmApi.PredictRawScore, byColumns, 2);
            Assert.Equal(expected, byColumns);
        }
    }

    private static readonly Lazy<GradientBoostingClassifierModel> s_mixed = new(() =>
    {
        var (x, y) = BoostingTestData.Mixed(3000, seed: 31);
        return new GradientBoostingClassifier { NEstimators = 40 }.Fit(x, y);
    });

    [Fact]
    public void Classifiers_MatchLightGbm_WithCategoriesAndMissingValues()
    {
        var (x, _) = BoostingTestData.Mixed(5000, seed: 32);
        Assert.Matches("num_cat=[1-9]", s_mixed.Value.LightGbmModelText);
        AssertSameAsLightGbm(s_mixed.Value.Core, x);

        var (wx, wy) = TestData.LoadXy("wine.csv", "target");
        var wine = new GradientBoostingClassifier { NEstimators = 30 }.Fit(wx, wy);
        AssertSameAsLightGbm(wine.Core, wx);
        var ova = new GradientBoostingClassifier { NEstimators = 10, ExtraParameters = new Dictionary<string, string> { ["objective"] = "x" } };
        Assert.Throws<AugurException>(() => ova.Fit(wx, wy));
    }

    [Fact]
    public void Regressors_MatchLightGbm_ForEveryTransform()
    {
        var (x, y) = BoostingTestData.Regression(2000, seed: 12);
        var counts = y.Select(v => Math.Round(Math.Exp(v / 3))).ToArray();
        foreach (var (objective, target) in new[]
                 {
                     (RegressionObjective.L2, y), (RegressionObjective.Quantile, y), (RegressionObjective.Huber, y),
                     (RegressionObjective.Poisson, counts), (RegressionObjective.Tweedie, counts),
                 })
        {
            var model = new GradientBoostingRegressor { Objective = objective, NEstimators = 30 }.Fit(x, new Float64Column("y", target));
            AssertSameAsLightGbm(model.Core, x);
        }
        var forest = (GradientBoostingRegressor.RandomForest() with { NEstimators = 20 }).Fit(x, new Float64Column("y", y));
        AssertSameAsLightGbm(forest.Core, x);
        var binaryForest = (GradientBoostingClassifier.RandomForest() with { NEstimators = 20 }).Fit(x, new Float64Column("y", y.Select(v => v > 0 ? 1.0 : 0.0).ToArray()));
        AssertSameAsLightGbm(binaryForest.Core, x);
    }

    private static readonly double[] s_special = [double.NaN, 0.0, -0.0, 1e-40, -1e-40, 1e-35, -1e-35, 1e300, -1e300, 0.5, -0.5, 2, -3, 0.1234];

    [Fact]
    public void RandomRows_WithSpecialValues_MatchLightGbm() =>
        Gen.Select(Gen.Int[0, s_special.Length - 1].Select(i => s_special[i]).Array[5],
                   Gen.Int[-1, 4], Gen.Int[-1, 5], Gen.Int[1, 12]).Sample((values, colour, direction, rows) =>
        {
            string[] words = ["north", "south", "east", "west", "up", "unseen"];
            Column Repeat(string name, double v) => new Float64Column(name, Enumerable.Repeat(v, rows).ToArray());
            var frame = new Frame(
                Repeat("a", values[0]), Repeat("b", values[1]), Repeat("c", values[2]), Repeat("d", values[3]), Repeat("e with space", values[4]),
                new CategoricalColumn("colour", Enumerable.Repeat(colour, rows).ToArray(), ["red", "green", "blue", "amber", "violet"]),
                new StringColumn("direction", Enumerable.Repeat(direction < 0 ? null : words[direction], rows).ToArray()));
            AssertSameAsLightGbm(s_mixed.Value.Core, frame);
        }, iter: 150, threads: 1);
}
