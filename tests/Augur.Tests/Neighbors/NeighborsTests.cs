using System.Text.Json;
using Augur.Data;
using Augur.Neighbors;
using Augur.Numerics;
using CsCheck;

namespace Augur.Tests.Neighbors;

public sealed class NeighborsTests
{
    private static readonly JsonElement s_fixture = Nbsvm.Fixture("knn.json");

    private static (Frame XTrain, Column YTrain, Frame XTest) Data(string file, string target, bool standardize = false)
    {
        var (x, y) = TestData.LoadXy(file, target);
        if (standardize) x = Nbsvm.Standardize(x);
        var (xtr, ytr, xte, _) = Nbsvm.Split(x, y);
        return (xtr, ytr, xte);
    }

    private static KNeighborsClassifier DigitsEstimator(string name) => name switch
    {
        "uniform" => new KNeighborsClassifier(),
        "distance" => new KNeighborsClassifier { Weights = NeighborWeights.Distance },
        "k1" => new KNeighborsClassifier { NNeighbors = 1 },
        "manhattan" => new KNeighborsClassifier { Metric = NeighborMetric.Manhattan, NNeighbors = 7 },
        "chebyshev" => new KNeighborsClassifier { Metric = NeighborMetric.Chebyshev },
        _ => new KNeighborsClassifier { P = 3, NNeighbors = 4 },
    };

    [Theory]
    [InlineData("uniform")]
    [InlineData("distance")]
    [InlineData("k1")]
    [InlineData("manhattan")]
    [InlineData("chebyshev")]
    [InlineData("minkowski3")]
    public void DigitsMatchScikitLearnExactly(string name)
    {
        var e = s_fixture.GetProperty("digits_" + name);
        var (xtr, ytr, xteAll) = Data("digits.csv", "target");
        // Brute force on every test row (the Minkowski p = 3 power is slow, so fewer rows there); the KD-tree, which
        // degenerates to near-exhaustive search in 64 dimensions, on a slice.
        foreach (var (algorithm, rows) in new[] { (NeighborAlgorithm.Brute, name == "minkowski3" ? 120 : xteAll.RowCount), (NeighborAlgorithm.KdTree, 60) })
        {
            var xte = xteAll.Head(rows);
            var model = (DigitsEstimator(name) with { Algorithm = algorithm }).Fit(xtr, ytr);
            Assert.Equal(e.GetProperty("predict").Strings().Take(rows), Nbsvm.Strings(model.Predict(xte)));
            var proba = model.PredictProba(xte);
            // Integer pixels make every distance exact, so probabilities match to the last bit (up to 1/d rounding of √).
            Close.Equal(Nbsvm.Rows(e.GetProperty("proba").Matrix(), rows), proba, name == "distance" ? 1e-14 : 0, 0, "proba");
            var nb = model.Kneighbors(xte);
            Close.Equal(Nbsvm.Rows(e.GetProperty("distances").Matrix(), rows), nb.Distances, 1e-13, 0, "distances");
            // The same set of neighbours (the order of equally distant ones within the k is unspecified).
            var expectedIdx = e.GetProperty("indices").Matrix();
            for (var i = 0; i < nb.Rows; i++)
            {
                var expectedSet = expectedIdx.Row(i).ToArray().Select(v => (int)v).Order().ToArray();
                var actualSet = Enumerable.Range(0, nb.K).Select(j => nb.Index(i, j)).Order().ToArray();
                Assert.Equal(expectedSet, actualSet);
            }
        }
    }

    [Fact]
    public void ZeroDistanceNeighboursTakeAllTheWeight()
    {
        var e = s_fixture.GetProperty("digits_self_distance");
        var (xtr, ytr, _) = Data("digits.csv", "target");
        var model = new KNeighborsClassifier { Weights = NeighborWeights.Distance, Algorithm = NeighborAlgorithm.Brute }.Fit(xtr, ytr);
        var q = xtr.Head(40);
        Assert.Equal(e.GetProperty("predict").Strings(), Nbsvm.Strings(model.Predict(q)));
        Close.Equal(e.GetProperty("proba").Matrix(), model.PredictProba(q), 0, 0, "proba");
    }

