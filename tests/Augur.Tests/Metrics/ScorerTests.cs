using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using Augur.Serialization;
using static Augur.Tests.Metrics.MetricFixtures;

namespace Augur.Tests.Metrics;

/// <summary>A classifier test double: its probabilities are the frame's columns p0, p1, …; it predicts the most probable class.</summary>
internal sealed class TableClassifier : IClassifier
{
    public TableClassifier(ClassLabels classes, Frame x)
    {
        Classes = classes;
        Signature = ModelSignature.Infer(x, classes.Count == 2 ? ModelTask.BinaryClassification : ModelTask.MulticlassClassification, false, null, classes);
    }

    public ClassLabels Classes { get; }
    public ModelSignature Signature { get; }
    public ModelTask Task => Signature.Task;
    public string Kind => "test_table_classifier";

    public Matrix PredictProba(Frame x) => x.Select(Enumerable.Range(0, Classes.Count).Select(k => "p" + k)).ToMatrix();

    public Column Predict(Frame x)
    {
        var p = PredictProba(x);
        var idx = new int[p.Rows];
        for (var i = 0; i < p.Rows; i++)
        {
            var row = p.Row(i);
            for (var k = 1; k < row.Length; k++) if (row[k] > row[idx[i]]) idx[i] = k;
        }
        return Classes.Decode(idx);
    }

    public void Save(ModelWriter writer) => writer.Write("signature", Signature);

    public static (TableClassifier Model, Frame X) From(Matrix proba, Column classValues)
    {
        var x = new Frame(Enumerable.Range(0, proba.Cols).Select(k => (Column)new Float64Column("p" + k, proba.Column(k))));
        return (new TableClassifier(ClassLabels.FromSorted(classValues), x), x);
    }
}

/// <summary>A regressor test double: it predicts the frame's column "pred".</summary>
internal sealed class TableRegressor(Frame x) : IRegressor
{
    public ModelSignature Signature { get; } = ModelSignature.Infer(x, ModelTask.Regression, false);
    public ModelTask Task => ModelTask.Regression;
    public string Kind => "test_table_regressor";
    public double[] PredictValues(Frame x) => x["pred"].ToDoubleArray();
    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));
    public void Save(ModelWriter writer) => writer.Write("signature", Signature);
}

/// <summary>A clusterer test double: it predicts the frame's column "cluster".</summary>
internal sealed class TableClusterer(Frame x) : IPredictor
{
    public ModelSignature Signature { get; } = ModelSignature.Infer(x, ModelTask.Clustering, false);
    public ModelTask Task => ModelTask.Clustering;
    public string Kind => "test_table_clusterer";
    public Column Predict(Frame x) => x["cluster"];
    public void Save(ModelWriter writer) => writer.Write("signature", Signature);
}

public sealed class ScorerTests
{
    private static (TableClassifier Model, Frame X, Column Y, Matrix Proba, System.Text.Json.JsonElement Expected) Multiclass()
    {
        var c = ClassificationMetricsTests.First("ranking.json", "multiclass", "wine_logistic");
        var y = Labels(c.GetProperty("y_true"), "int", "target");
        var proba = c.GetProperty("proba").Matrix();
        var (model, x) = TableClassifier.From(proba, new Int64Column("target", [0, 1, 2]));
        return (model, x, y, proba, c.GetProperty("expected"));
    }

    private static (TableClassifier Model, Frame X, Column Y, double[] P, System.Text.Json.JsonElement Expected) Binary()
    {
        var c = ClassificationMetricsTests.First("ranking.json", "binary", "probabilities");
        var y = Labels(c.GetProperty("y_true"), "int", "target");
        var p = c.GetProperty("prob").Doubles();
        var proba = new Matrix(p.Length, 2);
        for (var i = 0; i < p.Length; i++)
        {
            proba[i, 0] = 1 - p[i];
            proba[i, 1] = p[i];
        }
        var (model, x) = TableClassifier.From(proba, new Int64Column("target", [0, 1]));
        return (model, x, y, p, c.GetProperty("expected"));
    }

