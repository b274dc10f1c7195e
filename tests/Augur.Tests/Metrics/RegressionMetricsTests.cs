using System.Globalization;
using Augur.Metrics;
using static Augur.Tests.Metrics.MetricFixtures;

namespace Augur.Tests.Metrics;

public sealed class RegressionMetricsTests
{
    [Fact]
    public void RegressionMetricsMatchScikitLearn()
    {
        var count = 0;
        foreach (var c in Cases("regression.json"))
        {
            var name = c.GetProperty("name").GetString()!;
            var yt = c.GetProperty("y_true").Doubles();
            var yp = c.GetProperty("y_pred").Doubles();
            var w = Weights(c);
            var e = c.GetProperty("expected");
            Check(e.GetProperty("mse"), () => RegressionMetrics.MeanSquaredError(yt, yp, w), $"{name} mse");
            Check(e.GetProperty("rmse"), () => RegressionMetrics.RootMeanSquaredError(yt, yp, w), $"{name} rmse");
            Check(e.GetProperty("mae"), () => RegressionMetrics.MeanAbsoluteError(yt, yp, w), $"{name} mae");
            Check(e.GetProperty("mape"), () => RegressionMetrics.MeanAbsolutePercentageError(yt, yp, w), $"{name} mape");
            Check(e.GetProperty("median_ae"), () => RegressionMetrics.MedianAbsoluteError(yt, yp, w), $"{name} median ae");
            Check(e.GetProperty("max_error"), () => RegressionMetrics.MaxError(yt, yp), $"{name} max error");
            Check(e.GetProperty("r2"), () => RegressionMetrics.R2(yt, yp, w), $"{name} r2");
            Check(e.GetProperty("r2_not_finite"), () => RegressionMetrics.R2(yt, yp, w, forceFinite: false), $"{name} r2 not forced finite");
            Check(e.GetProperty("explained_variance"), () => RegressionMetrics.ExplainedVariance(yt, yp, w), $"{name} explained variance");
            Check(e.GetProperty("explained_variance_not_finite"), () => RegressionMetrics.ExplainedVariance(yt, yp, w, forceFinite: false), $"{name} explained variance not forced finite");
            Check(e.GetProperty("msle"), () => RegressionMetrics.MeanSquaredLogError(yt, yp, w), $"{name} msle");
            Check(e.GetProperty("rmsle"), () => RegressionMetrics.RootMeanSquaredLogError(yt, yp, w), $"{name} rmsle");
            Check(e.GetProperty("d2_absolute"), () => RegressionMetrics.D2AbsoluteErrorScore(yt, yp, w), $"{name} d2 absolute");
            foreach (var alpha in new[] { 0.1, 0.5, 0.9 })
            {
                var a = alpha.ToString(CultureInfo.InvariantCulture);
                Check(e.GetProperty($"pinball_{a}"), () => RegressionMetrics.MeanPinballLoss(yt, yp, w, alpha), $"{name} pinball {a}");
                Check(e.GetProperty($"d2_pinball_{a}"), () => RegressionMetrics.D2PinballScore(yt, yp, w, alpha), $"{name} d2 pinball {a}");
            }
            foreach (var power in new[] { -1.0, 0.0, 1.0, 1.5, 2.0, 3.0 })
            {
                var p = power.ToString("0.0##", CultureInfo.InvariantCulture);
                Check(e.GetProperty($"tweedie_{p}"), () => RegressionMetrics.MeanTweedieDeviance(yt, yp, w, power), $"{name} tweedie {p}");
                Check(e.GetProperty($"d2_tweedie_{p}"), () => RegressionMetrics.D2TweedieScore(yt, yp, w, power), $"{name} d2 tweedie {p}");
                if (power == 1.0) Check(e.GetProperty($"tweedie_{p}"), () => RegressionMetrics.MeanPoissonDeviance(yt, yp, w), $"{name} poisson");
                if (power == 2.0) Check(e.GetProperty($"tweedie_{p}"), () => RegressionMetrics.MeanGammaDeviance(yt, yp, w), $"{name} gamma");
            }
            count++;
        }
        Assert.True(count >= 10);
    }

    [Fact]
    public void BadInputsRaiseClearErrors()
    {
        double[] y = [1, 2, 3];
        Assert.Contains("3 values", Assert.Throws<AugurException>(() => RegressionMetrics.MeanSquaredError(y, [1.0, 2.0])).Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => RegressionMetrics.MeanSquaredError(y, [1.0, double.NaN, 2.0]));
        Assert.Throws<AugurException>(() => RegressionMetrics.MeanSquaredError([], []));
        Assert.Throws<AugurException>(() => RegressionMetrics.MeanSquaredError(y, y, [1.0, 1.0]));
        Assert.Throws<AugurException>(() => RegressionMetrics.MeanSquaredError(y, y, [0.0, 0.0, 0.0]));
        Assert.Contains("negative", Assert.Throws<AugurException>(() => RegressionMetrics.MeanSquaredLogError([-1.0, 2], [1.0, 2])).Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => RegressionMetrics.MeanTweedieDeviance(y, y, power: 0.5));
        Assert.Throws<AugurException>(() => RegressionMetrics.MeanPoissonDeviance(y, [1.0, 0.0, 2.0]));
        Assert.True(double.IsNaN(RegressionMetrics.R2([1.0], [2.0])));
    }

    [Fact]
    public void Log1PIsAccurateNearZero()
    {
        foreach (var x in new[] { 1e-18, 1e-10, 3e-7, 1e-4, 0.3, 7.0, 1e300 })
        {
            var reference = x < 1e-3 ? x - x * x / 2 + x * x * x / 3 - x * x * x * x / 4 : Math.Log(1 + x);
            Close.Equal(reference, RegressionMetrics.Log1P(x), 4e-16, 0, $"log1p({x})");
        }
    }
}
