using System.Text.Json;
using Augur.Data;
using Augur.NaiveBayes;
using Augur.Numerics;
using CsCheck;

namespace Augur.Tests.NaiveBayes;

public sealed class NaiveBayesTests
{
    private static readonly JsonElement s_fixture = Nbsvm.Fixture("naive_bayes.json");
    private const double Rtol = 1e-9;

    private static (Frame XTrain, Column YTrain, Frame XTest) Data(string file, string target, int limit = 100)
    {
        var (x, y) = TestData.LoadXy(file, target);
        var (xtr, ytr, xte, _) = Nbsvm.Split(x, y);
        return (xtr, ytr, xte.Head(limit));
    }

    private static (Frame XTrain, Column YTrain, Frame XTest) Synthetic()
    {
        var x = Nbsvm.Frame(s_fixture.GetProperty("synthetic_x").Matrix());
        var y = Nbsvm.Labels(s_fixture.GetProperty("synthetic_y"));
        var (xtr, ytr, xte, _) = Nbsvm.Split(x, y);
        return (xtr, ytr, xte.Head(100));
    }

    private static void Check(JsonElement e, IClassifier model, Frame xTest, Matrix logProba)
    {
        Assert.Equal(e.GetProperty("classes").Strings().Select(s => s!).ToArray(), model.Classes.Names.ToArray());
        Close.Equal(e.GetProperty("log_proba").Matrix(), logProba, Rtol, 1e-9, "log_proba");
        Assert.Equal(e.GetProperty("predict").Strings(), Nbsvm.Strings(model.Predict(xTest)));
        var proba = model.PredictProba(xTest);
        for (var i = 0; i < proba.Rows; i++) Assert.Equal(1.0, proba.Row(i).ToArray().Sum(), 1e-12);
    }

    [Theory]
    [InlineData("gaussian_iris", "iris.csv", "species", null)]
    [InlineData("gaussian_wine_weighted", "wine.csv", "target", "weights")]
    [InlineData("gaussian_wine_priors", "wine.csv", "target", "priors")]
    [InlineData("gaussian_digits", "digits.csv", "target", null)]
    public void GaussianMatchesScikitLearn(string name, string file, string target, string? variant)
    {
        var e = s_fixture.GetProperty(name);
        var (xtr, ytr, xte) = Data(file, target);
        var estimator = new GaussianNB();
        double[]? w = null;
        if (variant == "weights")
        {
            var all = Enumerable.Range(0, TestData.Load(file).RowCount).Select(i => 0.5 + i % 5 * 0.25).ToArray();
            w = Enumerable.Range(0, all.Length).Where(i => i % 4 != 0).Select(i => all[i]).ToArray();
        }
        if (variant == "priors") estimator = estimator with { Priors = [0.2, 0.5, 0.3], VarSmoothing = 1e-6 };
        var model = estimator.Fit(xtr, ytr, w);
        Close.Equal(e.GetProperty("theta").Matrix(), model.Theta, 1e-12, 1e-12, "theta");
        Close.Equal(e.GetProperty("var").Matrix(), model.Variance, 1e-12, 1e-12, "var");
        Close.Equal(e.GetProperty("class_prior").Doubles(), model.ClassPrior.ToArray(), 1e-12, 0, "class_prior");
        Close.Equal(e.GetProperty("class_count").Doubles(), model.ClassCount.ToArray(), 1e-12, 0, "class_count");
        Close.Equal(e.GetProperty("epsilon").GetDouble(), model.Epsilon, 1e-12, 0, "epsilon");
        Check(e, model, xte, model.PredictLogProba(xte));
    }

    [Fact]
    public void GaussianOnSyntheticData()
    {
        var (xtr, ytr, xte) = Synthetic();
        var model = new GaussianNB().Fit(xtr, ytr);
        Check(s_fixture.GetProperty("gaussian_synthetic"), model, xte, model.PredictLogProba(xte));
    }

    public static TheoryData<string> DigitsCases => ["multinomial_digits", "multinomial_digits_weighted", "multinomial_digits_prior", "bernoulli_digits", "complement_digits", "complement_digits_norm"];

