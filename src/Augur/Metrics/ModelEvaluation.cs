using Augur.Data;

namespace Augur.Metrics;

/// <summary>The standard set of metrics for a fitted model, by task (what <c>augur evaluate</c>, model cards and reports show).</summary>
public static class ModelEvaluation
{
    /// <summary>The keys of <see cref="Evaluate"/> for classifiers, in order (<c>roc_auc</c> for two classes, <c>roc_auc_ovr</c> for more).</summary>
    public static IReadOnlyList<string> ClassificationKeys { get; } =
        ["accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "roc_auc", "roc_auc_ovr", "log_loss"];

    /// <summary>The keys of <see cref="Evaluate"/> for regressors, in order.</summary>
    public static IReadOnlyList<string> RegressionKeys { get; } =
        ["r2", "mse", "rmse", "mae", "median_ae", "max_error", "explained_variance"];

    /// <summary>The keys of <see cref="Evaluate"/> for clusterers scored against reference labels, in order.</summary>
    public static IReadOnlyList<string> ClusteringKeys { get; } =
        ["adjusted_rand_score", "adjusted_mutual_info_score", "normalized_mutual_info_score", "homogeneity_score", "completeness_score", "v_measure_score"];

    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="x"/> against <paramref name="y"/> and returns the standard
    /// metrics of its task, in a fixed order, as plain metric values (losses are not negated):
    /// <list type="bullet">
    /// <item>classification: <c>accuracy</c>, <c>balanced_accuracy</c>, <c>precision_macro</c>, <c>recall_macro</c>,
    /// <c>f1_macro</c>, then <c>roc_auc</c> (two classes) or <c>roc_auc_ovr</c> (macro one-vs-rest, more classes) and
    /// <c>log_loss</c> when the model gives probabilities — NaN where the data leaves them undefined (for example a
    /// single class in <paramref name="y"/>, or a label the model never saw);</item>
    /// <item>regression: <c>r2</c>, <c>mse</c>, <c>rmse</c>, <c>mae</c>, <c>median_ae</c>, <c>max_error</c>, <c>explained_variance</c>;</item>
    /// <item>clustering (against reference labels): <c>adjusted_rand_score</c>, <c>adjusted_mutual_info_score</c>,
    /// <c>normalized_mutual_info_score</c>, <c>homogeneity_score</c>, <c>completeness_score</c>, <c>v_measure_score</c>.</item>
    /// </list>
    /// </summary>
    /// <param name="model">A fitted classifier, regressor or clusterer.</param>
    /// <param name="x">The features.</param>
    /// <param name="y">The true labels or values.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row (not used by the clustering metrics).</param>
    public static IReadOnlyDictionary<string, double> Evaluate(IPredictor model, Frame x, Column y, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != x.RowCount)
            throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {x.RowCount}");
        ClassificationMetrics.CheckWeights(sampleWeight, y.Length);
        var result = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        switch (model.Task)
        {
            case ModelTask.BinaryClassification or ModelTask.MulticlassClassification:
            {
                var pred = model.Predict(x);
                result["accuracy"] = ClassificationMetrics.Accuracy(y, pred, sampleWeight);
                result["balanced_accuracy"] = ClassificationMetrics.BalancedAccuracy(y, pred, sampleWeight);
                var macro = ClassificationMetrics.PrecisionRecallFScore(y, pred, Average.Macro, sampleWeight: sampleWeight);
                result["precision_macro"] = macro.Precision;
                result["recall_macro"] = macro.Recall;
                result["f1_macro"] = macro.FScore;
                if (model is IClassifier classifier)
                {
                    var proba = classifier.PredictProba(x);
                    var labels = Label.FromColumn(classifier.Classes.Values);
                    if (classifier.Classes.Count == 2)
                    {
                        result["roc_auc"] = Undefined(() =>
                        {
                            var encoded = classifier.Classes.Encode(y);
                            var positive = new bool[encoded.Length];
                            for (var i = 0; i < positive.Length; i++) positive[i] = encoded[i] == 1;
                            return ClassificationMetrics.BinaryRocAuc(positive, proba.Column(1), sampleWeight, null);
                        });
                    }
                    else
                    {
                        result["roc_auc_ovr"] = Undefined(() =>
                            ClassificationMetrics.RocAuc(y, proba, MultiClass.Ovr, AucAverage.Macro, labels, sampleWeight));
                    }
                    result["log_loss"] = Undefined(() => ClassificationMetrics.LogLoss(y, proba, labels, sampleWeight));
                }
                break;
            }
            case ModelTask.Regression:
            {
                var yTrue = ModelInputs.RegressionTarget(y, x.RowCount, "regression evaluation");
                var yPred = model is IRegressor r ? r.PredictValues(x) : model.Predict(x).ToDoubleArray();
                var mse = RegressionMetrics.MeanSquaredError(yTrue, yPred, sampleWeight);
                result["r2"] = RegressionMetrics.R2(yTrue, yPred, sampleWeight);
                result["mse"] = mse;
                result["rmse"] = Math.Sqrt(mse);
                result["mae"] = RegressionMetrics.MeanAbsoluteError(yTrue, yPred, sampleWeight);
                result["median_ae"] = RegressionMetrics.MedianAbsoluteError(yTrue, yPred, sampleWeight);
                result["max_error"] = RegressionMetrics.MaxError(yTrue, yPred);
                result["explained_variance"] = RegressionMetrics.ExplainedVariance(yTrue, yPred, sampleWeight);
                break;
            }
            case ModelTask.Clustering:
            {
                var pred = model.Predict(x);
                result["adjusted_rand_score"] = ClusteringMetrics.AdjustedRandIndex(y, pred);
                result["adjusted_mutual_info_score"] = ClusteringMetrics.AdjustedMutualInformation(y, pred);
                result["normalized_mutual_info_score"] = ClusteringMetrics.NormalizedMutualInformation(y, pred);
                var hcv = ClusteringMetrics.HomogeneityCompletenessVMeasure(y, pred);
                result["homogeneity_score"] = hcv.Homogeneity;
                result["completeness_score"] = hcv.Completeness;
                result["v_measure_score"] = hcv.VMeasure;
                break;
            }
            case ModelTask.Ranking:
                throw new AugurException("a ranking model is evaluated per query group; use ModelEvaluation.EvaluateRanking with the group column");
            default:
                throw new AugurException($"models that predict {model.Task} have no standard evaluation; use a scorer from Scorers instead");
        }
        return new System.Collections.ObjectModel.ReadOnlyDictionary<string, double>(result);
    }

