using System.Text.Json;
using Augur.Clustering;
using Augur.Data;
using Augur.Numerics;
using CsCheck;
using static Augur.Tests.Clustering.ClusteringTestHelpers;

namespace Augur.Tests.Clustering;

public sealed class DbscanTests
{
    private static readonly JsonElement s_fixture = Load("dbscan.json");

    private static Frame Dataset(string name) => ToFrame(s_fixture.GetProperty("datasets").GetProperty(name));

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        var cases = s_fixture.GetProperty("cases");
        for (var i = 0; i < cases.GetArrayLength(); i++)
            foreach (var algorithm in new[] { "auto", "kd_tree", "brute" })
                if (!(algorithm == "kd_tree" && cases[i].GetProperty("params").TryGetProperty("metric", out var m) && m.GetString() == "cosine"))
                    data.Add(i, algorithm);
        return data;
    }

    private static Dbscan Options(JsonElement p, string algorithm)
    {
        var metric = p.TryGetProperty("metric", out var m)
            ? m.GetString() switch { "manhattan" => ClusteringMetric.Manhattan, "cosine" => ClusteringMetric.Cosine, _ => ClusteringMetric.Euclidean }
            : ClusteringMetric.Euclidean;
        return new Dbscan
        {
            Eps = p.GetProperty("eps").GetDouble(),
            MinSamples = p.GetProperty("min_samples").GetInt32(),
            Metric = metric,
            Algorithm = algorithm switch { "kd_tree" => DbscanAlgorithm.KdTree, "brute" => DbscanAlgorithm.Brute, _ => DbscanAlgorithm.Auto },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LabelsEqualScikitLearn(int index, string algorithm)
    {
        var c = s_fixture.GetProperty("cases")[index];
        var x = Dataset(c.GetProperty("data").GetString()!);
        var model = Options(c.GetProperty("params"), algorithm).Fit(x, null, OptionalDoubles(c.GetProperty("sample_weight")));
        var name = c.GetProperty("name").GetString();
        SameLabels(c.GetProperty("labels").Ints(), model.Labels, $"{name}/{algorithm} labels");
        Assert.Equal(c.GetProperty("core_sample_indices").Ints(), model.CoreSampleIndices);
    }

    [Fact]
    public void PredictGivesTheNearestCoreSampleLabelWithinEps()
    {
        var x = Dataset("blobs2d");
        var model = new Dbscan { Eps = 0.3, MinSamples = 10 }.Fit(x);
        // Core samples predict their own label; a far-away row is noise.
        var core = x.Take(model.CoreSampleIndices.ToArray());
        Assert.Equal(model.CoreSampleIndices.Select(i => model.Labels[i]).ToArray(), model.PredictLabels(core));
        var far = Frame.FromArray(new[,] { { 1e3, 1e3 } }, ["f0", "f1"]);
        Assert.Equal([-1], model.PredictLabels(far));
        // Every training row that is a noise point has no core sample within eps.
        var predicted = model.PredictLabels(x);
        for (var i = 0; i < x.RowCount; i++)
            if (model.Labels[i] == -1) Assert.Equal(-1, predicted[i]);
            else Assert.NotEqual(-1, predicted[i]);
    }

    [Fact]
    public void TreeAndBruteForceAgreeOnRandomData()
    {
        Gen.Select(Gen.Int[5, 200], Gen.Int[1, 4], Gen.Double[0.1, 3.0], Gen.Int[1, 8], Gen.Int[0, 10_000]).Sample((n, d, eps, minSamples, seed) =>
        {
            var x = ToFrame(Blobs(n, d, 3, seed, spread: 4));
            foreach (var metric in new[] { ClusteringMetric.Euclidean, ClusteringMetric.Manhattan })
            {
                var tree = new Dbscan { Eps = eps, MinSamples = minSamples, Metric = metric, Algorithm = DbscanAlgorithm.KdTree, LeafSize = 3 }.Fit(x);
                var brute = new Dbscan { Eps = eps, MinSamples = minSamples, Metric = metric, Algorithm = DbscanAlgorithm.Brute }.Fit(x);
                Assert.Equal(brute.Labels, tree.Labels);
                Assert.All(tree.Labels, l => Assert.InRange(l, -1, n - 1));
            }
        }, iter: 40);
    }

    [Fact]
    public void SaveThenLoadPredictsBitForBit()
    {
        var x = Dataset("blobs2d");
        foreach (var metric in new[] { ClusteringMetric.Euclidean, ClusteringMetric.Cosine })
        {
            var model = new Dbscan { Eps = metric == ClusteringMetric.Cosine ? 0.01 : 0.3, MinSamples = 8, Metric = metric }.Fit(x);
            var loaded = Assert.IsType<DbscanModel>(RoundTrip(model));
            Assert.Equal(model.PredictLabels(x), loaded.PredictLabels(x));
            Assert.Equal(model.Labels, loaded.Labels);
            Assert.Equal(model.CoreSampleIndices, loaded.CoreSampleIndices);
            Assert.Equal(model.NClusters, loaded.NClusters);
        }
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var x = Dataset("blobs2d");
        Assert.Contains("eps", Assert.Throws<AugurException>(() => new Dbscan { Eps = 0 }.Fit(x)).Message);
        Assert.Contains("min_samples", Assert.Throws<AugurException>(() => new Dbscan { MinSamples = 0 }.Fit(x)).Message);
        Assert.Contains("cosine", Assert.Throws<AugurException>(() => new Dbscan { Metric = ClusteringMetric.Cosine, Algorithm = DbscanAlgorithm.KdTree }.Fit(x)).Message);
        var model = new Dbscan().Fit(x);
        Assert.Throws<AugurException>(() => model.Predict(x.Drop("f0")));
        var nan = x.WithColumn(new Float64Column("f1", Enumerable.Repeat(double.NaN, x.RowCount).ToArray()));
        Assert.Throws<AugurException>(() => new Dbscan().Fit(nan));
    }
}
