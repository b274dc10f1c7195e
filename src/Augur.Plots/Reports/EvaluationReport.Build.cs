using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using Label = Augur.Metrics.Label;

namespace Augur.Plots;

public sealed partial class EvaluationReport
{
    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="x"/> (against <paramref name="y"/> when given) and builds the
    /// whole report: model card, data summary, the task's metrics with bootstrap confidence intervals, the charts that fit
    /// the task (classification: confusion matrices, ROC, precision-recall, calibration, score histograms; regression:
    /// predicted vs actual, residuals; clustering: PCA projection and silhouettes), permutation importance, and a SHAP
    /// summary when <see cref="EvaluationReportOptions.Shap"/> computes one.
    /// </summary>
    /// <param name="model">A fitted classifier, regressor or clusterer.</param>
    /// <param name="x">The evaluation features.</param>
    /// <param name="y">The true labels or values (required for classification and regression; optional for clustering).</param>
    /// <param name="options">What to include and how.</param>
    public static EvaluationReport Build(IPredictor model, Frame x, Column? y = null, EvaluationReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        options ??= new EvaluationReportOptions();
        options.Validate();
        if (y is not null && y.Length != x.RowCount)
            throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {x.RowCount}");
        if (x.RowCount == 0) throw new AugurException("the evaluation data has no rows");
        var name = options.Card?.Name ?? model.Kind;
        var report = new EvaluationReport(options.Title ?? $"Evaluation of {name}");
        report.WithModel(model, options.Card).WithData(x, y);
        var chart = options.Chart;
        switch (model.Task)
        {
            case ModelTask.BinaryClassification or ModelTask.MulticlassClassification:
                if (y is null) throw new AugurException("evaluating a classifier needs the true labels (the target column)");
                Classification(report, model, x, y, options, chart);
                break;
            case ModelTask.Regression:
                if (y is null) throw new AugurException("evaluating a regressor needs the true values (the target column)");
                Regression(report, model, x, y, options, chart);
                break;
            case ModelTask.Clustering:
                Clustering(report, model, x, y, options, chart);
                break;
            default:
                throw new AugurException($"models that predict {model.Task} have no evaluation report");
        }
        ModelSpecific(report, model, x, options, chart);
        if (y is not null && model.Task != ModelTask.Clustering)
        {
            var sample = SampleRows(x, y, options.MaxExplainRows);
            var importance = options.Importance is { } compute
                ? compute(model, sample.X, sample.Y!)
                : options.PermutationRepeats > 0 ? Permutation(model, sample.X, sample.Y!, options.PermutationRepeats, options.RandomState) : null;
            if (importance is not null && importance.FeatureNames.Count > 0)
            {
                report.AddChart("Feature importance", Plots.Charts.PermutationImportance(importance.FeatureNames, importance.Importances, importance.ScoreName, options: chart),
                    $"Decrease in {importance.ScoreName} when each feature's values are shuffled ({importance.Importances.FirstOrDefault()?.Length ?? 0} repeats, " +
                    $"{sample.X.RowCount:N0} rows; score with no feature shuffled: {ChartKit.Format(importance.BaseScore, 4)}).");
            }
        }
        if (model is IClassifier or IRegressor)
        {
            var sample = SampleRows(x, y, options.MaxExplainRows);
            ShapValues? explanation;
            try
            {
                explanation = (options.Shap ?? DefaultShap)(model, sample.X);
            }
            catch (AugurException e) when (options.Shap is null)
            {
                explanation = null;
                report.AddText("SHAP", $"No SHAP values: {e.Message}");
            }
            if (explanation is not null)
            {
                report.AddChart("SHAP", Plots.Charts.ShapSummary(explanation.Values, explanation.FeatureValues, explanation.FeatureNames, options: chart),
                    $"{explanation.Method}: each point is one row; colour shows the feature's value.");
                report.AddChart("SHAP", Plots.Charts.ShapBar(explanation.Values, explanation.FeatureNames, options: chart), "Mean absolute SHAP value per feature.");
            }
        }
        return report;
    }

