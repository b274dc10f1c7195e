using System.Text.Json;
using Augur.Boosting;
using Augur.Data;
using Augur.Ensemble;
using Augur.FeatureSelection;
using Augur.Linear;
using Augur.ModelSelection;
using Augur.Pipelines;
using Augur.Preprocessing;
using Augur.Trees;

namespace Augur.Tests.ModelSelection;

/// <summary>Cross-validation, grid search and model-based feature selection with the library's real estimators, against scikit-learn.</summary>
public sealed class RealEstimatorTests
{
    private static readonly JsonElement Ref = Fixture.Load("selection", "real_estimators.json");
    private static readonly (Frame X, Column Y) Diabetes = TestData.LoadXy("diabetes.csv", "target");
    private static readonly (Frame X, Column Y) Wine = TestData.LoadXy("wine.csv", "target");

    /// <summary>As the fixture: tolerances tight enough that the solver stops at the optimum.</summary>
    private static LogisticRegression Logistic => new() { Tol = 1e-10, MaxIter = 1000 };

    private static Frame Standardized(Frame x) => new StandardScaler().Fit(x).Transform(x);

    private static (Frame X, Column Y) CancerStandardized
    {
        get
        {
            var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
            return (Standardized(x), y);
        }
    }

    [Fact]
    public void Cross_validate_and_predict_ridge_match_scikit_learn()
    {
        var (x, y) = Diabetes;
        var r = CrossValidation.CrossValidate(new Ridge { Alpha = 1.0 }, x, y, new KFold(), ["r2", "neg_mean_squared_error"], returnTrainScore: true);
        var e = Ref.GetProperty("ridge_diabetes");
        foreach (var m in r.Metrics)
        {
            Close.Equal(e.GetProperty("test_" + m).Doubles(), r.TestScores[m], 1e-6, 1e-9, "test_" + m);
            Close.Equal(e.GetProperty("train_" + m).Doubles(), r.TrainScores![m], 1e-6, 1e-9, "train_" + m);
        }
        var predicted = CrossValidation.CrossValPredict(new Ridge { Alpha = 1.0 }, x, y, new KFold());
        Close.Equal(Ref.GetProperty("ridge_diabetes_predict").Doubles(), predicted.ToDoubleArray(), 1e-6, 1e-9, "cross_val_predict");
    }

    [Fact]
    public void Cross_validate_and_predict_logistic_pipeline_match_scikit_learn()
    {
        var (x, y) = Wine;
        var pipe = new Pipeline(new StandardScaler(), Logistic);
        var r = CrossValidation.CrossValidate(pipe, x, y, new StratifiedKFold(), ["accuracy", "neg_log_loss", "roc_auc_ovr"], returnTrainScore: true);
        var e = Ref.GetProperty("logistic_wine");
        foreach (var m in r.Metrics)
        {
            Close.Equal(e.GetProperty("test_" + m).Doubles(), r.TestScores[m], 1e-6, 1e-7, "test_" + m);
            Close.Equal(e.GetProperty("train_" + m).Doubles(), r.TrainScores![m], 1e-6, 1e-7, "train_" + m);
        }
        var proba = CrossValidation.CrossValPredictProba(pipe, x, y, new StratifiedKFold());
        var expected = Ref.GetProperty("logistic_wine_proba").EnumerateArray().Select(row => row.Doubles()).ToArray();
        for (var i = 0; i < expected.Length; i++) Close.Equal(expected[i], proba.Row(i).ToArray(), 1e-6, 1e-7, $"proba row {i}");
        var labels = CrossValidation.CrossValPredict(pipe, x, y, new KFold { NSplits = 4 });
        Assert.Equal(Ref.GetProperty("logistic_wine_predict").Doubles(), labels.ToDoubleArray());
    }