    [Theory]
    [MemberData(nameof(DigitsCases))]
    public void CountModelsMatchScikitLearnOnDigits(string name)
    {
        var e = s_fixture.GetProperty(name);
        var (xtr, ytr, xte) = Data("digits.csv", "target");
        double[]? w = null;
        if (name.EndsWith("weighted", StringComparison.Ordinal))
            w = Enumerable.Range(0, 1797).Where(i => i % 4 != 0).Select(i => 1.0 + i % 3).ToArray();
        (IClassifier Model, Matrix LogProba, Matrix Flp, IReadOnlyList<double> Clp, Matrix Fc) r = name switch
        {
            "multinomial_digits" => Mn(new MultinomialNB()),
            "multinomial_digits_weighted" => Mn(new MultinomialNB { Alpha = 0.5, FitPrior = false }),
            "multinomial_digits_prior" => Mn(new MultinomialNB { Alpha = 2.0, ClassPrior = Enumerable.Repeat(0.1, 10).ToArray() }),
            "bernoulli_digits" => Bn(new BernoulliNB { Binarize = 4.0 }),
            "complement_digits" => Cn(new ComplementNB()),
            _ => Cn(new ComplementNB { Norm = true, Alpha = 0.3 }),
        };
        Close.Equal(e.GetProperty("feature_log_prob").Matrix(), r.Flp, Rtol, 1e-12, "feature_log_prob");
        Close.Equal(e.GetProperty("class_log_prior").Doubles(), r.Clp.ToArray(), Rtol, 1e-12, "class_log_prior");
        Close.Equal(e.GetProperty("feature_count").Matrix(), r.Fc, 1e-12, 1e-12, "feature_count");
        Check(e, r.Model, xte, r.LogProba);

        (IClassifier, Matrix, Matrix, IReadOnlyList<double>, Matrix) Mn(MultinomialNB est)
        {
            var m = est.Fit(xtr, ytr, w);
            return (m, m.PredictLogProba(xte), m.FeatureLogProb, m.ClassLogPrior, m.FeatureCount);
        }
        (IClassifier, Matrix, Matrix, IReadOnlyList<double>, Matrix) Bn(BernoulliNB est)
        {
            var m = est.Fit(xtr, ytr, w);
            return (m, m.PredictLogProba(xte), m.FeatureLogProb, m.ClassLogPrior, m.FeatureCount);
        }
        (IClassifier, Matrix, Matrix, IReadOnlyList<double>, Matrix) Cn(ComplementNB est)
        {
            var m = est.Fit(xtr, ytr, w);
            return (m, m.PredictLogProba(xte), m.FeatureLogProb, m.ClassLogPrior, m.FeatureCount);
        }
    }

    [Fact]
    public void BernoulliOnSyntheticData()
    {
        var (xtr, ytr, xte) = Synthetic();
        var model = new BernoulliNB().Fit(xtr, ytr);
        Check(s_fixture.GetProperty("bernoulli_synthetic"), model, xte, model.PredictLogProba(xte));
    }

    [Theory]
    [InlineData("multinomial")]
    [InlineData("complement")]
    [InlineData("bernoulli")]
    [InlineData("bernoulli_threshold")]
    public void SparseInputMatchesScikitLearnAndTheDenseResult(string name)
    {
        var e = s_fixture.GetProperty("sparse");
        var dense = e.GetProperty("x").Matrix();
        var y = Nbsvm.Labels(e.GetProperty("y"));
        var sparse = Nbsvm.ToSparse(dense);
        var (str, ytr, ste, _) = Nbsvm.Split(sparse, y);
        var (dtr, _, dte, _) = Nbsvm.Split(Nbsvm.Frame(dense), y);
        Matrix Run(Frame tr, Frame te, out Matrix flp)
        {
            switch (name)
            {
                case "multinomial":
                {
                    var m = new MultinomialNB { Alpha = 0.7 }.Fit(tr, ytr);
                    flp = m.FeatureLogProb;
                    return m.PredictLogProba(te);
                }
                case "complement":
                {
                    var m = new ComplementNB().Fit(tr, ytr);
                    flp = m.FeatureLogProb;
                    return m.PredictLogProba(te);
                }
                default:
                {
                    var m = new BernoulliNB { Binarize = name == "bernoulli" ? 0.0 : 2.0 }.Fit(tr, ytr);
                    flp = m.FeatureLogProb;
                    return m.PredictLogProba(te);
                }
            }
        }
        var sparseLp = Run(str, ste, out var sparseFlp);
        var denseLp = Run(dtr, dte, out var denseFlp);
        Close.Equal(e.GetProperty(name).GetProperty("log_proba").Matrix(), sparseLp, Rtol, 1e-9, "sparse log_proba");
        Close.Equal(e.GetProperty(name).GetProperty("feature_log_prob").Matrix(), sparseFlp, Rtol, 1e-12, "sparse feature_log_prob");
        Close.Equal(denseLp, sparseLp, 1e-12, 1e-12, "dense vs sparse");
        Close.Equal(denseFlp, sparseFlp, 1e-12, 1e-12, "dense vs sparse flp");
    }

