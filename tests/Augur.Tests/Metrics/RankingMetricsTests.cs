using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using static Augur.Tests.Metrics.MetricFixtures;

namespace Augur.Tests.Metrics;

public sealed class RankingMetricsTests
{
    [Fact]
    public void CurvesAndAreasMatchScikitLearn()
    {
        var count = 0;
        foreach (var c in Cases("ranking.json", "curves"))
        {
            var name = c.GetProperty("name").GetString()!;
            var yt = Labels(c.GetProperty("y_true"), c.GetProperty("kind").GetString()!);
            var score = c.GetProperty("y_score").Doubles();
            var w = Weights(c);
            var pos = OptionalLabel(c, "pos_label");
            var e = c.GetProperty("expected");
            foreach (var drop in new[] { true, false })
            {
                var exp = e.GetProperty(drop ? "roc_True" : "roc_False");
                if (Raises(exp))
                {
                    Assert.Throws<AugurException>(() => ClassificationMetrics.RocCurve(yt, score, pos, w, drop));
                    continue;
                }
                var roc = ClassificationMetrics.RocCurve(yt, score, pos, w, drop);
                Close.Equal(exp.GetProperty("fpr").Doubles(), roc.FalsePositiveRate, Rtol, Atol, $"{name} fpr drop={drop}");
                Close.Equal(exp.GetProperty("tpr").Doubles(), roc.TruePositiveRate, Rtol, Atol, $"{name} tpr drop={drop}");
                Close.Equal(exp.GetProperty("thr").Doubles(), roc.Thresholds, Rtol, Atol, $"{name} thresholds drop={drop}");
            }
            var pr = e.GetProperty("pr");
            if (Raises(pr)) Assert.Throws<AugurException>(() => ClassificationMetrics.PrecisionRecallCurve(yt, score, pos, w));
            else
            {
                var curve = ClassificationMetrics.PrecisionRecallCurve(yt, score, pos, w);
                Close.Equal(pr.GetProperty("p").Doubles(), curve.Precision, Rtol, Atol, $"{name} pr precision");
                Close.Equal(pr.GetProperty("r").Doubles(), curve.Recall, Rtol, Atol, $"{name} pr recall");
                Close.Equal(pr.GetProperty("thr").Doubles(), curve.Thresholds, Rtol, Atol, $"{name} pr thresholds");
            }
            Check(e.GetProperty("ap"), () => ClassificationMetrics.AveragePrecision(yt, score, pos, w), $"{name} average precision");
            Check(e.GetProperty("auc"), () => ClassificationMetrics.RocAuc(yt, score, w), $"{name} roc auc");
            foreach (var mf in new[] { 0.1, 0.5, 0.8 })
                Check(e.GetProperty($"auc_max_fpr_{mf.ToString(System.Globalization.CultureInfo.InvariantCulture)}"),
                    () => ClassificationMetrics.RocAuc(yt, score, w, mf), $"{name} partial auc {mf}");
            count++;
        }
        Assert.True(count >= 10);
    }

    [Fact]
    public void MulticlassAucLogLossAndTopKMatchScikitLearn()
    {
        foreach (var c in Cases("ranking.json", "multiclass"))
        {
            var name = c.GetProperty("name").GetString()!;
            var yt = Labels(c.GetProperty("y_true"), c.GetProperty("kind").GetString()!);
            var proba = c.GetProperty("proba").Matrix();
            var w = Weights(c);
            var labels = LabelList(c);
            var e = c.GetProperty("expected");
            foreach (var (mcName, mc) in new[] { ("ovr", MultiClass.Ovr), ("ovo", MultiClass.Ovo) })
                foreach (var (avgName, avg) in new[] { ("macro", AucAverage.Macro), ("weighted", AucAverage.Weighted) })
                    Check(e.GetProperty($"auc_{mcName}_{avgName}"), () => ClassificationMetrics.RocAuc(yt, proba, mc, avg, labels, mc == MultiClass.Ovr ? w : null), $"{name} auc {mcName} {avgName}");
            Check(e.GetProperty("auc_ovr_micro"), () => ClassificationMetrics.RocAuc(yt, proba, MultiClass.Ovr, AucAverage.Micro, labels, w), $"{name} auc ovr micro");
            Check(e.GetProperty("log_loss"), () => ClassificationMetrics.LogLoss(yt, proba, labels, w), $"{name} log loss");
            Check(e.GetProperty("log_loss_sum"), () => ClassificationMetrics.LogLoss(yt, proba, labels, w, normalize: false), $"{name} log loss sum");
            Check(e.GetProperty("log_loss_eps"), () => ClassificationMetrics.LogLoss(yt, proba, labels, w, eps: 1e-3), $"{name} log loss eps");
            foreach (var k in new[] { 1, 2, 3 })
            {
                Check(e.GetProperty($"top_{k}"), () => ClassificationMetrics.TopKAccuracy(yt, proba, k, true, w, labels), $"{name} top-{k}");
                Check(e.GetProperty($"top_{k}_count"), () => ClassificationMetrics.TopKAccuracy(yt, proba, k, false, w, labels), $"{name} top-{k} count");
            }
        }
    }

