using Augur.Data;
using Augur.Linear;
using Augur.Numerics;

namespace Augur.Tests.Linear;

public sealed class RegressionTests
{
    private static readonly System.Text.Json.JsonElement Lr = LinearTestData.Fixture("linear_regression.json");
    private static readonly System.Text.Json.JsonElement Rd = LinearTestData.Fixture("ridge.json");
    private static readonly System.Text.Json.JsonElement En = LinearTestData.Fixture("elastic_net.json");

    private static void Check(System.Text.Json.JsonElement e, IReadOnlyList<double> coef, double intercept, double rtol, double atol = 1e-9)
    {
        Close.Equal(e.GetProperty("coef").Doubles(), coef.ToArray(), rtol, atol, "coef");
        if (e.TryGetProperty("intercept", out var i) && i.ValueKind == System.Text.Json.JsonValueKind.Number)
            Close.Equal(i.GetDouble(), intercept, rtol, atol, "intercept");
    }

    [Fact]
    public void OrdinaryLeastSquaresMatchesScikitLearn()
    {
        var (x, y) = LinearTestData.Diabetes();
        var m = new LinearRegression().Fit(x, y);
        Check(Lr.GetProperty("ols"), m.Coefficients, m.Intercept, 1e-8);
        Close.Equal(Lr.GetProperty("ols").GetProperty("pred").Doubles(), m.PredictValues(x.Head(10)), 1e-10, 0, "pred");
        var noB = new LinearRegression { FitIntercept = false }.Fit(x, y);
        Check(Lr.GetProperty("ols_no_intercept"), noB.Coefficients, noB.Intercept, 1e-8);
        Assert.Equal(0.0, noB.Intercept);
    }

    [Fact]
    public void WeightedAndPositiveLeastSquaresMatchScikitLearn()
    {
        var (x, y) = LinearTestData.Diabetes();
        var e = Lr.GetProperty("ols_weighted");
        var m = new LinearRegression().Fit(x, y, e.GetProperty("weights").Doubles());
        Check(e, m.Coefficients, m.Intercept, 1e-8);
        var pos = new LinearRegression { Positive = true }.Fit(x, y);
        Check(Lr.GetProperty("ols_positive"), pos.Coefficients, pos.Intercept, 1e-7, 1e-8);
        Assert.All(pos.Coefficients, c => Assert.True(c >= 0));
    }

    [Fact]
    public void RankDeficientDesignGivesTheMinimumNormSolution()
    {
        var (x, y) = LinearTestData.Diabetes();
        var xd = x.WithColumn(x[2].Rename("dup")).WithColumn(new Float64Column("comb", Enumerable.Range(0, x.RowCount).Select(i => x[0].GetDouble(i) + 2 * x[3].GetDouble(i)).ToArray()));
        var m = new LinearRegression().Fit(xd, y);
        var e = Lr.GetProperty("ols_rank_deficient");
        Check(e, m.Coefficients, m.Intercept, 1e-7, 1e-8);
        Close.Equal(e.GetProperty("pred").Doubles(), m.PredictValues(xd.Head(10)), 1e-9, 0, "pred");
    }

    [Fact]
    public void IllConditionedLeastSquaresMatchesScikitLearn()
    {
        var e = Lr.GetProperty("ill_conditioned");
        Assert.True(e.GetProperty("cond").GetDouble() > 1e4);
        var (x, y) = LinearTestData.Synthetic(e);
        var m = new LinearRegression().Fit(x, y);
        Check(e, m.Coefficients, m.Intercept, 1e-7, 1e-9);
    }

    [Fact]
    public void WideLeastSquaresGivesTheMinimumNormSolution()
    {
        var e = Lr.GetProperty("wide");
        var (x, y) = LinearTestData.Synthetic(e);
        var m = new LinearRegression().Fit(x, y);
        Check(e, m.Coefficients, m.Intercept, 1e-8, 1e-10);
        Close.Equal(e.GetProperty("pred").Doubles(), m.PredictValues(x.Head(5)), 1e-9, 1e-9, "pred");
    }

    [Fact]
    public void SyntheticLeastSquaresMatchesScikitLearn()
    {
        var e = Lr.GetProperty("synthetic");
        var (x, y) = LinearTestData.Synthetic(e);
        var m = new LinearRegression().Fit(x, y);
        Check(e, m.Coefficients, m.Intercept, 1e-8);
    }

