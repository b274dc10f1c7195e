using System.Text.Json;
using Augur.Data;
using Augur.Linear;

namespace Augur.Tests.Linear;

public sealed class ClassificationTests
{
    private static readonly JsonElement Lg = LinearTestData.Fixture("logistic.json");
    private static readonly JsonElement Sv = LinearTestData.Fixture("linear_svc.json");

    private static void CheckLogistic(string name, LogisticRegressionModel m, Frame x, double rtol, double atol)
    {
        var e = Lg.GetProperty(name);
        Close.Equal(LinearTestData.Flat(e.GetProperty("coef")), m.Coefficients.AsSpan(), rtol, atol, name + " coef");
        Close.Equal(e.GetProperty("intercept").Doubles(), m.Intercepts.ToArray(), rtol, atol, name + " intercept");
        Close.Equal(LinearTestData.Flat(e.GetProperty("proba")), m.PredictProba(x.Head(10)).Data, rtol, atol, name + " proba");
        if (e.TryGetProperty("decision", out var d))
            Close.Equal(LinearTestData.Flat(d), m.DecisionFunction(x.Head(10)).Data, rtol, atol, name + " decision");
    }

    private static readonly LogisticRegression Tight = new() { Tol = 1e-10, MaxIter = 10000 };

    [Fact]
    public void BinaryLogisticRegressionMatchesScikitLearn()
    {
        // breast_cancer's features are strongly collinear (radius, perimeter, area): the optimum is sensitive along a
        // few directions, so small coefficients get an absolute tolerance of 1e-7.
        var (x, y) = LinearTestData.Breast();
        CheckLogistic("breast", Tight.Fit(x, y), x, 1e-6, 1e-7);
        CheckLogistic("breast_c01", (Tight with { C = 0.1 }).Fit(x, y), x, 1e-6, 1e-7);
        CheckLogistic("breast_weighted", Tight.Fit(x, y, Lg.GetProperty("breast_weighted").GetProperty("weights").Doubles()), x, 1e-6, 1e-7);
        CheckLogistic("breast_balanced", (Tight with { ClassWeight = ClassWeight.Balanced }).Fit(x, y), x, 1e-6, 1e-7);
        var multi = (Tight with { MultiClass = LogisticMultiClass.Multinomial }).Fit(x, y);
        Assert.Equal(LinearLink.Softmax, multi.Link);
        CheckLogistic("breast_multinomial", multi, x, 1e-6, 1e-7);
    }

    [Fact]
    public void MulticlassLogisticRegressionMatchesScikitLearn()
    {
        var (xw, yw) = LinearTestData.Wine();
        CheckLogistic("wine_multinomial", (Tight with { C = 0.5 }).Fit(xw, yw), xw, 1e-6, 1e-7);
        CheckLogistic("wine_balanced", (Tight with { C = 0.5, ClassWeight = "balanced" }).Fit(xw, yw), xw, 1e-6, 1e-7);
        CheckLogistic("wine_no_intercept", (Tight with { FitIntercept = false }).Fit(xw, yw), xw, 1e-6, 1e-7);
        var (xi, yi) = LinearTestData.Iris();
        CheckLogistic("iris_ovr", (Tight with { MultiClass = LogisticMultiClass.Ovr }).Fit(xi, yi), xi, 1e-6, 1e-7);
        CheckLogistic("iris_ovr_dict", (Tight with { MultiClass = LogisticMultiClass.Ovr, ClassWeight = "setosa:2,virginica:0.5" }).Fit(xi, yi), xi, 1e-6, 1e-7);
    }