    [Fact]
    public void BinaryProbabilityMetricsMatchScikitLearn()
    {
        foreach (var c in Cases("ranking.json", "binary"))
        {
            var name = c.GetProperty("name").GetString()!;
            var yt = Labels(c.GetProperty("y_true"), c.GetProperty("kind").GetString()!);
            var p = c.GetProperty("prob").Doubles();
            var w = Weights(c);
            var labels = LabelList(c);
            var pos = OptionalLabel(c, "pos_label");
            var e = c.GetProperty("expected");
            Check(e.GetProperty("log_loss"), () => ClassificationMetrics.LogLoss(yt, p, labels, w), $"{name} log loss");
            Check(e.GetProperty("log_loss_sum"), () => ClassificationMetrics.LogLoss(yt, p, labels, w, normalize: false), $"{name} log loss sum");
            Check(e.GetProperty("brier"), () => ClassificationMetrics.BrierScore(yt, p, w, pos), $"{name} brier");
            foreach (var k in new[] { 1, 2 })
                Check(e.GetProperty($"top_{k}"), () => ClassificationMetrics.TopKAccuracy(yt, p, k, true, w, labels), $"{name} top-{k}");
            // A two-column probability matrix reads its second column as the positive class.
            var m = new Matrix(p.Length, 2);
            for (var i = 0; i < p.Length; i++)
            {
                m[i, 0] = 1 - p[i];
                m[i, 1] = p[i];
            }
            if (!Raises(e.GetProperty("top_1")))
                Close.Equal(Number(e.GetProperty("top_1")), ClassificationMetrics.TopKAccuracy(yt, m, 1, true, w, labels), Rtol, Atol, $"{name} top-1 from a matrix");
        }
    }

    [Fact]
    public void TwoColumnProbabilitiesGiveTheBinaryAuc()
    {
        var c = ClassificationMetricsTests.First("ranking.json", "curves", "breast_cancer_mean_radius");
        var yt = Labels(c.GetProperty("y_true"), "int");
        var s = c.GetProperty("y_score").Doubles();
        var m = new Matrix(s.Length, 2);
        for (var i = 0; i < s.Length; i++) m[i, 1] = s[i];
        Assert.Equal(ClassificationMetrics.RocAuc(yt, s), ClassificationMetrics.RocAuc(yt, m));
        Close.Equal(Number(c.GetProperty("expected").GetProperty("auc")), ClassificationMetrics.RocCurve(yt, s).Area(), Rtol, Atol);
    }