    [Fact]
    public void RidgeClosedFormsMatchScikitLearn()
    {
        var (x, y) = LinearTestData.Diabetes();
        var chol = new Ridge().Fit(x, y);
        Check(Rd.GetProperty("cholesky"), chol.Coefficients, chol.Intercept, 1e-8);
        var svd = new Ridge { Solver = RidgeSolver.Svd }.Fit(x, y);
        Check(Rd.GetProperty("svd"), svd.Coefficients, svd.Intercept, 1e-8);
        var e = Rd.GetProperty("weighted");
        var w = new Ridge { Alpha = 0.5 }.Fit(x, y, e.GetProperty("weights").Doubles());
        Check(e, w.Coefficients, w.Intercept, 1e-8);
        var nb = new Ridge { FitIntercept = false }.Fit(x, y);
        Close.Equal(Rd.GetProperty("no_intercept").GetProperty("coef").Doubles(), nb.Coefficients.ToArray(), 1e-8, 1e-9, "coef");
    }

    [Fact]
    public void RidgeIterativeSolversReachTheClosedForm()
    {
        var (x, y) = LinearTestData.Diabetes();
        var xz = LinearTestData.Standardize(x);
        var lsqr = new Ridge { Solver = RidgeSolver.Lsqr, Tol = 1e-12, MaxIter = 10000 }.Fit(xz, y);
        Check(Rd.GetProperty("lsqr_std"), lsqr.Coefficients, lsqr.Intercept, 1e-7);
        var cg = new Ridge { Solver = RidgeSolver.SparseCg, Tol = 1e-12, MaxIter = 10000 }.Fit(xz, y);
        Check(Rd.GetProperty("sparse_cg_std"), cg.Coefficients, cg.Intercept, 1e-7);
        var chol = new Ridge().Fit(xz, y);
        Check(Rd.GetProperty("cholesky_std"), chol.Coefficients, chol.Intercept, 1e-8);
    }

    [Fact]
    public void RidgeWithMoreFeaturesThanRowsMatchesScikitLearn()
    {
        var e = Rd.GetProperty("wide");
        var (x, y) = LinearTestData.Synthetic(e);
        var m = new Ridge { Alpha = 2.0 }.Fit(x, y);
        Check(e, m.Coefficients, m.Intercept, 1e-8);
        var svd = new Ridge { Alpha = 2.0, Solver = RidgeSolver.Svd }.Fit(x, y);
        Check(e, svd.Coefficients, svd.Intercept, 1e-8);
    }

    [Fact]
    public void RidgeOnSparseInputMatchesScikitLearn()
    {
        var e = Rd.GetProperty("sparse");
        var x = LinearTestData.SparseFrame(e.GetProperty("n").GetInt32(), e.GetProperty("p").GetInt32(), e.GetProperty("rows").Ints(), e.GetProperty("cols").Ints(), e.GetProperty("vals").Doubles());
        var y = new Float64Column("y", e.GetProperty("y").Doubles());
        var m = new Ridge { Alpha = 0.7, Tol = 1e-12, MaxIter = 10000 }.Fit(x, y);
        Check(e, m.Coefficients, m.Intercept, 1e-7);
        var lsqr = new Ridge { Alpha = 0.7, Solver = RidgeSolver.Lsqr, Tol = 1e-12, MaxIter = 10000 }.Fit(x, y);
        Check(Rd.GetProperty("sparse_lsqr"), lsqr.Coefficients, lsqr.Intercept, 1e-7);
        // The dense route gives the same answer.
        var dense = new Ridge { Alpha = 0.7 }.Fit(Frame.FromMatrix(x.ToMatrix()), y);
        Close.Equal(dense.Coefficients.ToArray(), m.Coefficients.ToArray(), 1e-7, 1e-10);
        // Predictions on sparse frames agree with the dense equivalent.
        Close.Equal(m.PredictValues(Frame.FromMatrix(x.ToMatrix(), x.ColumnNames)), m.PredictValues(x), 1e-12, 1e-12);
    }

    [Fact]
    public void LassoAndElasticNetMatchScikitLearn()
    {
        var (x, y) = LinearTestData.Diabetes();
        var tight = new Lasso { Tol = 1e-12, MaxIter = 1000000 };
        foreach (var (name, est) in new (string, IEstimator<IRegressor>)[]
                 {
                     ("lasso", tight),
                     ("lasso_small", tight with { Alpha = 0.01 }),
                     ("lasso_positive", tight with { Alpha = 0.5, Positive = true }),
                     ("enet", new ElasticNet { Alpha = 0.5, L1Ratio = 0.7, Tol = 1e-12, MaxIter = 1000000 }),
                     ("enet_no_intercept", new ElasticNet { Alpha = 0.1, L1Ratio = 0.3, FitIntercept = false, Tol = 1e-12, MaxIter = 1000000 }),
                 })
        {
            var m = (ILinearModel)est.Fit(x, y);
            Check(En.GetProperty(name), m.CoefficientMatrix.Row(0).ToArray(), m.Intercepts[0], 1e-6, 1e-7);
        }
        var e = En.GetProperty("enet_weighted");
        var wm = new ElasticNet { Alpha = 0.3, L1Ratio = 0.5, Tol = 1e-12, MaxIter = 1000000 }.Fit(x, y, e.GetProperty("weights").Doubles());
        Check(e, wm.Coefficients, wm.Intercept, 1e-6, 1e-7);
    }