    [Fact]
    public void SyntheticLogisticRegressionMatchesScikitLearn()
    {
        var e = Lg.GetProperty("synthetic");
        var x = Frame.FromMatrix(e.GetProperty("X").Matrix());
        var y = new Int64Column("y", e.GetProperty("y").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        var m = (Tight with { C = 2.0 }).Fit(x, y);
        Close.Equal(LinearTestData.Flat(e.GetProperty("coef")), m.Coefficients.AsSpan(), 1e-6, 1e-8);
        Close.Equal(e.GetProperty("intercept").Doubles(), m.Intercepts.ToArray(), 1e-6, 1e-8);
        var none = Lg.GetProperty("synthetic_none");
        var mn = (Tight with { Penalty = LogisticPenalty.None }).Fit(x, y);
        Close.Equal(LinearTestData.Flat(none.GetProperty("coef")), mn.Coefficients.AsSpan(), 1e-6, 1e-8);
        Close.Equal(none.GetProperty("intercept").Doubles(), mn.Intercepts.ToArray(), 1e-6, 1e-8);
    }

    [Fact]
    public void SagaMatchesScikitLearn()
    {
        var saga = new LogisticRegression { Solver = LogisticSolver.Saga, Tol = 1e-10, MaxIter = 100000 };
        var (xb, yb) = LinearTestData.Breast();
        CheckLogistic("breast_saga_l2", (saga with { C = 0.1 }).Fit(xb, yb), xb, 1e-5, 1e-7);
        var l1 = (saga with { C = 0.05, Penalty = LogisticPenalty.L1 }).Fit(xb, yb);
        CheckLogistic("breast_saga_l1", l1, xb, 1e-5, 1e-7);
        Assert.Contains(0.0, l1.Coefficients.AsSpan().ToArray());
        var (xw, yw) = LinearTestData.Wine();
        CheckLogistic("wine_saga_enet", (saga with { C = 0.5, Penalty = LogisticPenalty.ElasticNet, L1Ratio = 0.5 }).Fit(xw, yw), xw, 1e-5, 1e-7);
        var (xi, yi) = LinearTestData.Iris();
        CheckLogistic("iris_saga_l1_ovr", (saga with { Penalty = LogisticPenalty.L1, MultiClass = LogisticMultiClass.Ovr }).Fit(xi, yi), xi, 1e-5, 1e-7);
    }

    [Fact]
    public void SagaAndLbfgsReachTheSameWeightedOptimum()
    {
        var (x, y) = LinearTestData.Wine();
        var w = Enumerable.Range(0, y.Length).Select(i => 0.5 + i % 4).ToArray();
        var lbfgs = (Tight with { C = 0.3, ClassWeight = "balanced" }).Fit(x, y, w);
        var saga = new LogisticRegression { C = 0.3, ClassWeight = "balanced", Solver = LogisticSolver.Saga, Tol = 1e-10, MaxIter = 50000 }.Fit(x, y, w);
        Close.Equal(lbfgs.Coefficients.AsSpan(), saga.Coefficients.AsSpan(), 1e-5, 1e-7);
        Close.Equal(lbfgs.Intercepts.ToArray(), saga.Intercepts.ToArray(), 1e-5, 1e-7);
    }

    [Fact]
    public void SagaOnSparseInputEqualsSagaOnDenseInput()
    {
        var (xw, yw) = LinearTestData.Wine();
        // Zero out small values so the sparse columns really are sparse.
        var cols = xw.Select(c => (Column)Sparsify(c)).ToArray();
        var sparse = new Frame(cols);
        var dense = Frame.FromMatrix(sparse.ToMatrix(), sparse.ColumnNames);
        var saga = new LogisticRegression { Solver = LogisticSolver.Saga, Penalty = LogisticPenalty.ElasticNet, L1Ratio = 0.7, C = 0.3, Tol = 1e-9, MaxIter = 20000 };
        var ms = saga.Fit(sparse, yw);
        var md = saga.Fit(dense, yw);
        Close.Equal(md.Coefficients.AsSpan(), ms.Coefficients.AsSpan(), 1e-5, 1e-7);
        // lbfgs too: sparse and dense give the same optimum.
        var ls = Tight.Fit(sparse, yw);
        var ld = Tight.Fit(dense, yw);
        Close.Equal(ld.Coefficients.AsSpan(), ls.Coefficients.AsSpan(), 1e-6, 1e-8);
    }

    private static SparseColumn Sparsify(Column c)
    {
        var v = c.ToDoubleArray();
        var rows = Enumerable.Range(0, v.Length).Where(i => Math.Abs(v[i]) > 0.8).ToArray();
        return new SparseColumn(c.Name, v.Length, rows, rows.Select(i => v[i]).ToArray());
    }

    [Fact]
    public void LbfgsPenaltyRulesAreEnforced()
    {
        var (x, y) = LinearTestData.Iris();
        var e = Assert.Throws<AugurException>(() => new LogisticRegression { Penalty = LogisticPenalty.L1 }.Fit(x, y));
        Assert.Contains("saga", e.Message);
        Assert.Throws<AugurException>(() => new LogisticRegression { Solver = LogisticSolver.Saga, Penalty = LogisticPenalty.ElasticNet }.Fit(x, y));
        Assert.Throws<AugurException>(() => new LogisticRegression { C = 0 }.Fit(x, y));
        Assert.Throws<AugurException>(() => new LogisticRegression { ClassWeight = "nosuch:2" }.Fit(x, y));
    }

    [Fact]
    public void LinearSvcMatchesLiblinear()
    {
        var (xb, yb) = LinearTestData.Breast();
        var (xw, yw) = LinearTestData.Wine();
        var tight = new LinearSvc { Tol = 1e-10, MaxIter = 1000000 };
        foreach (var (name, est, x, y) in new (string, LinearSvc, Frame, Column)[]
                 {
                     ("breast_sqhinge", tight with { C = 0.1 }, xb, yb),
                     ("breast_hinge", tight with { C = 0.1, Loss = LinearSvcLoss.Hinge }, xb, yb),
                     ("wine_sqhinge", tight, xw, yw),
                     ("wine_hinge_scaling", tight with { C = 0.5, Loss = LinearSvcLoss.Hinge, InterceptScaling = 3.0 }, xw, yw),
                     ("wine_balanced", tight with { C = 0.3, ClassWeight = ClassWeight.Balanced }, xw, yw),
                     ("breast_weighted", tight with { C = 0.2 }, xb, yb),
                     ("breast_l1", tight with { C = 0.1, Penalty = LinearSvcPenalty.L1 }, xb, yb),
                     ("wine_l1", tight with { C = 0.5, Penalty = LinearSvcPenalty.L1 }, xw, yw),
                 })
        {
            var m = name == "breast_weighted" ? est.Fit(x, y, Enumerable.Range(0, y.Length).Select(i => 1.0 + i % 5 / 4.0).ToArray()) : est.Fit(x, y);
            var e = Sv.GetProperty(name);
            Close.Equal(LinearTestData.Flat(e.GetProperty("coef")), m.Coefficients.AsSpan(), 1e-5, 1e-6, name + " coef");
            Close.Equal(e.GetProperty("intercept").Doubles(), m.Intercepts.ToArray(), 1e-5, 1e-6, name + " intercept");
            Close.Equal(LinearTestData.Flat(e.GetProperty("decision")), m.DecisionFunction(x.Head(20)).Data, 1e-5, 1e-6, name + " decision");
        }
    }

    [Fact]
    public void LinearSvcOnSparseInputEqualsDense()
    {
        var (xw, yw) = LinearTestData.Wine();
        var sparse = new Frame(xw.Select(c => (Column)Sparsify(c)).ToArray());
        var dense = Frame.FromMatrix(sparse.ToMatrix(), sparse.ColumnNames);
        var est = new LinearSvc { Tol = 1e-10, MaxIter = 100000 };
        Close.Equal(est.Fit(dense, yw).Coefficients.AsSpan(), est.Fit(sparse, yw).Coefficients.AsSpan(), 1e-6, 1e-8);
        var l1 = est with { Penalty = LinearSvcPenalty.L1, C = 0.3 };
        Close.Equal(l1.Fit(dense, yw).Coefficients.AsSpan(), l1.Fit(sparse, yw).Coefficients.AsSpan(), 1e-6, 1e-8);
        Assert.Throws<AugurException>(() => (l1 with { Loss = LinearSvcLoss.Hinge }).Fit(dense, yw));
    }

    [Fact]
    public void FastRowPathsEqualFramePaths()
    {
        var (x, y) = LinearTestData.Wine();
        var m = new LogisticRegression().Fit(x, y);
        var proba = m.PredictProba(x);
        var labels = m.Predict(x);
        var buffer = new double[3];
        for (var i = 0; i < 15; i++)
        {
            var row = LinearTestData.Row(x, i);
            m.PredictProbaRow(row, buffer);
            Close.Equal(proba.Row(i), buffer, 1e-14, 1e-15);
            Assert.Equal(labels.Format(i), m.Classes[m.PredictRow(row)]);
        }
    }
}
