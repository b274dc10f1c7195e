using System.Text.Json;
using Augur.Data;
using Augur.ModelSelection;

namespace Augur.Tests.ModelSelection;

public sealed class CrossValidationTests
{
    internal static readonly JsonElement Ref = Fixture.Load("selection", "cross_validation.json");
    internal static readonly (Frame X, Column Y) Diabetes = TestData.LoadXy("diabetes.csv", "target");
    internal static readonly (Frame X, Column Y) Wine = TestData.LoadXy("wine.csv", "target");

    [Fact]
    public void Cross_validate_matches_scikit_learn_on_ridge()
    {
        var (x, y) = Diabetes;
        var r = CrossValidation.CrossValidate(new TestRidge { Alpha = 0.5 }, x, y, new KFold(),
            ["r2", "neg_mean_squared_error", "neg_mean_absolute_error"], returnTrainScore: true, returnEstimators: true);
        var e = Ref.GetProperty("ridge_diabetes");
        foreach (var m in r.Metrics)
        {
            Close.Equal(e.GetProperty("test_" + m).Doubles(), r.TestScores[m], 1e-9, 1e-9, "test_" + m);
            Close.Equal(e.GetProperty("train_" + m).Doubles(), r.TrainScores![m], 1e-9, 1e-9, "train_" + m);
        }
        Assert.Equal(5, r.Estimators!.Count);
        Assert.Equal(5, r.FitTimes.Length);
        Assert.All(r.FitTimes, t => Assert.True(t >= 0));
        var frame = r.ToFrame();
        Assert.Equal(["fit_time", "score_time", "test_r2", "test_neg_mean_squared_error", "test_neg_mean_absolute_error", "train_r2", "train_neg_mean_squared_error", "train_neg_mean_absolute_error"], frame.ColumnNames);
        Close.Equal(e.GetProperty("test_r2").Doubles().Average(), r.MeanTestScore("r2"), 1e-9);
    }

    [Fact]
    public void Default_scorer_and_integer_cv_follow_scikit_learn()
    {
        var (x, y) = Diabetes;
        var r = CrossValidation.CrossValidate(new TestRidge { Alpha = 0.5 }, x, y, 3);
        Assert.Equal(["r2"], r.Metrics);
        Close.Equal(Ref.GetProperty("ridge_diabetes_default").Doubles(), r.TestScores["r2"], 1e-9, 1e-9);
        Assert.Null(r.TrainScores);
        Assert.Null(r.Estimators);
    }

    [Fact]
    public void Results_do_not_depend_on_parallelism()
    {
        var (x, y) = Wine;
        var a = CrossValidation.CrossValidate(new TestCentroid(), x, y, new StratifiedKFold(), ["accuracy", "f1_macro", "neg_log_loss"], maxDegreeOfParallelism: 1);
        var b = CrossValidation.CrossValidate(new TestCentroid(), x, y, new StratifiedKFold(), ["accuracy", "f1_macro", "neg_log_loss"], maxDegreeOfParallelism: 4);
        foreach (var m in a.Metrics) Assert.Equal(a.TestScores[m], b.TestScores[m]);
    }

    [Fact]
    public void Classification_scores_and_out_of_fold_predictions_match_scikit_learn()
    {
        var (x, y) = Wine;
        var r = CrossValidation.CrossValidate(new TestCentroid(), x, y, scoring: ["accuracy", "f1_macro", "balanced_accuracy"]);
        var e = Ref.GetProperty("centroid_wine");
        foreach (var m in r.Metrics) Close.Equal(e.GetProperty("test_" + m).Doubles(), r.TestScores[m], 1e-12, 1e-12, m);
        var pred = CrossValidation.CrossValPredict(new TestCentroid(), x, y, new StratifiedKFold());
        Assert.Equal(Ref.GetProperty("centroid_wine_predict").Doubles(), pred.ToDoubleArray());
        var proba = CrossValidation.CrossValPredictProba(new TestCentroid(), x, y, new StratifiedKFold());
        Assert.Equal(x.RowCount, proba.Rows);
        for (var i = 0; i < proba.Rows; i++) Close.Equal(1.0, proba.Row(i).ToArray().Sum(), 1e-12);
        var frame = CrossValidation.CrossValPredict(new TestCentroid(), x, y, PredictMethod.PredictProba, new StratifiedKFold());
        Assert.Equal(["proba_0", "proba_1", "proba_2"], frame.ColumnNames);
    }