    [Fact]
    public void Grid_search_over_ridge_alpha_matches_grid_search_cv()
    {
        var (x, y) = Diabetes;
        var e = Ref.GetProperty("ridge_grid");
        var alphas = e.GetProperty("alphas").Doubles();
        var grid = new ParameterGrid(new Dictionary<string, IReadOnlyList<object?>> { ["alpha"] = alphas.Cast<object?>().ToArray() });
        var r = new GridSearch(new Ridge(), grid) { Cv = new KFold(), Scoring = ["neg_mean_squared_error"] }.Run(x, y);
        Close.Equal(e.GetProperty("mean").Doubles(), ((Float64Column)r.CvResults["mean_test_score"]).Values.ToArray(), 1e-6, 1e-9, "mean");
        Close.Equal(e.GetProperty("std").Doubles(), ((Float64Column)r.CvResults["std_test_score"]).Values.ToArray(), 1e-5, 1e-9, "std");
        Close.Equal(e.GetProperty("split0").Doubles(), ((Float64Column)r.CvResults["split0_test_score"]).Values.ToArray(), 1e-6, 1e-9, "split0");
        Assert.Equal(e.GetProperty("rank").Ints().Select(v => (long)v), ((Int64Column)r.CvResults["rank_test_score"]).Values.ToArray());
        Assert.Equal(e.GetProperty("best_alpha").GetDouble(), r.BestParams["alpha"]);
        Close.Equal(e.GetProperty("best_score").GetDouble(), r.BestScore, 1e-6);
        Assert.IsType<RidgeModel>(r.BestModel);
    }

    [Theory]
    [InlineData("rfe_logistic", 10, 1)]
    [InlineData("rfe_logistic_step3", 6, 3)]
    public void Rfe_with_logistic_regression_selects_scikit_learns_features(string key, int n, int step)
    {
        var (x, y) = CancerStandardized;
        var m = new Rfe(Logistic) { NFeaturesToSelect = n, Step = step }.Fit(x, y);
        AssertSelection(Ref.GetProperty(key), m.Support, m.Ranking);
        Assert.IsType<LogisticRegressionModel>(m.Estimator);
    }

    [Fact]
    public void Rfe_with_linear_svc_selects_scikit_learns_features()
    {
        var (x, y) = CancerStandardized;
        var m = new Rfe(new LinearSvc { C = 0.05, Tol = 1e-10, MaxIter = 10000 }) { NFeaturesToSelect = 8, Step = 2 }.Fit(x, y);
        AssertSelection(Ref.GetProperty("rfe_linear_svc"), m.Support, m.Ranking);
    }

    [Fact]
    public void Rfe_with_multiclass_logistic_folds_coefficients_as_scikit_learn()
    {
        // Three classes: RFE ranks by the sum of squared coefficients over classes.
        var (x, y) = Wine;
        var m = new Rfe(Logistic) { NFeaturesToSelect = 5, Step = 2 }.Fit(Standardized(x), y);
        AssertSelection(Ref.GetProperty("rfe_logistic_wine"), m.Support, m.Ranking);
    }

    [Theory]
    [InlineData(10.0, null, "sfm_lasso_10.0_None")]
    [InlineData(100.0, null, "sfm_lasso_100.0_None")]
    [InlineData(1.0, "mean", "sfm_lasso_1.0_mean")]
    [InlineData(30.0, "median", "sfm_lasso_30.0_median")]
    public void Select_from_model_with_lasso_matches_scikit_learn(double alpha, string? threshold, string key)
    {
        var (x, y) = Diabetes;
        var m = new SelectFromModel(new Lasso { Alpha = alpha, Tol = 1e-12, MaxIter = 100000 }) { Threshold = threshold }.Fit(x, y);
        var e = Ref.GetProperty(key);
        Assert.Equal(e.GetProperty("support").EnumerateArray().Select(v => v.GetBoolean()), m.Support);
        Close.Equal(e.GetProperty("threshold").GetDouble(), m.Threshold, 1e-6, 1e-12, "threshold");
        var lasso = Assert.IsType<LassoModel>(m.Estimator);
        Close.Equal(e.GetProperty("coef").Doubles().Select(Math.Abs).ToArray(), lasso.FeatureImportances.ToArray(), 1e-6, 1e-8, "importances");
    }