    /// <summary>The keys of <see cref="EvaluateRanking"/>, in order.</summary>
    public static IReadOnlyList<string> RankingKeys { get; } = ["ndcg@5", "ndcg@10", "ndcg"];

    /// <summary>
    /// Evaluates a ranking model: the mean NDCG over the query groups of <paramref name="group"/> at 5, at 10 and over whole
    /// queries (scikit-learn's <c>ndcg_score</c> per query; see <see cref="RankingMetrics"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, double> EvaluateRanking(IPredictor model, Frame x, Column y, Column group)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(group);
        var relevance = ModelInputs.RegressionTarget(y, x.RowCount, "ranking evaluation");
        var scores = model.Predict(x).ToDoubleArray();
        var result = new OrderedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["ndcg@5"] = RankingMetrics.Ndcg(relevance, scores, group, 5),
            ["ndcg@10"] = RankingMetrics.Ndcg(relevance, scores, group, 10),
            ["ndcg"] = RankingMetrics.Ndcg(relevance, scores, group),
        };
        return new System.Collections.ObjectModel.ReadOnlyDictionary<string, double>(result);
    }

    private static double Undefined(Func<double> metric)
    {
        try
        {
            return metric();
        }
        catch (AugurException)
        {
            return double.NaN;
        }
    }
}