    [Fact]
    public void Cross_val_predict_matches_scikit_learn_and_needs_a_partition()
    {
        var (x, y) = Diabetes;
        var pred = CrossValidation.CrossValPredict(new TestRidge { Alpha = 2.0 }, x, y, new KFold { NSplits = 4 });
        Close.Equal(Ref.GetProperty("ridge_diabetes_predict").Doubles(), pred.ToDoubleArray(), 1e-9, 1e-9);
        var e = Assert.Throws<AugurException>(() => CrossValidation.CrossValPredict(new TestRidge(), x, y, new ShuffleSplit { NSplits = 3 }));
        Assert.Contains("exactly one test fold", e.Message);
    }

    [Fact]
    public void Learning_and_validation_curves_match_scikit_learn()
    {
        var (x, y) = Diabetes;
        var lc = CrossValidation.LearningCurve(new TestRidge { Alpha = 0.1 }, x, y, cv: new KFold(), scoring: "r2");
        var e = Ref.GetProperty("learning_curve");
        Assert.Equal(e.GetProperty("sizes").Ints(), lc.TrainSizes);
        var et = e.GetProperty("train").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var ev = e.GetProperty("test").EnumerateArray().Select(r => r.Doubles()).ToArray();
        for (var s = 0; s < et.Length; s++)
        {
            Close.Equal(et[s], lc.TrainScores[s], 1e-8, 1e-8, $"train[{s}]");
            Close.Equal(ev[s], lc.TestScores[s], 1e-8, 1e-8, $"test[{s}]");
        }
        var vcRef = Ref.GetProperty("validation_curve");
        var alphas = vcRef.GetProperty("alphas").Doubles();
        var vc = CrossValidation.ValidationCurve(new TestRidge(), x, y, "alpha", alphas.Cast<object?>().ToArray(), new KFold(), "neg_mean_squared_error");
        var vt = vcRef.GetProperty("train").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var vv = vcRef.GetProperty("test").EnumerateArray().Select(r => r.Doubles()).ToArray();
        for (var i = 0; i < alphas.Length; i++)
        {
            Close.Equal(vt[i], vc.TrainScores[i], 1e-9, 1e-9, $"train[{i}]");
            Close.Equal(vv[i], vc.TestScores[i], 1e-9, 1e-9, $"test[{i}]");
        }
    }

    [Fact]
    public void Failures_raise_or_score_as_asked()
    {
        var (x, y) = Diabetes;
        var failing = new TestRidge { FailWhen = "always" };
        Assert.Contains("asked to fail", Assert.Throws<AugurException>(() => CrossValidation.CrossValidate(failing, x, y, new KFold())).Message);
        var r = CrossValidation.CrossValidate(failing, x, y, new KFold(), errorScore: double.NaN);
        Assert.All(r.TestScores["r2"], v => Assert.True(double.IsNaN(v)));
        Assert.Contains("unknown scorer", Assert.Throws<AugurException>(() => CrossValidation.CrossValidate(new TestRidge(), x, y, new KFold(), ["r3"])).Message);
        Assert.Throws<AugurException>(() => CrossValidation.CrossValidate(new TestRidge(), x, y.Slice(0, 10), new KFold()));
        Assert.Throws<AugurException>(() => CrossValidation.CrossValidate(new TestRidge(), x, y, 1));
        Assert.Contains("no option", Assert.Throws<UnknownParameterException>(() =>
            CrossValidation.ValidationCurve(new TestRidge(), x, y, "alphaa", [1.0], new KFold())).Message);
    }

    [Fact]
    public void Default_splitter_is_stratified_for_classifiers()
    {
        Assert.IsType<StratifiedKFold>(CrossValidation.DefaultSplitter(5, new TestCentroid()));
        Assert.IsType<KFold>(CrossValidation.DefaultSplitter(5, new TestRidge()));
        Assert.IsType<StratifiedKFold>(CrossValidation.DefaultSplitter(3, new Augur.Pipelines.Pipeline(new TestCentroid())));
    }
}
