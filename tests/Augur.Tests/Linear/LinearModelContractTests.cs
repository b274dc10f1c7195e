using Augur.Data;
using Augur.Linear;
using Augur.Numerics;
using Augur.Serialization;
using CsCheck;

namespace Augur.Tests.Linear;

public sealed class LinearModelContractTests
{
    private static IEnumerable<IModel> FittedModels()
    {
        var (xr, yr) = LinearTestData.Diabetes();
        var (xc, yc) = LinearTestData.Wine();
        var (xb, yb) = LinearTestData.Breast();
        yield return new LinearRegression().Fit(xr, yr);
        yield return new Ridge { Alpha = 0.3 }.Fit(xr, yr);
        yield return new Lasso { Alpha = 0.1 }.Fit(xr, yr);
        yield return new ElasticNet { Alpha = 0.1 }.Fit(xr, yr);
        yield return new SgdRegressor().Fit(LinearTestData.Standardize(xr), yr);
        yield return new RidgeClassifier().Fit(xc, yc);
        yield return new LogisticRegression().Fit(xc, yc);
        yield return new LogisticRegression { MultiClass = LogisticMultiClass.Ovr }.Fit(xc, yc);
        yield return new LogisticRegression().Fit(xb, yb);
        yield return new SgdClassifier { Loss = SgdClassifierLoss.ModifiedHuber }.Fit(xc, yc);
        yield return new LinearSvc().Fit(xb, yb);
        yield return new LinearSvc { ClassWeight = "balanced", Loss = LinearSvcLoss.Hinge }.Fit(xc, yc);
        yield return new LogisticRegression { ClassWeight = "1:2,2:0.5", Solver = LogisticSolver.Saga, Penalty = LogisticPenalty.L1 }.Fit(xc, yc);
        yield return new RidgeClassifier { ClassWeight = ClassWeight.Balanced }.Fit(xb, yb);
    }

    [Fact]
    public void EveryModelKindRoundTripsBitForBit()
    {
        var (xr, _) = LinearTestData.Diabetes();
        var (xc, _) = LinearTestData.Wine();
        var (xb, _) = LinearTestData.Breast();
        foreach (var model in FittedModels())
        {
            var loaded = LinearTestData.RoundTrip(model);
            Assert.Equal(model.Kind, loaded.Kind);
            Assert.True(ModelRegistry.IsRegistered(model.Kind));
            switch (model)
            {
                case IRegressor r:
                {
                    var x = model is SgdRegressorModel ? LinearTestData.Standardize(xr) : xr;
                    Assert.Equal(r.PredictValues(x), ((IRegressor)loaded).PredictValues(x));
                    break;
                }
                case IClassifier c:
                {
                    var x = c.Signature.Inputs.Count == xc.ColumnCount ? xc : xb;
                    Assert.Equal(c.PredictProba(x).Data, ((IClassifier)loaded).PredictProba(x).Data);
                    Assert.Equal(c.Predict(x).Format(3), ((IClassifier)loaded).Predict(x).Format(3));
                    break;
                }
            }
            Assert.Equal(OptionsOf(model), OptionsOf(loaded));
            var a = (ILinearModel)model;
            var b = (ILinearModel)loaded;
            Assert.Equal(a.CoefficientMatrix.AsSpan().ToArray(), b.CoefficientMatrix.AsSpan().ToArray());
            Assert.Equal(a.Intercepts, b.Intercepts);
            Assert.Equal(a.Link, b.Link);
        }
    }

    private static object OptionsOf(IModel m) => m.GetType().GetProperty("Options")!.GetValue(m)!;

