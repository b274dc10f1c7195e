using Augur.Metrics;
using Augur.Numerics;
using CsCheck;

namespace Augur.Tests.Metrics;

public sealed class MetricPropertyTests
{
    /// <summary>Two label arrays of the same length (2 … 60 rows, labels 0 … 4).</summary>
    private static readonly Gen<(int[] A, int[] B)> LabelPairs =
        Gen.Int[2, 60].SelectMany(n => Gen.Select(Gen.Int[0, 4].Array[n], Gen.Int[0, 4].Array[n]));

    /// <summary>Binary labels with both classes present, and scores with ties.</summary>
    private static readonly Gen<(int[] Y, double[] S)> BinaryScores =
        Gen.Int[2, 80].SelectMany(n => Gen.Select(Gen.Int[0, 1].Array[n], Gen.Int[0, 20].Array[n]))
            .Select(t =>
            {
                var y = t.Item1;
                y[0] = 0;
                y[1] = 1;
                return (y, t.Item2.Select(v => v / 10.0).ToArray());
            });

    private const int Iterations = 150;

    [Fact]
    public void ClassificationScoresStayInRange()
    {
        LabelPairs.Sample((a, b) =>
        {
            Assert.InRange(ClassificationMetrics.Accuracy(a, b), 0, 1);
            Assert.InRange(ClassificationMetrics.BalancedAccuracy(a, b), 0, 1);
            Assert.InRange(ClassificationMetrics.HammingLoss(a, b), 0, 1);
            foreach (var avg in new[] { Average.Micro, Average.Macro, Average.Weighted })
            {
                var s = ClassificationMetrics.PrecisionRecallFScore(a, b, avg);
                Assert.InRange(s.Precision, 0, 1);
                Assert.InRange(s.Recall, 0, 1);
                Assert.InRange(s.FScore, 0, 1);
                Assert.InRange(ClassificationMetrics.Jaccard(a, b, avg), 0, 1);
            }
            Assert.InRange(ClassificationMetrics.MatthewsCorrCoef(a, b), -1 - 1e-12, 1 + 1e-12);
            var kappa = ClassificationMetrics.CohenKappa(a, b);
            Assert.True(double.IsNaN(kappa) || kappa <= 1 + 1e-12);
            // Micro-averaged F1 equals accuracy for single-label multiclass data.
            Close.Equal(ClassificationMetrics.Accuracy(a, b), ClassificationMetrics.F1(a, b, Average.Micro), 1e-12, 1e-15);
        }, iter: Iterations);
    }

