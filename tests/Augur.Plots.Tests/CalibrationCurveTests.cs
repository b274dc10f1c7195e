using System.Text.Json;
using CsCheck;

namespace Augur.Plots.Tests;

public sealed class CalibrationCurveTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture.Load("plots", "calibration.json").GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn_calibration_curve(string name)
    {
        var c = Fixture.Load("plots", "calibration.json").GetProperty("cases").EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
        var positive = c.GetProperty("y_true").Ints().Select(v => v == 1).ToArray();
        var prob = c.GetProperty("y_prob").Doubles();
        var strategy = c.GetProperty("strategy").GetString() == "quantile" ? CalibrationStrategy.Quantile : CalibrationStrategy.Uniform;
        var curve = CalibrationCurve.Compute(positive, prob, c.GetProperty("n_bins").GetInt32(), strategy);
        Close.Equal(c.GetProperty("prob_true").Doubles(), curve.FractionOfPositives, 1e-12, 1e-14, "prob_true");
        Close.Equal(c.GetProperty("prob_pred").Doubles(), curve.MeanPredicted, 1e-12, 1e-14, "prob_pred");
        Assert.Equal(positive.Length, curve.Counts.Sum());
    }

    [Fact]
    public void Bins_are_consistent_for_any_data()
    {
        var gen = Gen.Select(Gen.Double[0, 1].Array[1, 200], Gen.Int[1, 20], Gen.Bool);
        gen.Sample((p, bins, quantile) =>
        {
            var positive = p.Select((v, i) => (i * 7919 % 13) < 6).ToArray();
            var curve = CalibrationCurve.Compute(positive, p, bins, quantile ? CalibrationStrategy.Quantile : CalibrationStrategy.Uniform);
            Assert.Equal(p.Length, curve.Counts.Sum());
            Assert.All(curve.FractionOfPositives, f => Assert.InRange(f, 0, 1));
            Assert.All(curve.MeanPredicted, m => Assert.InRange(m, 0, 1));
            // The overall weighted means are the data's means.
            var meanPred = curve.MeanPredicted.Zip(curve.Counts, (m, n) => m * n).Sum() / p.Length;
            Assert.Equal(p.Average(), meanPred, 9);
            var meanTrue = curve.FractionOfPositives.Zip(curve.Counts, (m, n) => m * n).Sum() / p.Length;
            Assert.Equal(positive.Count(b => b) / (double)p.Length, meanTrue, 9);
        });
    }

    [Fact]
    public void Probabilities_outside_zero_one_are_rejected()
    {
        var e = Assert.Throws<AugurException>(() => CalibrationCurve.Compute([true, false], [0.5, 1.5]));
        Assert.Contains("[0, 1]", e.Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => CalibrationCurve.Compute([true], [0.5, 0.2]));
        Assert.Throws<AugurException>(() => CalibrationCurve.Compute([true], [0.5], nBins: 0));
    }
}
