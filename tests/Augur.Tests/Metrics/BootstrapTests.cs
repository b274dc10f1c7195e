using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using static Augur.Tests.Metrics.MetricFixtures;

namespace Augur.Tests.Metrics;

public sealed class BootstrapTests
{
    [Fact]
    public void IntervalsAreSeededAndBracketTheEstimate()
    {
        var c = ClassificationMetricsTests.First("classification.json", "cases", "wine_gaussian_nb");
        var yt = Labels(c.GetProperty("y_true"), "int");
        var yp = Labels(c.GetProperty("y_pred"), "int");
        var a = Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.F1(t, p, Average.Macro), yt, yp, nResamples: 300, randomState: 4);
        var b = Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.F1(t, p, Average.Macro), yt, yp, nResamples: 300, randomState: 4);
        var other = Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.F1(t, p, Average.Macro), yt, yp, nResamples: 300, randomState: 5);
        Assert.Equal(a.Distribution, b.Distribution);
        Assert.Equal((a.Lower, a.Upper), (b.Lower, b.Upper));
        Assert.NotEqual(a.Distribution, other.Distribution);
        Assert.Equal(ClassificationMetrics.F1(yt, yp, Average.Macro), a.Estimate);
        Assert.True(a.Lower <= a.Estimate && a.Estimate <= a.Upper);
        Assert.True(a.Lower < a.Upper);
        Assert.Equal(300, a.Resamples + a.Skipped);
        Assert.Equal(0.95, a.Confidence);
        // Percentiles of the sorted distribution, with NumPy's linear interpolation.
        var d = a.Distribution;
        Assert.Equal(d.Order(), d);
        var pos = 0.025 * (d.Length - 1);
        var lo = (int)Math.Floor(pos);
        Close.Equal(d[lo] + (d[lo + 1] - d[lo]) * (pos - lo), a.Lower, 1e-14);
    }

    [Fact]
    public void TheStandardErrorOfAMeanIsRecovered()
    {
        // Bootstrap the MSE against a zero prediction, i.e. the mean of y²: its standard error is sd(y²)/√n.
        var rng = new Rng(1);
        var n = 400;
        var y = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var zeros = new double[n];
        var ci = Bootstrap.ConfidenceInterval((t, p) => RegressionMetrics.MeanSquaredError(t, p), y, zeros, nResamples: 800, randomState: 2);
        var sq = y.Select(v => v * v).ToArray();
        var mean = sq.Average();
        var sd = Math.Sqrt(sq.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        Assert.InRange(ci.StandardError / (sd / Math.Sqrt(n)), 0.85, 1.15);
        Assert.InRange(ci.Upper - ci.Lower, 3.0 * sd / Math.Sqrt(n), 4.8 * sd / Math.Sqrt(n));
    }

    [Fact]
    public void UndefinedResamplesAreSkipped()
    {
        // Two positives in 30 rows: some resamples have no positive, where ROC AUC is undefined.
        var y = new Int64Column("y", Enumerable.Range(0, 30).Select(i => i < 2 ? 1L : 0L).ToArray());
        var s = Enumerable.Range(0, 30).Select(i => i < 2 ? 0.9 : i / 40.0).ToArray();
        var ci = Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.RocAuc(t, p), y, s, nResamples: 200, randomState: 0);
        Assert.True(ci.Skipped > 0);
        Assert.Equal(200, ci.Resamples + ci.Skipped);
        Assert.InRange(ci.Lower, 0, 1);
        var proba = new Matrix(30, 2);
        for (var i = 0; i < 30; i++)
        {
            proba[i, 1] = s[i];
            proba[i, 0] = 1 - s[i];
        }
        var ll = Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.LogLoss(t, p, labels: [0, 1]), y, proba, nResamples: 100);
        Assert.Equal(0, ll.Skipped);
        Assert.True(ll.Lower > 0);
    }

    [Fact]
    public void BadArgumentsRaise()
    {
        double[] y = [1, 2, 3];
        Assert.Throws<AugurException>(() => Bootstrap.ConfidenceInterval((t, p) => RegressionMetrics.R2(t, p), y, y, confidence: 1.0));
        Assert.Throws<AugurException>(() => Bootstrap.ConfidenceInterval((t, p) => RegressionMetrics.R2(t, p), y, y, nResamples: 0));
        Assert.Throws<AugurException>(() => Bootstrap.ConfidenceInterval((t, p) => RegressionMetrics.R2(t, p), y, [1.0, 2.0]));
        // Always undefined: ROC AUC with one class.
        var one = new Int64Column("y", [1, 1, 1, 1]);
        Assert.Throws<AugurException>(() => Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.RocAuc(t, p), one, [0.1, 0.2, 0.3, 0.4], nResamples: 20));
    }
}