    [Fact]
    public void LassoGramAndCovariateUpdatesAgree()
    {
        var (x, y) = LinearTestData.Diabetes();
        var gram = new Lasso { Alpha = 0.3, Precompute = true, Tol = 1e-12, MaxIter = 100000 }.Fit(x, y);
        var plain = new Lasso { Alpha = 0.3, Precompute = false, Tol = 1e-12, MaxIter = 100000 }.Fit(x, y);
        var random = new Lasso { Alpha = 0.3, Selection = CoordinateSelection.Random, RandomState = 3, Tol = 1e-12, MaxIter = 100000 }.Fit(x, y);
        Close.Equal(plain.Coefficients.ToArray(), gram.Coefficients.ToArray(), 1e-7, 1e-8);
        Close.Equal(plain.Coefficients.ToArray(), random.Coefficients.ToArray(), 1e-7, 1e-8);
    }

    [Fact]
    public void SparseLassoEqualsDenseLasso()
    {
        var e = Rd.GetProperty("sparse");
        var x = LinearTestData.SparseFrame(e.GetProperty("n").GetInt32(), e.GetProperty("p").GetInt32(), e.GetProperty("rows").Ints(), e.GetProperty("cols").Ints(), e.GetProperty("vals").Doubles());
        var y = new Float64Column("y", e.GetProperty("y").Doubles());
        var dense = Frame.FromMatrix(x.ToMatrix(), x.ColumnNames);
        var w = Enumerable.Range(0, x.RowCount).Select(i => 0.5 + i % 3).ToArray();
        foreach (var (est, weights) in new (IEstimator<IRegressor>, double[]?)[]
                 {
                     (new Lasso { Alpha = 0.01, Tol = 1e-12, MaxIter = 100000 }, null),
                     (new ElasticNet { Alpha = 0.02, L1Ratio = 0.4, Tol = 1e-12, MaxIter = 100000 }, w),
                     (new Lasso { Alpha = 0.005, Positive = true, Selection = CoordinateSelection.Random, Tol = 1e-12, MaxIter = 100000 }, w),
                     (new ElasticNet { Alpha = 0.01, FitIntercept = false, Tol = 1e-12, MaxIter = 100000 }, null),
                 })
        {
            var ms = (ILinearModel)est.Fit(x, y, weights);
            var md = (ILinearModel)est.Fit(dense, y, weights);
            Close.Equal(md.CoefficientMatrix.AsSpan(), ms.CoefficientMatrix.AsSpan(), 1e-7, 1e-9, "coef");
            Close.Equal(md.Intercepts[0], ms.Intercepts[0], 1e-7, 1e-9, "intercept");
        }
    }

    [Fact]
    public void WideLassoMatchesScikitLearn()
    {
        var e = En.GetProperty("wide");
        var (x, y) = LinearTestData.Synthetic(e);
        var m = new Lasso { Alpha = 0.5, Tol = 1e-12, MaxIter = 1000000 }.Fit(x, y);
        Check(e, m.Coefficients, m.Intercept, 1e-6, 1e-7);
        Assert.True(m.Coefficients.Count(c => c != 0) < 40, "the lasso should be sparse");
    }

    [Fact]
    public void RegularizationPathsMatchScikitLearn()
    {
        var (x, y) = LinearTestData.Diabetes();
        var xz = LinearTestData.Standardize(x).ToMatrix();
        var yv = y.ToDoubleArray();
        var mean = yv.Average();
        var yc = yv.Select(v => v - mean).ToArray();
        var e = En.GetProperty("lasso_path_std");
        var path = LinearPaths.LassoPath(xz, yc, nAlphas: 12, tol: 1e-12, maxIter: 100000);
        Close.Equal(e.GetProperty("alphas").Doubles(), path.Alphas.ToArray(), 1e-12, 0, "alphas");
        Close.Equal(LinearTestData.Flat(e.GetProperty("coefs")), path.Coefficients.AsSpan(), 1e-6, 1e-7, "coefs");
        var en = En.GetProperty("enet_path_std");
        var epath = LinearPaths.ElasticNetPath(xz, yc, l1Ratio: 0.6, eps: 1e-2, nAlphas: 8, tol: 1e-12, maxIter: 100000);
        Close.Equal(en.GetProperty("alphas").Doubles(), epath.Alphas.ToArray(), 1e-12, 0, "alphas");
        Close.Equal(LinearTestData.Flat(en.GetProperty("coefs")), epath.Coefficients.AsSpan(), 1e-6, 1e-7, "coefs");
    }

