using Augur.Boosting;
using Augur.ModelSelection;
using Augur.NaiveBayes;

namespace Augur.Plots.Tests;

public sealed class ModelChartTests
{
    [Fact]
    public void Learning_and_validation_curves_from_cross_validation()
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        var learning = CrossValidation.LearningCurve(new GaussianNB(), x, y, [0.3, 0.6, 1.0], new StratifiedKFold { NSplits = 3, Shuffle = true });
        var chart = Charts.LearningCurve(learning, "accuracy");
        ChartAssert.Rendered(chart);
        var validation = CrossValidation.ValidationCurve(new GaussianNB(), x, y, "var_smoothing", [1e-9, 1e-6, 1e-3, 1e-1], new StratifiedKFold { NSplits = 3, Shuffle = true });
        var vc = Charts.ValidationCurve(validation, "accuracy");
        ChartAssert.Rendered(vc);
        Assert.Equal("Validation curve: var_smoothing", vc.Title);
    }

    [Fact]
    public void Boosting_report_has_history_importance_and_tree_shap()
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var rows = Enumerable.Range(0, x.RowCount).ToArray();
        var train = rows.Where(i => i % 4 != 0).ToArray();
        var valid = rows.Where(i => i % 4 == 0).ToArray();
        var model = new GradientBoostingClassifier { NEstimators = 40, EarlyStoppingRounds = 10 }
            .Fit(x.Take(train), y.Take(train), new EvalSet(x.Take(valid), y.Take(valid)), monitor: new BoostingMonitor { EvaluateTraining = true });
        Assert.NotEmpty(model.History.Validation);
        var history = Charts.BoostingHistory(model.History);
        ChartAssert.Rendered(history);
        Assert.Contains("Validation", history.ToSvg(), StringComparison.Ordinal);

        var report = EvaluationReport.Build(model, x.Take(valid), y.Take(valid), ReportFixtures.Fast with { PermutationRepeats = 2, MaxExplainRows = 100 });
        var kinds = report.Charts.Select(c => c.Kind).ToArray();
        Assert.Contains("boosting_history", kinds);
        Assert.Contains("feature_importance", kinds);
        Assert.Contains("shap_summary", kinds);
        Assert.Contains("shap_bar", kinds);
        Assert.Contains("tree SHAP (margin of class", report.ToHtml(), StringComparison.Ordinal);
        foreach (var c in report.Charts.Where(c => c.Kind.StartsWith("shap", StringComparison.Ordinal))) ChartAssert.Rendered(c);
    }
}