    [Theory]
    [InlineData("brute", "uniform")]
    [InlineData("brute", "distance")]
    [InlineData("kd_tree", "uniform")]
    [InlineData("kd_tree", "distance")]
    public void IrisMatchesScikitLearn(string algorithm, string weights)
    {
        var e = s_fixture.GetProperty($"iris_{algorithm}_{weights}");
        var (xtr, ytr, xte) = Data("iris.csv", "species");
        foreach (var alg in new[] { NeighborAlgorithm.Auto, NeighborAlgorithm.Brute, NeighborAlgorithm.KdTree })
        {
            var model = new KNeighborsClassifier
            {
                NNeighbors = 7,
                Weights = weights == "uniform" ? NeighborWeights.Uniform : NeighborWeights.Distance,
                Algorithm = alg,
            }.Fit(xtr, ytr);
            Assert.Equal(alg != NeighborAlgorithm.Brute, model.UsesKdTree);
            Assert.Equal(e.GetProperty("predict").Strings(), Nbsvm.Strings(model.Predict(xte)));
            // scikit-learn's brute force computes distances as ‖a‖² − 2a·b + ‖b‖² (last-bit differences); its KD-tree, like us, directly.
            Close.Equal(e.GetProperty("proba").Matrix(), model.PredictProba(xte), algorithm == "brute" && weights == "distance" ? 1e-12 : 0, 0, "proba");
        }
    }

    [Fact]
    public void StandardizedWineMatchesScikitLearn()
    {
        var e = s_fixture.GetProperty("wine_std");
        var (xtr, ytr, xte) = Data("wine.csv", "target", standardize: true);
        var model = new KNeighborsClassifier { NNeighbors = 6 }.Fit(xtr, ytr);
        Assert.Equal(e.GetProperty("predict").Strings(), Nbsvm.Strings(model.Predict(xte)));
        Close.Equal(e.GetProperty("proba").Matrix(), model.PredictProba(xte), 0, 0, "proba");
    }

    [Fact]
    public void CosineMetricMatchesScikitLearn()
    {
        var e = s_fixture.GetProperty("synthetic_cosine");
        var x = Nbsvm.Frame(e.GetProperty("x").Matrix());
        var y = Nbsvm.Labels(e.GetProperty("y"));
        var (xtr, ytr, xte, _) = Nbsvm.Split(x, y);
        var model = new KNeighborsClassifier { NNeighbors = 9, Metric = NeighborMetric.Cosine }.Fit(xtr, ytr);
        Assert.False(model.UsesKdTree);
        Assert.Equal(e.GetProperty("predict").Strings(), Nbsvm.Strings(model.Predict(xte)));
        Close.Equal(e.GetProperty("proba").Matrix(), model.PredictProba(xte), 0, 0, "proba");
        var nb = model.Kneighbors(xte);
        Close.Equal(e.GetProperty("distances").Matrix(), nb.Distances, 1e-9, 1e-12, "distances");
        Assert.Equal(e.GetProperty("indices").Matrix().Data.Select(v => (int)v).ToArray(), nb.Indices.ToArray());
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("distance")]
    public void RegressorMatchesScikitLearnOnDiabetes(string weights)
    {
        var e = s_fixture.GetProperty("diabetes_" + weights);
        var (xtr, ytr, xte) = Data("diabetes.csv", "target");
        foreach (var alg in new[] { NeighborAlgorithm.Brute, NeighborAlgorithm.KdTree })
        {
            var model = new KNeighborsRegressor { Weights = weights == "uniform" ? NeighborWeights.Uniform : NeighborWeights.Distance, Algorithm = alg }.Fit(xtr, ytr);
            Close.Equal(e.GetProperty("predict").Doubles(), model.PredictValues(xte), 1e-12, 0, "predict");
        }
    }