    [Fact]
    public void RidgeClassifiersMatchScikitLearn()
    {
        var (xw, yw) = LinearTestData.Wine();
        var e = Rd.GetProperty("clf_wine");
        var m = new RidgeClassifier().Fit(xw, yw);
        Close.Equal(LinearTestData.Flat(e.GetProperty("coef")), m.Coefficients.AsSpan(), 1e-8, 1e-10, "coef");
        Close.Equal(e.GetProperty("intercept").Doubles(), m.Intercepts.ToArray(), 1e-8, 1e-10, "intercept");
        Close.Equal(LinearTestData.Flat(e.GetProperty("decision")), m.DecisionFunction(xw.Head(10)).Data, 1e-8, 1e-10, "decision");
        var (xb, yb) = LinearTestData.Breast();
        var b = Rd.GetProperty("clf_breast_balanced");
        var mb = new RidgeClassifier { Alpha = 2.0, ClassWeight = "balanced" }.Fit(xb, yb);
        Close.Equal(LinearTestData.Flat(b.GetProperty("coef")), mb.Coefficients.AsSpan(), 1e-8, 1e-10, "coef");
        Close.Equal(LinearTestData.Flat(b.GetProperty("decision")), mb.DecisionFunction(xb.Head(10)).Data, 1e-8, 1e-10, "decision");
    }

    [Fact]
    public void FastRowPredictionEqualsFramePrediction()
    {
        var (x, y) = LinearTestData.Diabetes();
        var m = new Ridge().Fit(x, y);
        var all = m.PredictValues(x);
        for (var i = 0; i < 20; i++) Assert.Equal(all[i], m.PredictRow(LinearTestData.Row(x, i)), 12);
        Assert.Throws<AugurException>(() => m.PredictRow(new double[3]));
    }
}

public sealed class RegressionIdentityTests
{
    [Fact]
    public void LassoWithoutPenaltyIsLeastSquares()
    {
        var (x, y) = LinearTestData.Diabetes();
        var ols = new LinearRegression().Fit(x, y);
        var lasso = new Lasso { Alpha = 0, Tol = 1e-14, MaxIter = 200000 }.Fit(x, y);
        Close.Equal(ols.Coefficients.ToArray(), lasso.Coefficients.ToArray(), 1e-6, 1e-6);
    }

    [Fact]
    public void ElasticNetWithoutL1IsRidgeWithScaledAlpha()
    {
        var (x, y) = LinearTestData.Diabetes();
        var n = x.RowCount;
        var enet = new ElasticNet { Alpha = 0.01, L1Ratio = 0, Tol = 1e-14, MaxIter = 200000 }.Fit(x, y);
        var ridge = new Ridge { Alpha = 0.01 * n }.Fit(x, y);
        Close.Equal(ridge.Coefficients.ToArray(), enet.Coefficients.ToArray(), 1e-7, 1e-7);
        Close.Equal(ridge.Intercept, enet.Intercept, 1e-7, 1e-7);
    }

    [Fact]
    public void ConstantColumnsGetZeroWeight()
    {
        var (x, y) = LinearTestData.Diabetes();
        var xc = x.WithColumn(new Float64Column("const", Enumerable.Repeat(7.3, x.RowCount).ToArray()));
        foreach (var m in new ILinearModel[] { new LinearRegression().Fit(xc, y), new Ridge().Fit(xc, y), new Lasso { Alpha = 0.1 }.Fit(xc, y) })
        {
            Assert.Equal(0.0, m.CoefficientMatrix[0, xc.ColumnCount - 1]);
            Assert.True(double.IsFinite(m.Intercepts[0]));
        }
        var ols = new LinearRegression().Fit(x, y);
        var olsc = new LinearRegression().Fit(xc, y);
        Close.Equal(ols.Coefficients.ToArray(), olsc.Coefficients.Take(x.ColumnCount).ToArray(), 1e-10, 1e-10);
    }

    [Fact]
    public void IntegerAndBooleanColumnsAreNumbers()
    {
        var x = new Frame(
            new Int64Column("a", [1, 2, 3, 4, 5, 6]),
            new BoolColumn("b", [true, false, true, true, false, false]));
        var y = new Float64Column("y", [3.0, 4.0, 7.0, 8.0, 9.0, 11.0]);
        var m = new LinearRegression().Fit(x, y);
        var pred = m.PredictValues(x);
        Assert.Equal(6, pred.Length);
        Assert.Equal(pred[2], m.PredictRow([3.0, 1.0]), 12);
    }
}
