using System.Text.Json;
using Augur.Clustering;
using Augur.Data;
using CsCheck;
using static Augur.Tests.Clustering.ClusteringTestHelpers;

namespace Augur.Tests.Clustering;

public sealed class GaussianMixtureTests
{
    private static readonly JsonElement s_fixture = Load("gmm.json");

    private static Frame Dataset(string name) => ToFrame(s_fixture.GetProperty("datasets").GetProperty(name));

    private static CovarianceType Type(string s) => s switch
    {
        "full" => CovarianceType.Full,
        "tied" => CovarianceType.Tied,
        "diag" => CovarianceType.Diag,
        _ => CovarianceType.Spherical,
    };

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < s_fixture.GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivenInitialParametersReproduceScikitLearn(int index)
    {
        var c = s_fixture.GetProperty("cases")[index];
        var name = c.GetProperty("name").GetString()!;
        var type = c.GetProperty("covariance_type").GetString()!;
        var what = $"{name}/{type}";
        var x = Dataset(name);
        var model = new GaussianMixture
        {
            NComponents = c.GetProperty("k").GetInt32(),
            CovarianceType = Type(type),
            WeightsInit = c.GetProperty("weights_init").Doubles(),
            MeansInit = Rows(c.GetProperty("means_init")),
            PrecisionsInit = c.GetProperty("precisions_init").Doubles(),
            Tol = 1e-6,
            MaxIter = 500,
        }.Fit(x);
        const double tol = 1e-6;
        Close.Equal(c.GetProperty("weights").Doubles(), model.Weights, tol, tol, what + " weights");
        Close.Equal(c.GetProperty("means").Matrix(), model.Means, tol, tol, what + " means");
        Close.Equal(c.GetProperty("covariances").Doubles(), model.Covariances, tol, tol, what + " covariances");
        Close.Equal(c.GetProperty("precisions").Doubles(), model.Precisions, tol, tol, what + " precisions");
        Assert.Equal(c.GetProperty("converged").GetBoolean(), model.Converged);
        Assert.Equal(c.GetProperty("n_iter").GetInt32(), model.NIter);
        Close.Equal(c.GetProperty("lower_bound").GetDouble(), model.LowerBound, 1e-9, 0, what + " lower bound");
        SameLabels(c.GetProperty("labels").Ints(), model.Labels, what + " labels");
        var probe = ToFrame(c.GetProperty("probe"));
        Close.Equal(c.GetProperty("probe_proba").Matrix(), model.PredictProba(probe), tol, tol, what + " proba");
        Close.Equal(c.GetProperty("probe_score_samples").Doubles(), model.ScoreSamples(probe), tol, tol, what + " score_samples");
        Close.Equal(c.GetProperty("score").GetDouble(), model.Score(x), 1e-9, 0, what + " score");
        Close.Equal(c.GetProperty("bic").GetDouble(), model.Bic(x), 1e-9, 0, what + " bic");
        Close.Equal(c.GetProperty("aic").GetDouble(), model.Aic(x), 1e-9, 0, what + " aic");
    }

    /// <summary>Default k-means initialisation draws differently from scikit-learn; the fitted log-likelihood must be as good within 1%.</summary>
    [Fact]
    public void DefaultInitialisationReachesScikitLearnsLikelihood()
    {
        foreach (var c in s_fixture.GetProperty("default_fits").EnumerateArray())
        {
            var x = Dataset(c.GetProperty("name").GetString()!);
            var model = new GaussianMixture
            {
                NComponents = c.GetProperty("k").GetInt32(),
                CovarianceType = Type(c.GetProperty("covariance_type").GetString()!),
                NInit = 3,
            }.Fit(x);
            var expected = c.GetProperty("score").GetDouble();
            Assert.True(model.Score(x) >= expected - 0.01 * Math.Abs(expected), $"{c.GetProperty("name")}: score {model.Score(x)} vs scikit-learn {expected}");
        }
    }