    [Fact]
    public void TiesAtTheKthNeighbourAreBrokenLikeScikitLearnWhateverTheAlgorithm()
    {
        // Points on a small integer grid: many equal distances. The reference semantics: a bounded max-heap fed in
        // training order (what scikit-learn's brute force does), reproduced here by an independent scan.
        var rng = new Rng(5);
        var n = 300;
        var train = new Matrix(n, 2);
        for (var i = 0; i < train.Data.Length; i++) train.Data[i] = rng.NextInt(4);
        var queries = new Matrix(80, 2);
        for (var i = 0; i < queries.Data.Length; i++) queries.Data[i] = rng.NextInt(5) - 0.5;
        var y = new Int64Column("y", Enumerable.Range(0, n).Select(i => (long)(i % 3)).ToArray());
        foreach (var k in new[] { 1, 4, 9 })
        {
            var brute = new KNeighborsClassifier { NNeighbors = k, Algorithm = NeighborAlgorithm.Brute }.Fit(Frame.FromMatrix(train), y);
            var tree = new KNeighborsClassifier { NNeighbors = k, Algorithm = NeighborAlgorithm.KdTree, LeafSize = 5 }.Fit(Frame.FromMatrix(train), y);
            var a = brute.Kneighbors(Frame.FromMatrix(queries));
            var b = tree.Kneighbors(Frame.FromMatrix(queries));
            Assert.Equal(a.Indices.ToArray(), b.Indices.ToArray());
            for (var q = 0; q < queries.Rows; q++)
            {
                var expected = ReferenceHeap(train, queries.Row(q).ToArray(), k);
                Assert.Equal(expected, Enumerable.Range(0, k).Select(j => a.Index(q, j)).Order().ToArray());
            }
        }
    }

    // The k kept by a max-heap that rejects values ≥ its root and sifts down towards the larger child (left on equality).
    private static int[] ReferenceHeap(Matrix train, double[] q, int k)
    {
        var vals = Enumerable.Repeat(double.PositiveInfinity, k).ToArray();
        var idx = Enumerable.Repeat(-1, k).ToArray();
        for (var t = 0; t < train.Rows; t++)
        {
            var d = 0.0;
            for (var f = 0; f < q.Length; f++) d += (train[t, f] - q[f]) * (train[t, f] - q[f]);
            if (d >= vals[0]) continue;
            var i = 0;
            while (true)
            {
                int c1 = 2 * i + 1, c2 = c1 + 1, sw;
                if (c1 >= k) break;
                if (c2 >= k) { if (vals[c1] > d) sw = c1; else break; }
                else if (vals[c1] >= vals[c2]) { if (d < vals[c1]) sw = c1; else break; }
                else { if (d < vals[c2]) sw = c2; else break; }
                vals[i] = vals[sw]; idx[i] = idx[sw]; i = sw;
            }
            vals[i] = d; idx[i] = t;
        }
        return idx.Order().ToArray();
    }

    [Fact]
    public void KdTreeAndBruteForceAgreeOnRandomData()
    {
        Gen.Int[1, 6].SelectMany(p => Gen.Int[1, 8].SelectMany(k => Gen.Double[-5, 5].Array[120 * p].Select(v => (p, k, v)))).Sample(t =>
        {
            var (p, k, v) = t;
            var m = new Matrix(120, p, v);
            var x = Frame.FromMatrix(m);
            var y = new Float64Column("y", Enumerable.Range(0, 120).Select(i => Math.Sin(i)).ToArray());
            foreach (var metric in new[] { NeighborMetric.Euclidean, NeighborMetric.Manhattan, NeighborMetric.Chebyshev })
            {
                var brute = new KNeighborsRegressor { NNeighbors = k, Metric = metric, Algorithm = NeighborAlgorithm.Brute }.Fit(x, y);
                var tree = new KNeighborsRegressor { NNeighbors = k, Metric = metric, Algorithm = NeighborAlgorithm.KdTree, LeafSize = 4 }.Fit(x, y);
                var a = brute.Kneighbors(x.Head(30));
                var b = tree.Kneighbors(x.Head(30));
                if (!a.Indices.SequenceEqual(b.Indices) || !a.Distances.Data.SequenceEqual(b.Distances.Data)) return false;
                for (var i = 0; i < 30; i++) if (a.Distances[i, 0] != 0) return false; // each row is its own nearest neighbour
            }
            return true;
        }, iter: 30);
    }