    [Fact]
    public void Linear_and_boosting_models_report_feature_importances()
    {
        var (x, y) = Wine;
        var z = Standardized(x);
        var logistic = (IFeatureImportances)Logistic.Fit(z, y);
        var coef = ((ILinearModel)logistic).CoefficientMatrix;
        Assert.Equal(3, coef.Outputs);
        for (var j = 0; j < coef.Features; j++)
            Assert.Equal(Math.Abs(coef[0, j]) + Math.Abs(coef[1, j]) + Math.Abs(coef[2, j]), logistic.FeatureImportances[j], 12);
        var ridge = new Ridge().Fit(Diabetes.X, Diabetes.Y);
        Assert.Equal(ridge.Coefficients.Select(Math.Abs), ridge.FeatureImportances);

        var gbdt = new GradientBoostingClassifier { NEstimators = 20, NThreads = 1 }.Fit(x, y);
        IFeatureImportances fi = gbdt;
        Assert.Equal(gbdt.FeatureImportance(FeatureImportanceType.Gain), fi.FeatureImportances);
        Assert.Equal(x.ColumnCount, fi.FeatureImportances.Count);
        Assert.All(fi.FeatureImportances, v => Assert.True(v >= 0));
        // Selection by gain keeps the features the trees lean on.
        var selected = new SelectFromModel(new GradientBoostingClassifier { NEstimators = 20, NThreads = 1 }).Fit(x, y);
        var gains = fi.FeatureImportances.ToArray();
        for (var j = 0; j < gains.Length; j++) Assert.Equal(gains[j] >= gains.Average(), selected.Support[j]);
        var reg = new GradientBoostingRegressor { NEstimators = 10, NThreads = 1 }.Fit(Diabetes.X, Diabetes.Y);
        Assert.Equal(reg.FeatureImportance(), ((IFeatureImportances)reg).FeatureImportances);
    }

    [Fact]
    public void Select_from_model_with_trees_uses_impurity_importances_as_scikit_learn()
    {
        // Options and data whose tied splits scikit-learn (with the fixture's seed) breaks as Augur does: the same tree.
        var (bx, by) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var tree = new SelectFromModel(new DecisionTreeClassifier { MaxLeafNodes = 8 }).Fit(bx, by);
        var e = Ref.GetProperty("sfm_tree_bc");
        Assert.Equal(e.GetProperty("support").EnumerateArray().Select(v => v.GetBoolean()), tree.Support);
        Close.Equal(e.GetProperty("threshold").GetDouble(), tree.Threshold, 1e-9, 1e-12, "threshold");
        Close.Equal(e.GetProperty("importances").Doubles(), ((IFeatureImportances)tree.Estimator!).FeatureImportances.ToArray(), 1e-9, 1e-12, "importances");

        var (dx, dy) = Diabetes;
        var reg = new SelectFromModel(new DecisionTreeRegressor { MaxDepth = 4 }) { Threshold = "median" }.Fit(dx, dy);
        var r = Ref.GetProperty("sfm_tree_diabetes");
        Assert.Equal(r.GetProperty("support").EnumerateArray().Select(v => v.GetBoolean()), reg.Support);
        Close.Equal(r.GetProperty("threshold").GetDouble(), reg.Threshold, 1e-9, 1e-12, "threshold");
    }

    [Fact]
    public void Forests_feed_model_based_selection()
    {
        var (x, y) = Wine;
        var forest = new RandomForestClassifier { NEstimators = 25, RandomState = 1 };
        var fitted = (IFeatureImportances)forest.Fit(x, y);
        Close.Equal(1.0, fitted.FeatureImportances.Sum(), 1e-12, 1e-12, "importance sum");
        var selected = new SelectFromModel(forest).Fit(x, y);
        var mean = fitted.FeatureImportances.Average();
        Assert.Equal(fitted.FeatureImportances.Select(v => v >= mean), selected.Support);
        // RFE drops the least important feature each round: the last one left is ranked 1, every other rank is used once.
        var rfe = new Rfe(new ExtraTreesClassifier { NEstimators = 20, RandomState = 2 }) { NFeaturesToSelect = 3, Step = 1 }.Fit(x, y);
        Assert.Equal(3, rfe.Support.Count(s => s));
        Assert.Equal(Enumerable.Range(1, x.ColumnCount - 2).ToArray(), rfe.Ranking.Distinct().Order().ToArray());
        var (dx, dy) = Diabetes;
        Assert.Equal(dx.ColumnCount, ((IFeatureImportances)new RandomForestRegressor { NEstimators = 10 }.Fit(dx, dy)).FeatureImportances.Count);
        Assert.Equal(dx.ColumnCount, ((IFeatureImportances)new ExtraTreesRegressor { NEstimators = 10 }.Fit(dx, dy)).FeatureImportances.Count);
    }

    private static void AssertSelection(JsonElement e, IReadOnlyList<bool> support, IReadOnlyList<int> ranking)
    {
        Assert.Equal(e.GetProperty("support").EnumerateArray().Select(v => v.GetBoolean()), support);
        Assert.Equal(e.GetProperty("ranking").Ints(), ranking);
    }
}