    [Fact]
    public void PerfectPredictionsScoreBest()
    {
        Gen.Int[0, 4].Array[2, 60].Sample(a =>
        {
            Assert.Equal(1.0, ClassificationMetrics.Accuracy(a, a));
            Assert.Equal(1.0, ClassificationMetrics.BalancedAccuracy(a, a));
            Assert.Equal(1.0, ClassificationMetrics.F1(a, a, Average.Macro));
            Assert.Equal(0.0, ClassificationMetrics.HammingLoss(a, a));
            Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(a, a));
            Assert.Equal(1.0, ClusteringMetrics.RandIndex(a, a));
            Close.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation(a, a), 1e-12);
            Close.Equal(1.0, ClusteringMetrics.AdjustedMutualInformation(a, a), 1e-12);
            Close.Equal(1.0, ClusteringMetrics.VMeasure(a, a), 1e-12);
            if (a.Distinct().Count() > 1) Close.Equal(1.0, ClassificationMetrics.MatthewsCorrCoef(a, a), 1e-12);
            var y = a.Select(v => (double)v).ToArray();
            Assert.Equal(0.0, RegressionMetrics.MeanSquaredError(y, y));
            Assert.Equal(1.0, RegressionMetrics.R2(y, y));
        }, iter: Iterations);
    }

    [Fact]
    public void ClusteringAgreementIsSymmetricAndIgnoresLabelNames()
    {
        Gen.Select(LabelPairs, Gen.Int[0, 1000]).Sample((pair, seed) =>
        {
            var (a, b) = pair;
            Close.Equal(ClusteringMetrics.AdjustedRandIndex(a, b), ClusteringMetrics.AdjustedRandIndex(b, a), 1e-12, 1e-14, "ARI symmetry");
            Close.Equal(ClusteringMetrics.RandIndex(a, b), ClusteringMetrics.RandIndex(b, a), 1e-12, 1e-14, "Rand symmetry");
            Close.Equal(ClusteringMetrics.NormalizedMutualInformation(a, b), ClusteringMetrics.NormalizedMutualInformation(b, a), 1e-12, 1e-14, "NMI symmetry");
            Close.Equal(ClusteringMetrics.AdjustedMutualInformation(a, b), ClusteringMetrics.AdjustedMutualInformation(b, a), 1e-9, 1e-12, "AMI symmetry");
            Close.Equal(ClusteringMetrics.MutualInformation(a, b), ClusteringMetrics.MutualInformation(b, a), 1e-12, 1e-14, "MI symmetry");
            Close.Equal(ClusteringMetrics.VMeasure(a, b), ClusteringMetrics.VMeasure(b, a), 1e-12, 1e-14, "V symmetry");
            Close.Equal(ClusteringMetrics.FowlkesMallows(a, b), ClusteringMetrics.FowlkesMallows(b, a), 1e-12, 1e-14, "FM symmetry");
            Assert.InRange(ClusteringMetrics.NormalizedMutualInformation(a, b), 0, 1 + 1e-12);
            Assert.InRange(ClusteringMetrics.RandIndex(a, b), 0, 1);
            Assert.InRange(ClusteringMetrics.FowlkesMallows(a, b), 0, 1 + 1e-12);
            Assert.True(ClusteringMetrics.AdjustedRandIndex(a, b) <= 1 + 1e-12);

            // Renaming clusters by a permutation (and to texts) changes nothing.
            var perm = new Rng(seed).Permutation(5);
            var renamed = b.Select(v => "c" + perm[v]).ToArray();
            Close.Equal(ClusteringMetrics.AdjustedRandIndex(a, b), ClusteringMetrics.AdjustedRandIndex(a, renamed), 1e-12, 1e-14, "ARI renaming");
            Close.Equal(ClusteringMetrics.NormalizedMutualInformation(a, b), ClusteringMetrics.NormalizedMutualInformation(a, renamed), 1e-12, 1e-14, "NMI renaming");
            Close.Equal(ClusteringMetrics.AdjustedMutualInformation(a, b), ClusteringMetrics.AdjustedMutualInformation(a, renamed), 1e-9, 1e-12, "AMI renaming");
            Close.Equal(ClusteringMetrics.FowlkesMallows(a, b), ClusteringMetrics.FowlkesMallows(a, renamed), 1e-12, 1e-14, "FM renaming");
        }, iter: Iterations);
    }

    [Fact]
    public void RankingScoresStayInRangeAndFlipWithTheScores()
    {
        BinaryScores.Sample((y, s) =>
        {
            var auc = ClassificationMetrics.RocAuc(y, s);
            Assert.InRange(auc, 0, 1);
            var flipped = s.Select(v => -v).ToArray();
            Close.Equal(1 - auc, ClassificationMetrics.RocAuc(y, flipped), 1e-12, 1e-14, "AUC of negated scores");
            Assert.InRange(ClassificationMetrics.AveragePrecision(y, s), 0, 1 + 1e-12);
            var roc = ClassificationMetrics.RocCurve(y, s);
            Assert.Equal(0.0, roc.FalsePositiveRate[0]);
            Assert.Equal(1.0, roc.TruePositiveRate[^1]);
            for (var i = 1; i < roc.Thresholds.Length; i++) Assert.True(roc.Thresholds[i] < roc.Thresholds[i - 1]);
            // Dropping intermediate thresholds does not change the area.
            Close.Equal(ClassificationMetrics.RocCurve(y, s, dropIntermediate: false).Area(), roc.Area(), 1e-12, 1e-14, "area with all thresholds");
            var p = s.Select(v => v / 2).ToArray();
            Assert.InRange(ClassificationMetrics.BrierScore(y, p), 0, 1);
            Assert.True(ClassificationMetrics.LogLoss(y, p) >= 0);
        }, iter: Iterations);
    }

    [Fact]
    public void ProbabilityRowsThatSumToOneGiveValidMulticlassScores()
    {
        Gen.Int[6, 50].SelectMany(n => Gen.Select(Gen.Int[0, 2].Array[n], Gen.Double[0.01, 1].Array[n * 3])).Sample((y, raw) =>
        {
            y[0] = 0;
            y[1] = 1;
            y[2] = 2;
            var m = new Matrix(y.Length, 3, raw);
            for (var i = 0; i < m.Rows; i++)
            {
                var row = m.Row(i);
                var sum = row[0] + row[1] + row[2];
                for (var k = 0; k < 3; k++) row[k] /= sum;
            }
            Assert.InRange(ClassificationMetrics.RocAuc(y, m, MultiClass.Ovr), 0, 1);
            Assert.InRange(ClassificationMetrics.RocAuc(y, m, MultiClass.Ovo, AucAverage.Weighted), 0, 1);
            Assert.True(ClassificationMetrics.LogLoss(y, m) >= 0);
            Assert.InRange(ClassificationMetrics.TopKAccuracy(y, m, 1), 0, 1);
            Assert.Equal(1.0, ClassificationMetrics.TopKAccuracy(y, m, 3));
        }, iter: Iterations);
    }

    [Fact]
    public void RegressionErrorsAreConsistent()
    {
        Gen.Int[2, 50].SelectMany(n => Gen.Select(Gen.Double[-100, 100].Array[n], Gen.Double[-100, 100].Array[n])).Sample((t, p) =>
        {
            var mse = RegressionMetrics.MeanSquaredError(t, p);
            Assert.True(mse >= 0);
            Close.Equal(Math.Sqrt(mse), RegressionMetrics.RootMeanSquaredError(t, p), 1e-15);
            Assert.True(RegressionMetrics.R2(t, p) <= 1);
            Assert.True(RegressionMetrics.MaxError(t, p) >= RegressionMetrics.MeanAbsoluteError(t, p) - 1e-12);
            Assert.True(RegressionMetrics.MedianAbsoluteError(t, p) <= RegressionMetrics.MaxError(t, p));
        }, iter: Iterations);
    }

    [Fact]
    public void SilhouetteStaysInRange()
    {
        Gen.Int[6, 40].SelectMany(n => Gen.Select(Gen.Double[-5, 5].Array[n * 2], Gen.Int[0, 2].Array[n])).Sample((raw, labels) =>
        {
            labels[0] = 0;
            labels[1] = 1;
            labels[2] = 2;
            var x = new Matrix(labels.Length, 2, raw);
            foreach (var s in ClusteringMetrics.SilhouetteSamples(x, labels)) Assert.InRange(s, -1 - 1e-12, 1 + 1e-12);
            Assert.True(ClusteringMetrics.CalinskiHarabasz(x, labels) >= 0);
            Assert.True(ClusteringMetrics.DaviesBouldin(x, labels) >= 0);
        }, iter: 60);
    }
}
