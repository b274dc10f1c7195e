using System.Text.Json;
using Augur.Clustering;
using Augur.Data;
using CsCheck;
using static Augur.Tests.Clustering.ClusteringTestHelpers;

namespace Augur.Tests.Clustering;

public sealed class AgglomerativeTests
{
    private static readonly JsonElement s_fixture = Load("agglomerative.json");

    private static Frame Dataset(string name) => ToFrame(s_fixture.GetProperty("datasets").GetProperty(name));

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < s_fixture.GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    private static LinkageMethod Linkage(string s) => s switch
    {
        "ward" => LinkageMethod.Ward,
        "complete" => LinkageMethod.Complete,
        "average" => LinkageMethod.Average,
        _ => LinkageMethod.Single,
    };

    private static ClusteringMetric Metric(string s) => s switch
    {
        "manhattan" => ClusteringMetric.Manhattan,
        "cosine" => ClusteringMetric.Cosine,
        _ => ClusteringMetric.Euclidean,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TreeAndLabelsMatchScikitLearn(int index)
    {
        var c = s_fixture.GetProperty("cases")[index];
        var name = c.GetProperty("name").GetString()!;
        var linkage = c.GetProperty("linkage").GetString()!;
        var metric = c.GetProperty("metric").GetString()!;
        var what = $"{name}/{linkage}/{metric}";
        var model = new AgglomerativeClustering
        {
            NClusters = c.GetProperty("n_clusters").GetInt32(),
            Linkage = Linkage(linkage),
            Metric = Metric(metric),
        }.Fit(Dataset(name));
        var expected = c.GetProperty("labels").Ints();
        Assert.Equal(1.0, AdjustedRandIndex(expected, model.Labels), 12);
        Close.Equal(c.GetProperty("distances").Doubles(), model.Distances.ToArray(), 1e-9, 1e-12, what + " distances");
        // Iris has duplicate rows and tied distances, where the order of equal merges is arbitrary; elsewhere the tree
        // and scikit-learn's label numbering match exactly.
        if (name != "iris")
        {
            var children = c.GetProperty("children").EnumerateArray().Select(r => r.Ints()).ToArray();
            for (var i = 0; i < children.Length; i++)
                Assert.True(children[i][0] == model.Children[i].Left && children[i][1] == model.Children[i].Right,
                    $"{what} merge {i}: expected ({children[i][0]}, {children[i][1]}), got {model.Children[i]}");
            SameLabels(expected, model.Labels, what + " labels");
        }
    }

    [Fact]
    public void DistanceThresholdCutsLikeScikitLearn()
    {
        var x = Dataset("wine");
        foreach (var c in s_fixture.GetProperty("thresholds").EnumerateArray())
        {
            var model = new AgglomerativeClustering
            {
                NClusters = null,
                DistanceThreshold = c.GetProperty("threshold").GetDouble(),
                Linkage = Linkage(c.GetProperty("linkage").GetString()!),
            }.Fit(x);
            Assert.Equal(c.GetProperty("n_clusters").GetInt32(), model.NClustersFound);
            SameLabels(c.GetProperty("labels").Ints(), model.Labels, c.GetProperty("linkage").GetString()!);
        }
    }

    [Fact]
    public void TreeIsConsistent()
    {
        Gen.Select(Gen.Int[2, 60], Gen.Int[1, 4], Gen.Int[0, 3], Gen.Int[0, 10_000]).Sample((n, d, method, seed) =>
        {
            var x = ToFrame(Blobs(n, d, 3, seed, spread: 3));
            var k = 1 + seed % n;
            var model = new AgglomerativeClustering { NClusters = k, Linkage = (LinkageMethod)method }.Fit(x);
            Assert.Equal(n - 1, model.Merges.Count);
            Assert.Equal(n, model.Merges[^1].Size);
            Assert.Equal(k, model.Labels.Distinct().Count());
            Assert.All(model.Labels, l => Assert.InRange(l, 0, k - 1));
            var distances = model.Distances;
            for (var i = 1; i < distances.Count; i++) Assert.True(distances[i] >= distances[i - 1]);
            // Every node appears as a child exactly once.
            var seen = model.Children.SelectMany(c => new[] { c.Left, c.Right }).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 2 * n - 2), seen);
        }, iter: 60);
    }

    [Fact]
    public void PredictUsesCentroidsForWardAndNearestRowOtherwise()
    {
        var x = Dataset("blobs");
        foreach (var linkage in Enum.GetValues<LinkageMethod>())
        {
            var model = new AgglomerativeClustering { NClusters = 5, Linkage = linkage }.Fit(x);
            var predicted = model.PredictLabels(x);
            if (linkage == LinkageMethod.Ward) Assert.True(AdjustedRandIndex(model.Labels, predicted) > 0.9);
            else Assert.Equal(model.Labels, predicted);
            var loaded = Assert.IsType<AgglomerativeClusteringModel>(RoundTrip(model));
            Assert.Equal(predicted, loaded.PredictLabels(x));
            Assert.Equal(model.Labels, loaded.Labels);
            Assert.Equal(model.Distances, loaded.Distances);
            Assert.Equal(model.Children, loaded.Children);
        }
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var x = Dataset("blobs");
        Assert.Contains("exactly one", Assert.Throws<AugurException>(() => new AgglomerativeClustering { NClusters = 2, DistanceThreshold = 1 }.Fit(x)).Message);
        Assert.Contains("ward", Assert.Throws<AugurException>(() => new AgglomerativeClustering { Metric = ClusteringMetric.Manhattan }.Fit(x)).Message);
        Assert.Contains("sample weights", Assert.Throws<AugurException>(() => new AgglomerativeClustering().Fit(x, null, new double[x.RowCount])).Message);
        Assert.Contains("n_clusters", Assert.Throws<AugurException>(() => new AgglomerativeClustering { NClusters = 1000 }.Fit(x)).Message);
        var model = new AgglomerativeClustering().Fit(x);
        Assert.Throws<AugurException>(() => model.Predict(x.Drop("f1")));
    }
}

public sealed class LinkageStorageTests
{
    /// <summary>The square-matrix, condensed-matrix and (for Ward) centroid paths build the same tree.</summary>
    [Fact]
    public void StoragePathsAgree()
    {
        Gen.Select(Gen.Int[2, 80], Gen.Int[1, 5], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 10_000]).Sample((n, d, method, metric, seed) =>
        {
            var linkage = (LinkageMethod)method;
            var m = ClusteringTestHelpers.Blobs(n, d, 3, seed, spread: 3);
            var dist = linkage == LinkageMethod.Ward ? ClusteringMetric.Euclidean : (ClusteringMetric)metric;
            var square = Linkage.Build(m, linkage, dist);
            var condensed = Linkage.Build(m, linkage, dist, squareLimit: 0);
            Assert.Equal(square.Select(s => (s.Left, s.Right)), condensed.Select(s => (s.Left, s.Right)));
            Close.Equal(square.Select(s => s.Distance).ToArray(), condensed.Select(s => s.Distance).ToArray(), 0, 0);
            if (linkage == LinkageMethod.Ward)
            {
                var centroid = Linkage.Build(m, linkage, dist, wardMatrixLimit: 0);
                Assert.Equal(square.Select(s => (s.Left, s.Right)), centroid.Select(s => (s.Left, s.Right)));
                Close.Equal(square.Select(s => s.Distance).ToArray(), centroid.Select(s => s.Distance).ToArray(), 1e-9, 1e-12);
            }
        }, iter: 60);
    }
}