    [Fact]
    public void UndefinedRankingMetricsRaise()
    {
        var one = Assert.Throws<AugurException>(() => ClassificationMetrics.RocAuc(new[] { 1, 1, 1 }, new[] { 0.2, 0.5, 0.9 }));
        Assert.Contains("only one class", one.Message, StringComparison.Ordinal);
        var m = Matrix.FromArray(new[,] { { 0.2, 0.3, 0.5 }, { 0.5, 0.3, 0.2 }, { 0.1, 0.8, 0.1 } });
        var raise = Assert.Throws<AugurException>(() => ClassificationMetrics.RocAuc(new[] { 0, 1, 2 }, m));
        Assert.Contains("Ovr", raise.Message, StringComparison.Ordinal);
        var notProba = Matrix.FromArray(new[,] { { 0.2, 0.3, 0.9 }, { 0.5, 0.3, 0.2 }, { 0.1, 0.8, 0.1 } });
        Assert.Throws<AugurException>(() => ClassificationMetrics.RocAuc(new[] { 0, 1, 2 }, notProba, MultiClass.Ovr));
        Assert.Throws<AugurException>(() => ClassificationMetrics.RocAuc(new[] { 0, 1, 2 }, m, MultiClass.Ovo, sampleWeight: [1.0, 1, 1]));
        Assert.Throws<AugurException>(() => ClassificationMetrics.RocAuc(new[] { 0, 1, 2 }, m, MultiClass.Ovr, maxFpr: 0.5));
        Assert.Throws<AugurException>(() => ClassificationMetrics.RocAuc(new[] { 0, 1, 2 }, m, MultiClass.Ovr, labels: [2, 1, 0]));
        Assert.Throws<AugurException>(() => ClassificationMetrics.RocAuc(new[] { 0, 1 }, new[] { 0.2, 0.9 }, maxFpr: 0));
        Assert.Throws<AugurException>(() => ClassificationMetrics.RocAuc(new[] { 0, 1 }, new[] { 0.2, double.NaN }));
        var pos = Assert.Throws<AugurException>(() => ClassificationMetrics.RocCurve(new[] { "a", "b" }, new[] { 0.2, 0.9 }));
        Assert.Contains("posLabel", pos.Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => ClassificationMetrics.LogLoss(new[] { 1, 1 }, new[] { 0.2, 0.9 }));
        Assert.Throws<AugurException>(() => ClassificationMetrics.LogLoss(new[] { 0, 1, 2 }, m, labels: [0, 1]));
        Assert.Throws<AugurException>(() => ClassificationMetrics.LogLoss(new[] { 0, 1, 5 }, m, labels: [0, 1, 2]));
        Assert.Throws<AugurException>(() => ClassificationMetrics.BrierScore(new[] { 0, 1, 2 }, new[] { 0.2, 0.5, 0.9 }));
        Assert.Throws<AugurException>(() => ClassificationMetrics.BrierScore(new[] { 0, 1 }, new[] { 0.2, 1.5 }));
        Assert.Throws<AugurException>(() => ClassificationMetrics.BrierScore(new[] { "a", "b" }, new[] { 0.2, 0.5 }));
        Assert.Throws<AugurException>(() => ClassificationMetrics.TopKAccuracy(new[] { 0, 1, 2 }, m, labels: [0, 2, 1]));
        Assert.Throws<AugurException>(() => ClassificationMetrics.AveragePrecision(new[] { 0, 1, 2 }, new[] { 0.2, 0.5, 0.9 }));
        Assert.Throws<AugurException>(() => ClassificationMetrics.Auc(new[] { 0.0, 1.0, 0.5 }, new[] { 0.0, 1.0, 1.0 }));
    }

    [Fact]
    public void RocAucIsTheProbabilityThatAPositiveOutranksANegative()
    {
        // A direct O(n²) definition (ties count one half) on random data with ties.
        var rng = new Rng(5);
        var n = 300;
        var y = new int[n];
        var s = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = rng.NextDouble() < 0.4 ? 1 : 0;
            s[i] = Math.Round(y[i] * 0.7 + rng.NextGaussian(), 1);
        }
        double wins = 0, pairs = 0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                if (y[i] == 1 && y[j] == 0)
                {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
        Close.Equal(wins / pairs, ClassificationMetrics.RocAuc(y, s), 1e-12);
        var column = new Int64Column("y", y.Select(v => (long)v).ToArray());
        Assert.Equal(ClassificationMetrics.RocAuc(y, s), ClassificationMetrics.RocAuc(column, s));
    }

    [Fact]
    public void RadixOrderMatchesAComparisonSort()
    {
        var rng = new Rng(3);
        foreach (var n in new[] { 10, 513, 5000 })
        {
            var scores = new double[n];
            for (var i = 0; i < n; i++)
                scores[i] = (i % 5) switch
                {
                    0 => Math.Round(rng.NextGaussian(), 1),
                    1 => -rng.NextDouble() * 1e300,
                    2 => rng.NextDouble() * 1e-300,
                    3 => i % 2 == 0 ? 0.0 : -0.0,
                    _ => rng.NextGaussian() * 1e6,
                };
            var keys = scores.Select(ScoreSort.DescendingKey).ToArray();
            var rows = Enumerable.Range(0, n).ToArray();
            ScoreSort.Sort(keys, rows);
            var sorted = rows.Select(r => scores[r]).ToArray();
            var expected = scores.OrderByDescending(v => v).ToArray();
            Assert.Equal(expected, sorted);
            Assert.Equal(Enumerable.Range(0, n), rows.Order());
        }
    }
}