    [Fact]
    public void MulticlassScorersUseProbabilitiesAndPredictions()
    {
        var (model, x, y, proba, e) = Multiclass();
        Close.Equal(Number(e.GetProperty("auc_ovr_macro")), Scorers.Get("roc_auc_ovr").Score(model, x, y), Rtol, Atol);
        Close.Equal(Number(e.GetProperty("auc_ovr_weighted")), Scorers.Get("roc_auc_ovr_weighted").Score(model, x, y), Rtol, Atol);
        Close.Equal(Number(e.GetProperty("auc_ovo_macro")), Scorers.Get("roc_auc_ovo").Score(model, x, y), Rtol, Atol);
        Close.Equal(Number(e.GetProperty("auc_ovo_weighted")), Scorers.Get("roc_auc_ovo_weighted").Score(model, x, y), Rtol, Atol);
        Close.Equal(-Number(e.GetProperty("log_loss")), Scorers.Get("neg_log_loss").Score(model, x, y), Rtol, Atol);
        Close.Equal(Number(e.GetProperty("top_2")), Scorers.Get("top_k_accuracy").Score(model, x, y), Rtol, Atol);
        var pred = model.Predict(x);
        Assert.Equal(ClassificationMetrics.Accuracy(y, pred), Scorers.Get("accuracy").Score(model, x, y));
        Assert.Equal(ClassificationMetrics.F1(y, pred, Average.Macro), Scorers.Get("f1_macro").Score(model, x, y));
        Assert.Equal(ClassificationMetrics.Recall(y, pred, Average.Weighted), Scorers.Get("recall_weighted").Score(model, x, y));
        Assert.Throws<AugurException>(() => Scorers.Get("roc_auc").Score(model, x, y));
        Assert.Throws<AugurException>(() => Scorers.Get("f1").Score(model, x, y));
        Assert.Throws<AugurException>(() => Scorers.Get("neg_brier_score").Score(model, x, y));
        Assert.True(Scorers.Get("neg_log_loss").NeedsProbabilities);
        Assert.False(Scorers.Get("neg_log_loss").GreaterIsBetter);
        Assert.True(Scorers.Get("roc_auc").NeedsScores);
        Assert.False(Scorers.Get("accuracy").NeedsScores);
    }

    [Fact]
    public void BinaryScorersUseThePositiveColumn()
    {
        var (model, x, y, p, e) = Binary();
        Close.Equal(ClassificationMetrics.RocAuc(y, p), Scorers.Get("roc_auc").Score(model, x, y), Rtol, Atol);
        Close.Equal(ClassificationMetrics.RocAuc(y, p), Scorers.Get("roc_auc_ovr").Score(model, x, y), Rtol, Atol);
        Close.Equal(ClassificationMetrics.AveragePrecision(y, p), Scorers.Get("average_precision").Score(model, x, y), Rtol, Atol);
        Close.Equal(-Number(e.GetProperty("log_loss")), Scorers.Get("neg_log_loss").Score(model, x, y), Rtol, Atol);
        Close.Equal(-Number(e.GetProperty("brier")), Scorers.Get("neg_brier_score").Score(model, x, y), Rtol, Atol);
        var w = Enumerable.Range(0, y.Length).Select(i => 1.0 + i % 3).ToArray();
        Close.Equal(ClassificationMetrics.F1(y, model.Predict(x), sampleWeight: w), Scorers.Get("f1").Score(model, x, y, w), Rtol, Atol);
        Close.Equal(ClassificationMetrics.RocAuc(y, p, w), Scorers.Get("roc_auc").Score(model, x, y, w), Rtol, Atol);
    }