    [Fact]
    public void ProbabilitiesSumToOneForEveryInitialisation()
    {
        Gen.Select(Gen.Int[10, 120], Gen.Int[1, 3], Gen.Int[1, 4], Gen.Int[0, 3], Gen.Int[0, 3]).Sample((n, d, k, init, type) =>
        {
            var x = ToFrame(Blobs(n, d, 3, n * 31 + d, spread: 4));
            var model = new GaussianMixture
            {
                NComponents = Math.Min(k, n),
                CovarianceType = (CovarianceType)type,
                InitParams = (GaussianMixtureInit)init,
                RandomState = n,
                RegCovar = 1e-3,
            }.Fit(x);
            var p = model.PredictProba(x);
            for (var i = 0; i < p.Rows; i++)
            {
                Assert.Equal(1.0, p.Row(i).ToArray().Sum(), 10);
                Assert.All(p.Row(i).ToArray(), v => Assert.InRange(v, 0.0, 1.0));
            }
            Assert.Equal(1.0, model.Weights.Sum(), 10);
            Assert.All(model.Labels, l => Assert.InRange(l, 0, model.NComponents - 1));
            Assert.All(model.ScoreSamples(x), v => Assert.True(double.IsFinite(v)));
        }, iter: 40);
    }

    [Fact]
    public void LogSumExpIsStableForFarAwayRows()
    {
        var x = Dataset("blobs");
        var model = new GaussianMixture { NComponents = 3, CovarianceType = CovarianceType.Spherical }.Fit(x);
        var far = Frame.FromArray(new[,] { { 1e4, -1e4, 1e4 } }, ["f0", "f1", "f2"]);
        var p = model.PredictProba(far);
        Assert.Equal(1.0, p.Row(0).ToArray().Sum(), 12);
        Assert.True(double.IsFinite(model.ScoreSamples(far)[0]));
    }

    [Fact]
    public void SaveThenLoadPredictsBitForBit()
    {
        var x = Dataset("iris");
        foreach (var type in Enum.GetValues<CovarianceType>())
        {
            var model = new GaussianMixture { NComponents = 3, CovarianceType = type, RandomState = 4 }.Fit(x);
            var loaded = Assert.IsType<GaussianMixtureModel>(RoundTrip(model));
            Assert.Equal(Bits(model.PredictProba(x).Data), Bits(loaded.PredictProba(x).Data));
            Assert.Equal(Bits(model.ScoreSamples(x)), Bits(loaded.ScoreSamples(x)));
            Assert.Equal(model.PredictLabels(x), loaded.PredictLabels(x));
            Assert.Equal(model.Converged, loaded.Converged);
            Assert.Equal(model.CovarianceShape, loaded.CovarianceShape);
        }
    }

    [Fact]
    public void ComponentCovarianceExpandsEveryType()
    {
        var x = Dataset("iris");
        foreach (var type in Enum.GetValues<CovarianceType>())
        {
            var model = new GaussianMixture { NComponents = 2, CovarianceType = type }.Fit(x);
            var cov = model.ComponentCovariance(1);
            Assert.Equal(4, cov.Rows);
            for (var i = 0; i < 4; i++)
            {
                Assert.True(cov[i, i] > 0);
                for (var j = 0; j < 4; j++) Assert.Equal(cov[i, j], cov[j, i], 12);
            }
        }
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var x = Dataset("iris");
        Assert.Contains("weights_init", Assert.Throws<AugurException>(() => new GaussianMixture { NComponents = 2, WeightsInit = [0.5, 0.6] }.Fit(x)).Message);
        Assert.Contains("precisions_init", Assert.Throws<AugurException>(() => new GaussianMixture { NComponents = 1, PrecisionsInit = [1.0] }.Fit(x)).Message);
        Assert.Contains("not positive definite", Assert.Throws<AugurException>(() =>
            new GaussianMixture { NComponents = 1, CovarianceType = CovarianceType.Tied, PrecisionsInit = Enumerable.Repeat(1.0, 16).ToArray() }.Fit(x)).Message);
        Assert.Contains("means_init", Assert.Throws<AugurException>(() => new GaussianMixture { NComponents = 2, MeansInit = [[1.0]] }.Fit(x)).Message);
        Assert.Contains("sample weights", Assert.Throws<AugurException>(() => new GaussianMixture().Fit(x, null, new double[x.RowCount])).Message);
        var dup = ToFrame(new Numerics.Matrix(10, 2));
        Assert.Contains("reg_covar", Assert.Throws<AugurException>(() => new GaussianMixture { NComponents = 2, RegCovar = 0 }.Fit(dup)).Message);
        var model = new GaussianMixture().Fit(x);
        Assert.Throws<AugurException>(() => model.PredictProba(x.Drop("f3")));
    }
}
