using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using static Augur.Tests.Metrics.MetricFixtures;

namespace Augur.Tests.Metrics;

public sealed class ClusteringMetricsTests
{
    [Fact]
    public void PairMetricsMatchScikitLearn()
    {
        var count = 0;
        foreach (var c in Cases("clustering.json", "pairs"))
        {
            var name = c.GetProperty("name").GetString()!;
            var a = Labels(c.GetProperty("labels_true"), c.GetProperty("kind_true").GetString()!);
            var b = Labels(c.GetProperty("labels_pred"), c.GetProperty("kind_pred").GetString()!);
            var e = c.GetProperty("expected");
            Check(e.GetProperty("ari"), () => ClusteringMetrics.AdjustedRandIndex(a, b), $"{name} ari");
            Check(e.GetProperty("rand"), () => ClusteringMetrics.RandIndex(a, b), $"{name} rand");
            Check(e.GetProperty("mi"), () => ClusteringMetrics.MutualInformation(a, b), $"{name} mi");
            Check(e.GetProperty("homogeneity"), () => ClusteringMetrics.Homogeneity(a, b), $"{name} homogeneity");
            Check(e.GetProperty("completeness"), () => ClusteringMetrics.Completeness(a, b), $"{name} completeness");
            Check(e.GetProperty("v_measure"), () => ClusteringMetrics.VMeasure(a, b), $"{name} v-measure");
            Check(e.GetProperty("v_measure_beta_2"), () => ClusteringMetrics.VMeasure(a, b, 2.0), $"{name} v-measure beta 2");
            Check(e.GetProperty("fowlkes_mallows"), () => ClusteringMetrics.FowlkesMallows(a, b), $"{name} fowlkes-mallows");
            foreach (var (key, method) in new[] { ("arithmetic", EntropyAverage.Arithmetic), ("min", EntropyAverage.Min), ("geometric", EntropyAverage.Geometric), ("max", EntropyAverage.Max) })
            {
                Check(e.GetProperty("nmi_" + key), () => ClusteringMetrics.NormalizedMutualInformation(a, b, method), $"{name} nmi {key}");
                Check(e.GetProperty("ami_" + key), () => ClusteringMetrics.AdjustedMutualInformation(a, b, method), $"{name} ami {key}");
            }
            var pc = ClusteringMetrics.PairConfusionMatrix(a, b);
            var expectedPc = e.GetProperty("pair_confusion").Matrix();
            Close.Equal(expectedPc.Data, new double[] { pc[0, 0], pc[0, 1], pc[1, 0], pc[1, 1] }, 0, 0, $"{name} pair confusion");
            Close.Equal(e.GetProperty("contingency").Matrix(), ClusteringMetrics.ContingencyMatrix(a, b).Counts, 0, 0, $"{name} contingency");
            count++;
        }
        Assert.True(count >= 14);
    }

    [Fact]
    public void PointMetricsMatchScikitLearn()
    {
        foreach (var c in Cases("clustering.json", "points"))
        {
            var name = c.GetProperty("name").GetString()!;
            var x = c.GetProperty("x").Matrix();
            var labels = Labels(c.GetProperty("labels"), c.GetProperty("kind").GetString()!);
            var e = c.GetProperty("expected");
            Close.Equal(e.GetProperty("silhouette_samples").Doubles(), ClusteringMetrics.SilhouetteSamples(x, labels), Rtol, Atol, $"{name} silhouette samples");
            Check(e.GetProperty("silhouette"), () => ClusteringMetrics.SilhouetteScore(x, labels), $"{name} silhouette", Rtol, Atol);
            Check(e.GetProperty("calinski_harabasz"), () => ClusteringMetrics.CalinskiHarabasz(x, labels), $"{name} calinski-harabasz");
            Check(e.GetProperty("davies_bouldin"), () => ClusteringMetrics.DaviesBouldin(x, labels), $"{name} davies-bouldin", 1e-12, 1e-14);
        }
    }