    [Fact]
    public void BinaryTextClassesUseTheSecondClassAsPositive()
    {
        var (_, x, y, p, _) = Binary();
        var names = new StringColumn("target", Enumerable.Range(0, y.Length).Select(i => y.GetDouble(i) == 1 ? "spam" : "ham").ToArray());
        var model = new TableClassifier(ClassLabels.FromSorted(new StringColumn("target", ["ham", "spam"])), x);
        Close.Equal(ClassificationMetrics.RocAuc(y, p), Scorers.Get("roc_auc").Score(model, x, names), Rtol, Atol);
        var f1 = Scorers.Get("f1").Score(model, x, names);
        Close.Equal(ClassificationMetrics.F1(names, model.Predict(x), posLabel: "spam"), f1, Rtol, Atol);
        var asInts = new Int64Column("p", Enumerable.Range(0, x.RowCount).Select(i => model.Predict(x).Format(i) == "spam" ? 1L : 0L).ToArray());
        Close.Equal(ClassificationMetrics.F1(y, asInts), f1, Rtol, Atol);
        Close.Equal(-ClassificationMetrics.BrierScore(y, p), Scorers.Get("neg_brier_score").Score(model, x, names), Rtol, Atol);
    }

    [Fact]
    public void RegressionScorersNegateLosses()
    {
        var c = ClassificationMetricsTests.First("regression.json", "cases", "diabetes_linear");
        var yt = c.GetProperty("y_true").Doubles();
        var yp = c.GetProperty("y_pred").Doubles();
        var e = c.GetProperty("expected");
        var x = new Frame(new Float64Column("pred", yp));
        var model = new TableRegressor(x);
        var y = new Float64Column("target", yt);
        foreach (var (scorer, key, sign) in new[]
                 {
                     ("r2", "r2", 1.0), ("explained_variance", "explained_variance", 1), ("max_error", "max_error", -1),
                     ("neg_mean_squared_error", "mse", -1), ("neg_root_mean_squared_error", "rmse", -1), ("neg_mean_absolute_error", "mae", -1),
                     ("neg_median_absolute_error", "median_ae", -1), ("neg_mean_absolute_percentage_error", "mape", -1),
                     ("neg_mean_squared_log_error", "msle", -1), ("neg_mean_poisson_deviance", "tweedie_1.0", -1), ("neg_mean_gamma_deviance", "tweedie_2.0", -1),
                 })
        {
            Close.Equal(sign * Number(e.GetProperty(key)), Scorers.Get(scorer).Score(model, x, y), Rtol, Atol, scorer);
            Assert.Equal(sign > 0, Scorers.Get(scorer).GreaterIsBetter);
        }
        var strings = new StringColumn("target", yt.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.Throws<AugurException>(() => Scorers.Get("r2").Score(model, x, strings));
    }

    [Fact]
    public void ClusteringScorersCompareClusterLabels()
    {
        var c = ClassificationMetricsTests.First("clustering.json", "pairs", "noisy_copy");
        var truth = Labels(c.GetProperty("labels_true"), "int");
        var clusters = Labels(c.GetProperty("labels_pred"), "int", "cluster");
        var x = new Frame(clusters);
        var model = new TableClusterer(x);
        var e = c.GetProperty("expected");
        Close.Equal(Number(e.GetProperty("ari")), Scorers.Get("adjusted_rand_score").Score(model, x, truth), Rtol, Atol);
        Close.Equal(Number(e.GetProperty("ami_arithmetic")), Scorers.Get("adjusted_mutual_info_score").Score(model, x, truth), Rtol, Atol);
        Close.Equal(Number(e.GetProperty("nmi_arithmetic")), Scorers.Get("normalized_mutual_info_score").Score(model, x, truth), Rtol, Atol);
        Close.Equal(Number(e.GetProperty("v_measure")), Scorers.Get("v_measure_score").Score(model, x, truth), Rtol, Atol);
        Close.Equal(Number(e.GetProperty("fowlkes_mallows")), Scorers.Get("fowlkes_mallows_score").Score(model, x, truth), Rtol, Atol);
        Assert.Throws<AugurException>(() => Scorers.Get("rand_score").Score(model, x, truth, Enumerable.Repeat(1.0, truth.Length).ToArray()));
        Assert.Throws<AugurException>(() => Scorers.Get("roc_auc_ovr").Score(model, x, truth));
    }

    [Fact]
    public void UnknownNamesSuggestTheClosest()
    {
        var ex = Assert.Throws<AugurException>(() => Scorers.Get("f1_macr"));
        Assert.Contains("did you mean 'f1_macro'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("neg_log_loss", ex.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'roc_auc'", Assert.Throws<AugurException>(() => Scorers.Get("roc_acu")).Message, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", Assert.Throws<AugurException>(() => Scorers.Get("something entirely different")).Message, StringComparison.Ordinal);
        Assert.Same(Scorers.Get("r2"), Scorers.Get("R2"));
        Assert.True(Scorers.TryGet("accuracy", out var acc));
        Assert.Equal("accuracy", acc.Name);
        Assert.False(Scorers.TryGet("nope", out _));
        foreach (var name in new[]
                 {
                     "accuracy", "balanced_accuracy", "f1", "f1_macro", "f1_micro", "f1_weighted", "precision", "precision_macro", "precision_micro",
                     "precision_weighted", "recall", "recall_macro", "recall_micro", "recall_weighted", "roc_auc", "roc_auc_ovr", "roc_auc_ovo",
                     "roc_auc_ovr_weighted", "roc_auc_ovo_weighted", "average_precision", "neg_log_loss", "neg_brier_score", "r2",
                     "neg_mean_squared_error", "neg_root_mean_squared_error", "neg_mean_absolute_error", "neg_median_absolute_error",
                     "neg_mean_absolute_percentage_error", "explained_variance", "max_error", "adjusted_rand_score", "matthews_corrcoef",
                     "jaccard", "top_k_accuracy", "v_measure_score",
                 })
            Assert.True(Scorers.Contains(name), name);
        Assert.Equal(Scorers.Names.Count, Scorers.All.Count);
        Assert.Equal("accuracy", Scorers.Default(ModelTask.MulticlassClassification).Name);
        Assert.Equal("r2", Scorers.Default(ModelTask.Regression).Name);
    }

    [Fact]
    public void EvaluateReturnsTheStandardKeysByTask()
    {
        var (model, x, y, proba, e) = Multiclass();
        var m = ModelEvaluation.Evaluate(model, x, y);
        Assert.Equal(["accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "roc_auc_ovr", "log_loss"], m.Keys);
        Close.Equal(Number(e.GetProperty("auc_ovr_macro")), m["roc_auc_ovr"], Rtol, Atol);
        Close.Equal(Number(e.GetProperty("log_loss")), m["log_loss"], Rtol, Atol);
        Assert.Equal(ClassificationMetrics.Precision(y, model.Predict(x), Average.Macro), m["precision_macro"]);

        var (bm, bx, by, bp, be) = Binary();
        var b = ModelEvaluation.Evaluate(bm, bx, by);
        Assert.Equal(["accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "roc_auc", "log_loss"], b.Keys);
        Close.Equal(ClassificationMetrics.RocAuc(by, bp), b["roc_auc"], Rtol, Atol);
        Close.Equal(Number(be.GetProperty("log_loss")), b["log_loss"], Rtol, Atol);
        // A single class in y leaves ROC AUC undefined: NaN rather than an exception.
        var single = new Int64Column("target", Enumerable.Repeat(1L, by.Length).ToArray());
        Assert.True(double.IsNaN(ModelEvaluation.Evaluate(bm, bx, single)["roc_auc"]));

        var c = ClassificationMetricsTests.First("regression.json", "cases", "diabetes_linear");
        var rx = new Frame(new Float64Column("pred", c.GetProperty("y_pred").Doubles()));
        var r = ModelEvaluation.Evaluate(new TableRegressor(rx), rx, new Float64Column("target", c.GetProperty("y_true").Doubles()));
        Assert.Equal(["r2", "mse", "rmse", "mae", "median_ae", "max_error", "explained_variance"], r.Keys);
        var re = c.GetProperty("expected");
        foreach (var (key, fixtureKey) in new[] { ("r2", "r2"), ("mse", "mse"), ("rmse", "rmse"), ("mae", "mae"), ("median_ae", "median_ae"), ("max_error", "max_error"), ("explained_variance", "explained_variance") })
            Close.Equal(Number(re.GetProperty(fixtureKey)), r[key], Rtol, Atol, key);
        Assert.Equal(ModelEvaluation.RegressionKeys, r.Keys);

        Assert.Throws<AugurException>(() => ModelEvaluation.Evaluate(model, x, new Int64Column("y", [1, 2])));
    }
}