    private static void Classification(EvaluationReport report, IPredictor model, Frame x, Column y, EvaluationReportOptions o, ChartOptions? chart)
    {
        var pred = model.Predict(x);
        var metrics = new List<MetricEstimate>
        {
            Interval("accuracy", o, () => Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.Accuracy(t, p), y, pred, Math.Max(1, o.BootstrapResamples), o.Confidence, o.RandomState),
                () => ClassificationMetrics.Accuracy(y, pred)),
            Interval("balanced_accuracy", o, () => Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.BalancedAccuracy(t, p), y, pred, Math.Max(1, o.BootstrapResamples), o.Confidence, o.RandomState),
                () => ClassificationMetrics.BalancedAccuracy(y, pred)),
            Interval("precision_macro", o, () => Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.Precision(t, p, Average.Macro), y, pred, Math.Max(1, o.BootstrapResamples), o.Confidence, o.RandomState),
                () => ClassificationMetrics.Precision(y, pred, Average.Macro)),
            Interval("recall_macro", o, () => Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.Recall(t, p, Average.Macro), y, pred, Math.Max(1, o.BootstrapResamples), o.Confidence, o.RandomState),
                () => ClassificationMetrics.Recall(y, pred, Average.Macro)),
            Interval("f1_macro", o, () => Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.F1(t, p, Average.Macro), y, pred, Math.Max(1, o.BootstrapResamples), o.Confidence, o.RandomState),
                () => ClassificationMetrics.F1(y, pred, Average.Macro)),
        };
        var classifier = model as IClassifier;
        Matrix? proba = null;
        Label[]? classes = null;
        if (classifier is not null)
        {
            proba = classifier.PredictProba(x);
            classes = Label.FromColumn(classifier.Classes.Values);
            var labels = classes;
            if (classes.Length == 2)
            {
                var positive = classes[1];
                metrics.Add(Interval("roc_auc", o,
                    () => Bootstrap.ConfidenceInterval((t, s) => ClassificationMetrics.RocAuc(IsLabel(t, positive), s), y, proba.Column(1), Math.Max(1, o.BootstrapResamples), o.Confidence, o.RandomState),
                    () => ClassificationMetrics.RocAuc(IsLabel(y, positive), proba.Column(1))));
                var score = proba.Column(1);
                metrics.Add(Interval("average_precision", o,
                    () => Bootstrap.ConfidenceInterval((t, s) => ClassificationMetrics.AveragePrecision(IsLabel(t, positive), s), y, score, Math.Max(1, o.BootstrapResamples), o.Confidence, o.RandomState),
                    () => ClassificationMetrics.AveragePrecision(IsLabel(y, positive), score)));
            }
            else
            {
                metrics.Add(Interval("roc_auc_ovr", o,
                    () => Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.RocAuc(t, p, MultiClass.Ovr, AucAverage.Macro, labels), y, proba, Math.Max(1, o.BootstrapResamples), o.Confidence, o.RandomState),
                    () => ClassificationMetrics.RocAuc(y, proba, MultiClass.Ovr, AucAverage.Macro, labels)));
            }
            metrics.Add(Interval("log_loss", o,
                () => Bootstrap.ConfidenceInterval((t, p) => ClassificationMetrics.LogLoss(t, p, labels), y, proba, Math.Max(1, o.BootstrapResamples), o.Confidence, o.RandomState),
                () => ClassificationMetrics.LogLoss(y, proba, labels)));
        }
        report.WithMetrics(metrics, IntervalNote(o, y.Length));
        report.AddChart("Performance", Plots.Charts.ConfusionMatrix(y, pred, options: chart), "Counts of true (rows) against predicted (columns) labels.");
        report.AddChart("Performance", Plots.Charts.ConfusionMatrix(y, pred, ConfusionNormalization.True, chart), "Each row normalised: recall of each class on the diagonal.");
        if (proba is null || classes is null) return;
        Try(() => report.AddChart("Performance", Plots.Charts.Roc(y, proba, classes, chart)));
        Try(() => report.AddChart("Performance", Plots.Charts.PrecisionRecall(y, proba, classes, chart)));
        Try(() => report.AddChart("Calibration", Plots.Charts.Calibration(y, proba, classes, o.CalibrationBins, CalibrationStrategy.Uniform, chart),
            $"{o.CalibrationBins} equal-width bins of predicted probability."));
        Try(() => report.AddChart("Calibration", Plots.Charts.ScoreHistogram(y, proba, classes, options: chart)));
    }

    private static void Regression(EvaluationReport report, IPredictor model, Frame x, Column y, EvaluationReportOptions o, ChartOptions? chart)
    {
        var yTrue = ModelInputs.RegressionTarget(y, x.RowCount, "the evaluation report");
        var yPred = model is IRegressor r ? r.PredictValues(x) : model.Predict(x).ToDoubleArray();
        var n = Math.Max(1, o.BootstrapResamples);
        var metrics = new List<MetricEstimate>
        {
            Interval("r2", o, () => Bootstrap.ConfidenceInterval((t, p) => RegressionMetrics.R2(t, p), yTrue, yPred, n, o.Confidence, o.RandomState), () => RegressionMetrics.R2(yTrue, yPred)),
            Interval("rmse", o, () => Bootstrap.ConfidenceInterval((t, p) => Math.Sqrt(RegressionMetrics.MeanSquaredError(t, p)), yTrue, yPred, n, o.Confidence, o.RandomState),
                () => Math.Sqrt(RegressionMetrics.MeanSquaredError(yTrue, yPred))),
            Interval("mae", o, () => Bootstrap.ConfidenceInterval((t, p) => RegressionMetrics.MeanAbsoluteError(t, p), yTrue, yPred, n, o.Confidence, o.RandomState),
                () => RegressionMetrics.MeanAbsoluteError(yTrue, yPred)),
            Interval("median_ae", o, () => Bootstrap.ConfidenceInterval((t, p) => RegressionMetrics.MedianAbsoluteError(t, p), yTrue, yPred, n, o.Confidence, o.RandomState),
                () => RegressionMetrics.MedianAbsoluteError(yTrue, yPred)),
            Interval("explained_variance", o, () => Bootstrap.ConfidenceInterval((t, p) => RegressionMetrics.ExplainedVariance(t, p), yTrue, yPred, n, o.Confidence, o.RandomState),
                () => RegressionMetrics.ExplainedVariance(yTrue, yPred)),
            new("max_error", RegressionMetrics.MaxError(yTrue, yPred)),
        };
        report.WithMetrics(metrics, IntervalNote(o, yTrue.Length));
        report.AddChart("Performance", Plots.Charts.PredictedVsActual(yTrue, yPred, chart));
        report.AddChart("Residuals", Plots.Charts.ResidualsVsPredicted(yTrue, yPred, chart), "A pattern here (a curve or a funnel) suggests missing structure or changing variance.");
        report.AddChart("Residuals", Plots.Charts.ResidualHistogram(yTrue, yPred, options: chart));
    }

    private static void Clustering(EvaluationReport report, IPredictor model, Frame x, Column? y, EvaluationReportOptions o, ChartOptions? chart)
    {
        var pred = model.Predict(x);
        var metrics = new List<MetricEstimate>();
        var n = Math.Max(1, o.BootstrapResamples);
        if (y is not null)
        {
            metrics.Add(Interval("adjusted_rand_score", o, () => Bootstrap.ConfidenceInterval((t, p) => ClusteringMetrics.AdjustedRandIndex(t, p), y, pred, n, o.Confidence, o.RandomState),
                () => ClusteringMetrics.AdjustedRandIndex(y, pred)));
            metrics.Add(Interval("adjusted_mutual_info_score", o, () => Bootstrap.ConfidenceInterval((t, p) => ClusteringMetrics.AdjustedMutualInformation(t, p), y, pred, n, o.Confidence, o.RandomState),
                () => ClusteringMetrics.AdjustedMutualInformation(y, pred)));
            metrics.Add(Interval("normalized_mutual_info_score", o, () => Bootstrap.ConfidenceInterval((t, p) => ClusteringMetrics.NormalizedMutualInformation(t, p), y, pred, n, o.Confidence, o.RandomState),
                () => ClusteringMetrics.NormalizedMutualInformation(y, pred)));
            metrics.Add(Interval("v_measure_score", o, () => Bootstrap.ConfidenceInterval((t, p) => ClusteringMetrics.VMeasure(t, p), y, pred, n, o.Confidence, o.RandomState),
                () => ClusteringMetrics.VMeasure(y, pred)));
        }
        var features = x.Select(model.Signature.InputNames.Where(x.Contains));
        var numeric = features.ColumnCount >= 2 && features.Columns.All(c => c.IsNumeric) && features.Columns.All(c => c.MissingCount == 0);
        var clusters = Label.FromColumn(pred).Distinct().Count();
        if (numeric && clusters >= 2 && clusters < x.RowCount)
        {
            var sample = SampleRows(features, pred, o.MaxExplainRows);
            var silhouette = ClusteringMetrics.SilhouetteSamples(sample.X, sample.Y!);
            metrics.Add(new MetricEstimate(sample.X.RowCount < x.RowCount ? $"silhouette_score ({sample.X.RowCount:N0}-row sample)" : "silhouette_score", silhouette.Average()));
            var centers = model is Augur.Clustering.KMeansModel kmeans && kmeans.ClusterCenters.Cols == features.ColumnCount ? kmeans.ClusterCenters : null;
            report.AddChart("Clusters", Plots.Charts.ClusterProjection(features, pred, centers, chart), "The data projected on its first two principal components, coloured by cluster.");
            report.AddChart("Clusters", Plots.Charts.SilhouetteSamples(silhouette, sample.Y!, chart), "Silhouette coefficient of each row, by cluster (higher: better separated).");
        }
        if (metrics.Count > 0) report.WithMetrics(metrics, y is null ? null : IntervalNote(o, x.RowCount));
    }

    private static MetricEstimate Interval(string name, EvaluationReportOptions o, Func<BootstrapInterval> interval, Func<double> estimate)
    {
        if (o.BootstrapResamples > 0)
        {
            try
            {
                var ci = interval();
                return new MetricEstimate(name, ci.Estimate, ci.Lower, ci.Upper, ci.Confidence);
            }
            catch (AugurException)
            {
                // Undefined on too many resamples (tiny or very unbalanced data): show the value without an interval.
            }
        }
        try
        {
            return new MetricEstimate(name, estimate());
        }
        catch (AugurException)
        {
            return new MetricEstimate(name, double.NaN);
        }
    }

    private static string? IntervalNote(EvaluationReportOptions o, int rows) => o.BootstrapResamples == 0 ? null :
        $"Intervals: {(100 * o.Confidence).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% percentile bootstrap over {o.BootstrapResamples:N0} resamples of the {rows:N0} rows (seed {o.RandomState}).";

    private static bool[] IsLabel(Column y, Label positive)
    {
        var labels = Label.FromColumn(y);
        var mask = new bool[labels.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = labels[i] == positive;
        return mask;
    }

    private static void Try(Action add)
    {
        try
        {
            add();
        }
        catch (AugurException)
        {
            // A chart that the data leaves undefined (for example a class with no rows) is left out of the report.
        }
    }

    private static (Frame X, Column? Y) SampleRows(Frame x, Column? y, int max)
    {
        if (x.RowCount <= max) return (x, y);
        var rows = new int[max];
        for (var i = 0; i < max; i++) rows[i] = (int)((long)i * x.RowCount / max);
        return (x.Take(rows), y?.Take(rows));
    }

    /// <summary>
    /// Permutation importance (<see cref="Explain.PermutationImportance"/>) with the task's default scorer: each input
    /// column is shuffled <paramref name="repeats"/> times, seeded, and the drop in score recorded.
    /// </summary>
    internal static PermutationImportances Permutation(IPredictor model, Frame x, Column y, int repeats, int randomState)
    {
        var result = new Explain.PermutationImportance { NRepeats = repeats, RandomState = randomState }.Compute(model, x, y);
        var drops = new double[result.FeatureNames.Count][];
        for (var j = 0; j < drops.Length; j++) drops[j] = result.Importances.Row(j).ToArray();
        return new PermutationImportances(result.FeatureNames, drops, result.Scoring, result.BaselineScore);
    }
}