    [Fact]
    public void SparseFramesFitPredictAndRoundTrip()
    {
        var (xw, yw) = LinearTestData.Wine();
        var sparse = new Frame(xw.Select(c =>
        {
            var v = c.ToDoubleArray();
            var rows = Enumerable.Range(0, v.Length).Where(i => Math.Abs(v[i]) > 0.5).ToArray();
            return (Column)new SparseColumn(c.Name, v.Length, rows, rows.Select(i => v[i]).ToArray());
        }).ToArray());
        var dense = Frame.FromMatrix(sparse.ToMatrix(), sparse.ColumnNames);
        foreach (IClassifier m in new IClassifier[]
                 {
                     new LogisticRegression().Fit(sparse, yw), new LogisticRegression { Solver = LogisticSolver.Saga }.Fit(sparse, yw),
                     new LinearSvc().Fit(sparse, yw), new SgdClassifier().Fit(sparse, yw), new RidgeClassifier().Fit(sparse, yw),
                 })
        {
            var loaded = (IClassifier)LinearTestData.RoundTrip(m);
            Assert.Equal(m.PredictProba(sparse).Data, loaded.PredictProba(sparse).Data);
            Close.Equal(m.PredictProba(dense).Data, m.PredictProba(sparse).Data, 1e-12, 1e-14);
        }
        var yr = new Float64Column("y", Enumerable.Range(0, xw.RowCount).Select(i => xw[0].GetDouble(i) * 2 - xw[3].GetDouble(i)).ToArray());
        foreach (IRegressor m in new IRegressor[] { new Ridge().Fit(sparse, yr), new LinearRegression().Fit(sparse, yr), new SgdRegressor().Fit(sparse, yr), new Lasso { Alpha = 0.01 }.Fit(sparse, yr) })
        {
            var loaded = (IRegressor)LinearTestData.RoundTrip(m);
            Assert.Equal(m.PredictValues(sparse), loaded.PredictValues(sparse));
            Close.Equal(m.PredictValues(dense), m.PredictValues(sparse), 1e-12, 1e-12);
        }
        // Sparse least squares (LSQR) agrees with the dense closed form.
        Close.Equal(new LinearRegression().Fit(dense, yr).Coefficients.ToArray(), new LinearRegression().Fit(sparse, yr).Coefficients.ToArray(), 1e-8, 1e-9);
    }