    [Fact]
    public void EuclideanBruteForceIsExactDespiteCancellationAndDuplicates()
    {
        // Large offsets make ‖a‖² − 2a·b + ‖b‖² cancel badly and duplicated rows tie exactly: the brute-force answer
        // must still equal an exact, in-order scan (the KD-tree's fallback does exactly that for ties).
        Gen.Int[1, 5].SelectMany(p => Gen.Int[1, 7].SelectMany(k => Gen.Double[0, 1].Array[60 * p].Select(v => (p, k, v)))).Sample(t =>
        {
            var (p, k, v) = t;
            var m = new Matrix(120, p);
            for (var i = 0; i < 120; i++)
                for (var j = 0; j < p; j++) m[i, j] = 1e7 + Math.Round(v[(i % 60) * p + j] * 8) / 8; // each row twice, on a 1/8 grid
            var x = Frame.FromMatrix(m);
            var y = new Float64Column("y", Enumerable.Range(0, 120).Select(i => (double)i).ToArray());
            var brute = new KNeighborsRegressor { NNeighbors = k, Algorithm = NeighborAlgorithm.Brute }.Fit(x, y).Kneighbors(x.Head(40));
            var tree = new KNeighborsRegressor { NNeighbors = k, Algorithm = NeighborAlgorithm.KdTree, LeafSize = 3 }.Fit(x, y).Kneighbors(x.Head(40));
            return brute.Indices.SequenceEqual(tree.Indices) && brute.Distances.Data.SequenceEqual(tree.Distances.Data);
        }, iter: 40);
    }

    [Fact]
    public void ProbabilitiesSumToOne()
    {
        Gen.Int[1, 10].Select(Gen.Double[-3, 3].Array[80 * 3]).Sample(t =>
        {
            var (k, v) = t;
            var x = Frame.FromMatrix(new Matrix(80, 3, v));
            var y = new StringColumn("y", Enumerable.Range(0, 80).Select(i => "c" + (i * 7 % 4)).ToArray());
            foreach (var w in new[] { NeighborWeights.Uniform, NeighborWeights.Distance })
            {
                var p = new KNeighborsClassifier { NNeighbors = k, Weights = w }.Fit(x, y).PredictProba(x);
                for (var i = 0; i < p.Rows; i++)
                    if (Math.Abs(p.Row(i).ToArray().Sum() - 1) > 1e-12) return false;
            }
            return true;
        }, iter: 30);
    }

    [Fact]
    public void SaveThenLoadPredictsBitForBit()
    {
        var (xtr, ytr, xte) = Data("wine.csv", "target");
        var c = new KNeighborsClassifier { Weights = NeighborWeights.Distance, NNeighbors = 3 }.Fit(xtr, ytr);
        var cl = Nbsvm.RoundTrip(c);
        Nbsvm.BitEqual(c.PredictProba(xte), cl.PredictProba(xte));
        Assert.Equal(Nbsvm.Strings(c.Predict(xte)), Nbsvm.Strings(cl.Predict(xte)));
        var (dtr, dytr, dte) = Data("diabetes.csv", "target");
        var r = new KNeighborsRegressor { Metric = NeighborMetric.Manhattan }.Fit(dtr, dytr);
        Nbsvm.BitEqual(r.PredictValues(dte), Nbsvm.RoundTrip(r).PredictValues(dte));
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var (xtr, ytr, xte) = Data("iris.csv", "species");
        var model = new KNeighborsClassifier().Fit(xtr, ytr);
        Assert.Contains("petal length (cm)", Assert.Throws<AugurException>(() => model.Predict(xte.Drop("petal length (cm)"))).Message);
        var withNan = xte.WithColumn(new Float64Column("sepal width (cm)", Enumerable.Repeat(double.NaN, xte.RowCount).ToArray()));
        Assert.Contains("missing", Assert.Throws<AugurException>(() => model.PredictProba(withNan)).Message);
        Assert.Contains("n_neighbors", Assert.Throws<AugurException>(() => new KNeighborsClassifier { NNeighbors = 500 }.Fit(xtr, ytr)).Message);
        Assert.Contains("n_neighbors", Assert.Throws<AugurException>(() => model.Kneighbors(xte, 0)).Message);
        Assert.Contains("'p'", Assert.Throws<AugurException>(() => new KNeighborsClassifier { P = 0.5 }.Fit(xtr, ytr)).Message);
        Assert.Contains("cosine", Assert.Throws<AugurException>(() => new KNeighborsClassifier { Metric = NeighborMetric.Cosine, Algorithm = NeighborAlgorithm.KdTree }.Fit(xtr, ytr)).Message);
        Assert.Contains("numeric", Assert.Throws<AugurException>(() => new KNeighborsRegressor().Fit(xtr, ytr)).Message);
    }
}
