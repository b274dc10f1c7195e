using Augur.ModelSelection;

namespace Augur.Plots;

public static partial class Charts
{
    /// <summary>A learning curve from <c>CrossValidation.LearningCurve</c>.</summary>
    /// <param name="result">The learning-curve scores.</param>
    /// <param name="scoreName">The score's name for the axis label.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart LearningCurve(LearningCurveResult result, string scoreName = "score", ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return LearningCurve(result.TrainSizes, result.TrainScores, result.TestScores, scoreName, options);
    }

    /// <summary>A validation curve from <c>CrossValidation.ValidationCurve</c>.</summary>
    /// <param name="result">The validation-curve scores.</param>
    /// <param name="scoreName">The score's name for the axis label.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ValidationCurve(ValidationCurveResult result, string scoreName = "score", ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ValidationCurve(result.Parameter, result.Values, result.TrainScores, result.TestScores, scoreName, options);
    }

    /// <summary>The training history of a LightGBM model: the metric after each iteration, best iteration marked.</summary>
    /// <param name="history">The model's <c>History</c>.</param>
    /// <param name="metric">The metric to draw (default: the one early stopping watched, else the first recorded).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart BoostingHistory(Boosting.BoostingHistory history, string? metric = null, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        metric ??= history.WatchedMetric is { } watched && (history.Validation.ContainsKey(watched) || history.Training.ContainsKey(watched)) ? watched : null;
        return BoostingHistory(history.Training, history.Validation, metric, history.BestIteration, options);
    }

    /// <summary>A model's own feature importances (tree impurity, absolute coefficients, boosting gain) as bars.</summary>
    /// <param name="model">A model that reports importances.</param>
    /// <param name="names">Feature names (default: the model's input names).</param>
    /// <param name="maxFeatures">Show at most this many.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart FeatureImportance(IFeatureImportances model, IReadOnlyList<string>? names = null, int maxFeatures = 20, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return FeatureImportance(names ?? model.Signature.InputNames, model.FeatureImportances, null, maxFeatures, "Importance", options);
    }
}