    [Fact]
    public void BlockedCsrConversionEqualsTheFrames()
    {
        Gen.Int[0, 100000].Sample(seed =>
        {
            var rng = new Rng(seed);
            var n = 20000 + rng.NextInt(3000);
            var cols = new List<Column>();
            for (var j = 0; j < 6; j++)
            {
                if (j % 3 == 1)
                {
                    cols.Add(new Float64Column($"d{j}", Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3 ? rng.NextGaussian() : 0.0).ToArray()));
                    continue;
                }
                var rows = Enumerable.Range(0, n).Where(_ => rng.NextDouble() < 0.05).ToArray();
                cols.Add(new SparseColumn($"s{j}", n, rows, rows.Select(_ => rng.NextGaussian() + 3).ToArray()));
            }
            cols.Add(new Int64Column("i", Enumerable.Range(0, n).Select(i => (long)(i % 3)).ToArray()));
            var frame = new Frame(cols);
            var expected = frame.ToCsr();
            var actual = Augur.Linear.SparseInput.ToCsr(frame, "test");
            Assert.Equal(expected.RowPointers, actual.RowPointers);
            Assert.Equal(expected.ColumnIndices, actual.ColumnIndices);
            Assert.Equal(expected.Values, actual.Values);
        }, iter: 5);
    }

    [Fact]
    public void LinearModelInterfaceDescribesTheScores()
    {
        var (xc, yc) = LinearTestData.Wine();
        foreach (var model in new ILinearModel[] { new LogisticRegression().Fit(xc, yc), new RidgeClassifier().Fit(xc, yc), new LinearSvc().Fit(xc, yc) })
        {
            var m = model.CoefficientMatrix;
            Assert.Equal(3, m.Outputs);
            Assert.Equal(xc.ColumnCount, m.Features);
            var z = model switch
            {
                LogisticRegressionModel l => l.DecisionFunction(xc),
                RidgeClassifierModel r => r.DecisionFunction(xc),
                _ => ((LinearSvcModel)model).DecisionFunction(xc),
            };
            var row = LinearTestData.Row(xc, 5);
            for (var k = 0; k < 3; k++)
            {
                var s = model.Intercepts[k];
                for (var j = 0; j < row.Length; j++) s += m[k, j] * row[j];
                Assert.Equal(z[5, k], s, 10);
            }
        }
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var (x, y) = LinearTestData.Diabetes();
        var model = new LinearRegression().Fit(x, y);
        var missing = Assert.Throws<AugurException>(() => model.PredictValues(x.Drop("bmi")));
        Assert.Contains("bmi", missing.Message);
        var text = x.WithColumn(new StringColumn("bmi", Enumerable.Repeat("a", x.RowCount).ToArray()));
        Assert.Throws<AugurException>(() => model.PredictValues(text));
        var nan = x.WithColumn(new Float64Column("bmi", Enumerable.Repeat(double.NaN, x.RowCount).ToArray()));
        Assert.Contains("missing", Assert.Throws<AugurException>(() => model.PredictValues(nan)).Message);
        Assert.Throws<AugurException>(() => new Ridge().Fit(nan, y));
        Assert.Throws<AugurException>(() => new Lasso().Fit(x, new StringColumn("t", Enumerable.Repeat("a", x.RowCount).ToArray())));
        Assert.Throws<AugurException>(() => new Ridge().Fit(x, null));
        Assert.Throws<AugurException>(() => new LinearRegression().Fit(x, y, new double[3]));
        Assert.Throws<AugurException>(() => new Ridge { Alpha = -1 }.Fit(x, y));
        Assert.Throws<AugurException>(() => new ElasticNet { L1Ratio = 2 }.Fit(x, y));
        var (xc, _) = LinearTestData.Wine();
        var oneClass = new Int64Column("y", new long[xc.RowCount]);
        Assert.Contains("at least 2 classes", Assert.Throws<AugurException>(() => new LogisticRegression().Fit(xc, oneClass)).Message);
        Assert.Throws<AugurException>(() => new LinearSvc().Fit(xc, oneClass));
        Assert.Throws<AugurException>(() => new SgdClassifier { Alpha = 0 }.Fit(xc, oneClass));
    }

    [Fact]
    public void CatalogAndParametersReachEveryLinearModel()
    {
        Assert.IsType<LinearRegression>(EstimatorCatalog.Create("linear", ModelTask.Regression));
        Assert.IsType<Ridge>(EstimatorCatalog.Create("ridge", ModelTask.Regression));
        Assert.IsType<RidgeClassifier>(EstimatorCatalog.Create("ridge", ModelTask.BinaryClassification));
        Assert.IsType<Lasso>(EstimatorCatalog.Create("lasso", ModelTask.Regression));
        Assert.IsType<ElasticNet>(EstimatorCatalog.Create("elasticnet", ModelTask.Regression));
        Assert.IsType<LogisticRegression>(EstimatorCatalog.Create("logistic", ModelTask.MulticlassClassification));
        Assert.IsType<SgdClassifier>(EstimatorCatalog.Create("sgd", ModelTask.BinaryClassification));
        Assert.IsType<SgdRegressor>(EstimatorCatalog.Create("sgd", ModelTask.Regression));
        Assert.IsType<LinearSvc>(EstimatorCatalog.Create("linear-svc", ModelTask.BinaryClassification));
        Assert.Throws<AugurException>(() => EstimatorCatalog.Create("logistic", ModelTask.Regression));

        var est = EstimatorParameters.WithStrings(new LogisticRegression(), new Dictionary<string, string>
        {
            ["C"] = "0.5", ["class_weight"] = "balanced", ["penalty"] = "elastic_net", ["solver"] = "saga", ["l1_ratio"] = "0.3",
        });
        Assert.Equal(0.5, est.C);
        Assert.True(est.ClassWeight!.IsBalanced);
        Assert.Equal(LogisticPenalty.ElasticNet, est.Penalty);
        var svc = EstimatorParameters.WithStrings(new LinearSvc(), new Dictionary<string, string> { ["class_weight"] = "0:1,1:2.5" });
        Assert.Equal(2.5, svc.ClassWeight!.Weights["1"]);
        Assert.Equal("0:1,1:2.5", EstimatorParameters.FormatValue(svc.ClassWeight));
        Assert.Throws<AugurException>(() => EstimatorParameters.WithStrings(new LinearSvc(), new Dictionary<string, string> { ["class_weight"] = "oops" }));
        Assert.Throws<UnknownParameterException>(() => EstimatorParameters.WithStrings(new Ridge(), new Dictionary<string, string> { ["alhpa"] = "1" }));
    }

    [Fact]
    public void ProbabilitiesAreDistributions()
    {
        Gen.Int[0, 100000].Sample(seed =>
        {
            var rng = new Rng(seed);
            var n = 60;
            var x = new Matrix(n, 4);
            var y = new long[n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < 4; j++) x[i, j] = rng.NextGaussian();
                y[i] = (x[i, 0] + 0.5 * rng.NextGaussian()) switch { < -0.5 => 0, < 0.5 => 1, _ => 2 };
                if (i < 3) y[i] = i;
            }
            var frame = Frame.FromMatrix(x);
            var col = new Int64Column("y", y);
            foreach (IClassifier m in new IClassifier[]
                     {
                         new LogisticRegression().Fit(frame, col), new LogisticRegression { MultiClass = LogisticMultiClass.Ovr }.Fit(frame, col),
                         new RidgeClassifier().Fit(frame, col), new SgdClassifier { Loss = SgdClassifierLoss.LogLoss, MaxIter = 20 }.Fit(frame, col),
                     })
            {
                var p = m.PredictProba(frame);
                for (var i = 0; i < n; i++)
                {
                    var row = p.Row(i);
                    Assert.All(row.ToArray(), v => Assert.InRange(v, 0, 1));
                    Assert.Equal(1.0, row.ToArray().Sum(), 12);
                }
            }
        }, iter: 15);
    }

    [Fact]
    public void NoiselessLinearDataIsRecoveredExactly()
    {
        Gen.Int[0, 100000].Sample(seed =>
        {
            var rng = new Rng(seed);
            var n = 40;
            var p = 5;
            var x = new Matrix(n, p);
            var beta = Enumerable.Range(0, p).Select(_ => rng.NextDouble(-3, 3)).ToArray();
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < p; j++) x[i, j] = rng.NextGaussian() * (j + 1) + 10 * j;
                y[i] = 1.5 + beta.Select((b, j) => b * x[i, j]).Sum();
            }
            var m = new LinearRegression().Fit(Frame.FromMatrix(x), new Float64Column("y", y));
            Close.Equal(beta, m.Coefficients.ToArray(), 1e-9, 1e-9);
            Close.Equal(1.5, m.Intercept, 1e-8, 1e-8);
            var w = Enumerable.Range(0, n).Select(_ => rng.NextDouble(0.1, 3)).ToArray();
            var mw = new Ridge { Alpha = 0 }.Fit(Frame.FromMatrix(x), new Float64Column("y", y), w);
            Close.Equal(beta, mw.Coefficients.ToArray(), 1e-8, 1e-8);
        }, iter: 25);
    }

    [Fact]
    public void SaveThenLoadPredictsIdenticallyOnRandomData()
    {
        Gen.Int[0, 100000].Sample(seed =>
        {
            var rng = new Rng(seed);
            var n = 30;
            var x = new Matrix(n, 3);
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < 3; j++) x[i, j] = rng.NextGaussian();
                y[i] = x[i, 0] - 2 * x[i, 2] + 0.1 * rng.NextGaussian();
            }
            var f = Frame.FromMatrix(x);
            var yc = new Float64Column("y", y);
            var m = new ElasticNet { Alpha = 0.05, Selection = CoordinateSelection.Random, RandomState = seed }.Fit(f, yc);
            var l = LinearTestData.RoundTrip(m);
            Assert.Equal(m.PredictValues(f), l.PredictValues(f));
            Assert.Equal(m.Options, l.Options);
        }, iter: 10);
    }
}