    [Fact]
    public void SaveThenLoadPredictsBitForBit()
    {
        var (xtr, ytr, xte) = Data("wine.csv", "target");
        var g = new GaussianNB().Fit(xtr, ytr);
        Nbsvm.BitEqual(g.PredictProba(xte), Nbsvm.RoundTrip(g).PredictProba(xte));
        var (dtr, dytr, dte) = Data("digits.csv", "target");
        var mn = new MultinomialNB { Alpha = 0.3 }.Fit(dtr, dytr);
        Nbsvm.BitEqual(mn.PredictLogProba(dte), Nbsvm.RoundTrip(mn).PredictLogProba(dte));
        var bn = new BernoulliNB { Binarize = 3 }.Fit(dtr, dytr);
        var bnLoaded = Nbsvm.RoundTrip(bn);
        Nbsvm.BitEqual(bn.PredictLogProba(dte), bnLoaded.PredictLogProba(dte));
        Assert.Equal(3.0, bnLoaded.Options.Binarize);
        var cn = new ComplementNB { Norm = true }.Fit(dtr, dytr);
        Nbsvm.BitEqual(cn.PredictLogProba(dte), Nbsvm.RoundTrip(cn).PredictLogProba(dte));
        Assert.Equal(Nbsvm.Strings(cn.Predict(dte)), Nbsvm.Strings(Nbsvm.RoundTrip(cn).Predict(dte)));
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var (xtr, ytr, xte) = Data("iris.csv", "species");
        var model = new GaussianNB().Fit(xtr, ytr);
        var e = Assert.Throws<AugurException>(() => model.Predict(xte.Drop("petal width (cm)")));
        Assert.Contains("petal width (cm)", e.Message);
        var withNan = xte.WithColumn(new Float64Column("sepal length (cm)", Enumerable.Repeat(double.NaN, xte.RowCount).ToArray()));
        Assert.Contains("missing", Assert.Throws<AugurException>(() => model.Predict(withNan)).Message);
        var text = xte.WithColumn(new StringColumn("sepal width (cm)", Enumerable.Repeat("a", xte.RowCount).ToArray()));
        Assert.Throws<AugurException>(() => model.PredictProba(text));
        Assert.Contains("target", Assert.Throws<AugurException>(() => new GaussianNB().Fit(xtr, null)).Message);
        var negative = Frame.FromArray(new double[,] { { 1, -1 }, { 2, 0 } });
        Assert.Contains("non-negative", Assert.Throws<AugurException>(() => new MultinomialNB().Fit(negative, new Int64Column("y", [0, 1]))).Message);
        Assert.Contains("class_prior", Assert.Throws<AugurException>(() => new MultinomialNB { ClassPrior = [1.0] }.Fit(Frame.FromArray(new double[,] { { 1, 1 }, { 2, 0 } }), new Int64Column("y", [0, 1]))).Message);
        Assert.Contains("priors", Assert.Throws<AugurException>(() => new GaussianNB { Priors = [0.5, 0.6, 0.1] }.Fit(xtr, ytr)).Message);
    }

    [Fact]
    public void ProbabilitiesSumToOneOnRandomData()
    {
        Gen.Int[1, 4].Select(Gen.Double[0, 20].Array[60 * 3]).Sample(t =>
        {
            var (cls, values) = t;
            var m = new Matrix(60, 3, values);
            var y = new Int64Column("y", Enumerable.Range(0, 60).Select(i => (long)(i % (cls + 1))).ToArray());
            var x = Frame.FromMatrix(m);
            foreach (var model in new IClassifier[] { new GaussianNB().Fit(x, y), new MultinomialNB().Fit(x, y), new BernoulliNB { Binarize = 10 }.Fit(x, y), new ComplementNB().Fit(x, y) })
            {
                var p = model.PredictProba(x);
                for (var i = 0; i < p.Rows; i++)
                {
                    var s = p.Row(i).ToArray().Sum();
                    if (Math.Abs(s - 1) > 1e-12 || p.Row(i).ToArray().Any(v => v < 0 || double.IsNaN(v))) return false;
                }
            }
            return true;
        }, iter: 40);
    }
}