    [Fact]
    public void FrameOverloadsReadTheFeatures()
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        var c = ClassificationMetricsTests.First("clustering.json", "points", "iris_species");
        Close.Equal(Number(c.GetProperty("expected").GetProperty("silhouette")), ClusteringMetrics.SilhouetteScore(x, y), Rtol, Atol);
        Close.Equal(Number(c.GetProperty("expected").GetProperty("calinski_harabasz")), ClusteringMetrics.CalinskiHarabasz(x, y), Rtol, Atol);
        Close.Equal(Number(c.GetProperty("expected").GetProperty("davies_bouldin")), ClusteringMetrics.DaviesBouldin(x, y), Rtol, Atol);
        var sampled = ClusteringMetrics.SilhouetteScore(x, y, sampleSize: 60, randomState: 3);
        Assert.Equal(sampled, ClusteringMetrics.SilhouetteScore(x, y, sampleSize: 60, randomState: 3));
        Assert.InRange(sampled, -1, 1);
    }

    [Fact]
    public void SilhouetteHandlesManyRowsInBlocks()
    {
        // 2 003 rows (not a multiple of the block or vector width), three clusters: compare with a direct O(n²) loop.
        var rng = new Rng(9);
        var n = 2003;
        var x = new Matrix(n, 3);
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = rng.NextInt(3);
            for (var f = 0; f < 3; f++) x[i, f] = labels[i] * 2 + rng.NextGaussian();
        }
        var fast = ClusteringMetrics.SilhouetteSamples(x, labels);
        var counts = new int[3];
        foreach (var l in labels) counts[l]++;
        for (var i = 0; i < n; i += 97)
        {
            var sums = new double[3];
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var f = 0; f < 3; f++) s += (x[i, f] - x[j, f]) * (x[i, f] - x[j, f]);
                sums[labels[j]] += Math.Sqrt(s);
            }
            var own = labels[i];
            var a = sums[own] / (counts[own] - 1);
            var b = Enumerable.Range(0, 3).Where(c => c != own).Min(c => sums[c] / counts[c]);
            Close.Equal((b - a) / Math.Max(a, b), fast[i], Rtol, Atol, $"row {i}");
        }
    }

    [Fact]
    public void BadInputsRaiseClearErrors()
    {
        var x = Matrix.FromArray(new[,] { { 0.0, 1 }, { 1, 1 }, { 2, 2 } });
        var one = Assert.Throws<AugurException>(() => ClusteringMetrics.SilhouetteScore(x, new[] { 0, 0, 0 }));
        Assert.Contains("number of labels is 1", one.Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => ClusteringMetrics.SilhouetteScore(x, new[] { 0, 1, 2 }));
        Assert.Throws<AugurException>(() => ClusteringMetrics.CalinskiHarabasz(x, new[] { 0, 1 }));
        Assert.Throws<AugurException>(() => ClusteringMetrics.AdjustedRandIndex(new[] { 0, 1 }, new[] { 0, 1, 1 }));
        Assert.Throws<AugurException>(() => ClusteringMetrics.DaviesBouldin(Matrix.FromArray(new[,] { { 0.0 }, { double.NaN }, { 1 } }), new[] { 0, 1, 1 }));
    }

    [Fact]
    public void LogFactorialsAreAccurate()
    {
        var lf = ClusteringMetrics.LogFactorials(100_000);
        Assert.Equal(0.0, lf[0]);
        Assert.Equal(0.0, lf[1]);
        Close.Equal(Math.Log(3628800.0), lf[10], 1e-15);
        // Stirling's series with enough terms is exact to double precision at this size.
        double n = 100_000;
        var stirling = n * Math.Log(n) - n + 0.5 * Math.Log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n * n * n);
        Close.Equal(stirling, lf[100_000], 1e-15);
    }

    [Fact]
    public void LargeSparseContingencyUsesSorting()
    {
        // 5 000 distinct labels on each side: the table is too large to count densely.
        var n = 5000;
        var a = Enumerable.Range(0, n).ToArray();
        var b = Enumerable.Range(0, n).Select(i => (i * 7919) % n).ToArray();
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(a, b));
        Close.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation(a, b), 1e-12);
        var column = new Int64Column("a", a.Select(v => (long)v).ToArray());
        // No pair of rows shares a cluster, so the Fowlkes-Mallows index is 0 by scikit-learn's convention.
        Assert.Equal(0.0, ClusteringMetrics.FowlkesMallows(column, b));
        Assert.Equal(1.0, ClusteringMetrics.AdjustedMutualInformation(column, b));
    }
}
