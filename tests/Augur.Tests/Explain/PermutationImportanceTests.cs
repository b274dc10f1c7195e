using Augur.Data;
using Augur.Explain;
using Augur.NaiveBayes;
using Augur.Neighbors;
using Augur.Numerics;

namespace Augur.Tests.Explain;

public sealed class PermutationImportanceTests
{
    internal static (Frame TrainX, Column TrainY, Frame TestX, Column TestY) WineSplit()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var test = Enumerable.Range(0, x.RowCount).Where(i => i % 4 == 0).ToArray();
        var train = Enumerable.Range(0, x.RowCount).Where(i => i % 4 != 0).ToArray();
        return (x.Take(train), y.Take(train), x.Take(test), y.Take(test));
    }

    [Fact]
    public void ShufflingAnIrrelevantColumnCostsNothingAndResultsAreSeeded()
    {
        var rng = new Rng(9);
        var n = 200;
        var a = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var noise = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var x = new Frame(new Float64Column("signal", a), new Float64Column("noise", noise));
        var y = new Float64Column("y", a.Select(v => 3 * v).ToArray());
        var model = new KNeighborsRegressor().Fit(x.Select("signal"), y);
        var wide = x;
        var pi = new PermutationImportance { NRepeats = 4, RandomState = 1 };
        var r = pi.Compute(model, wide, y);
        Assert.Equal(["signal"], r.FeatureNames);
        Assert.Equal("r2", r.Scoring);
        Assert.True(r.ImportancesMean[0] > 1);
        Assert.Equal(4, r.Importances.Cols);
        var again = (pi with { NJobs = 1 }).Compute(model, wide, y);
        Assert.Equal(r.Importances.Data, again.Importances.Data);
    }

    [Fact]
    public void MeanAndStdSummariseTheRepeats()
    {
        var (trx, tr_y, tex, tey) = WineSplit();
        var model = new GaussianNB().Fit(trx, tr_y);
        var r = new PermutationImportance { NRepeats = 6, Scoring = "neg_log_loss", RandomState = 3 }.Compute(model, tex, tey);
        Assert.Equal("neg_log_loss", r.Scoring);
        for (var j = 0; j < r.FeatureNames.Count; j++)
        {
            var row = r.Importances.Row(j).ToArray();
            Close.Equal(row.Average(), r.ImportancesMean[j], 1e-12, 1e-15);
            var sd = Math.Sqrt(row.Select(v => (v - row.Average()) * (v - row.Average())).Average());
            Close.Equal(sd, r.ImportancesStd[j], 1e-9, 1e-15);
        }
        Assert.Contains(r.FeatureNames[r.Ranking()[0]], new[] { "proline", "flavanoids", "color_intensity", "alcohol", "od280/od315_of_diluted_wines" });
    }

    [Fact]
    public void MaxSamplesSubsamplesAndBadOptionsAreReported()
    {
        var (trx, tr_y, tex, tey) = WineSplit();
        var model = new GaussianNB().Fit(trx, tr_y);
        var r = new PermutationImportance { MaxSamples = 0.5, NRepeats = 2 }.Compute(model, tex, tey);
        Assert.Equal(13, r.ImportancesMean.Count);
        Assert.Contains("n_repeats", Assert.Throws<AugurException>(() => new PermutationImportance { NRepeats = 0 }.Compute(model, tex, tey)).Message);
        Assert.Contains("max_samples", Assert.Throws<AugurException>(() => new PermutationImportance { MaxSamples = 1000 }.Compute(model, tex, tey)).Message);
        Assert.Contains("unknown scorer", Assert.Throws<AugurException>(() => new PermutationImportance { Scoring = "acuracy" }.Compute(model, tex, tey)).Message);
        Assert.Contains("rows", Assert.Throws<AugurException>(() => new PermutationImportance().Compute(model, tex, tr_y)).Message);
    }
}
