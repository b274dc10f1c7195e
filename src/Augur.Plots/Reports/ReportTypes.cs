using Augur.Numerics;

namespace Augur.Plots;

/// <summary>One metric in a report: its value and, when bootstrapped, a confidence interval.</summary>
/// <param name="Name">The metric's name (scikit-learn's: <c>accuracy</c>, <c>roc_auc</c>, <c>r2</c>, …).</param>
/// <param name="Value">The metric on the full data.</param>
/// <param name="Lower">The lower bound of the interval (null: no interval).</param>
/// <param name="Upper">The upper bound of the interval (null: no interval).</param>
/// <param name="Confidence">The interval's confidence level (for example 0.95).</param>
public sealed record MetricEstimate(string Name, double Value, double? Lower = null, double? Upper = null, double? Confidence = null);

/// <summary>SHAP values of some explained rows, for the report's SHAP summary.</summary>
/// <param name="Values">SHAP values, rows × features.</param>
/// <param name="FeatureValues">The explained rows' feature values, rows × features (NaN: missing or not numeric).</param>
/// <param name="FeatureNames">The feature names, in column order.</param>
/// <param name="BaseValue">The expected model output E[f(X)].</param>
/// <param name="Method">How the values were computed (for example <c>TreeSHAP</c>, <c>KernelSHAP on 100 rows</c>).</param>
public sealed record ShapValues(Matrix Values, Matrix FeatureValues, IReadOnlyList<string> FeatureNames, double BaseValue, string Method);

/// <summary>Permutation importances: the score decrease of each repeat for each feature.</summary>
/// <param name="FeatureNames">The features, in column order.</param>
/// <param name="Importances">The score decrease of each repeat: [feature][repeat].</param>
/// <param name="ScoreName">The score that was measured (for example <c>accuracy</c>).</param>
/// <param name="BaseScore">The score with no feature permuted.</param>
public sealed record PermutationImportances(IReadOnlyList<string> FeatureNames, IReadOnlyList<double[]> Importances, string ScoreName, double BaseScore)
{
    /// <summary>The mean decrease of each feature.</summary>
    public double[] Mean => Importances.Select(r => r.Length == 0 ? double.NaN : r.Average()).ToArray();

    /// <summary>The standard deviation (population, as NumPy's <c>std</c>) of each feature's decreases.</summary>
    public double[] StandardDeviation => Importances.Select(r =>
    {
        if (r.Length == 0) return double.NaN;
        var m = r.Average();
        return Math.Sqrt(r.Sum(v => (v - m) * (v - m)) / r.Length);
    }).ToArray();
}

/// <summary>How a report embeds its charts.</summary>
public enum ReportImageFormat
{
    /// <summary>Base64 PNG images (<c>data:</c> URIs).</summary>
    Png,

    /// <summary>Inline SVG (text stays searchable and sharp at any zoom).</summary>
    Svg,
}

/// <summary>Options of <see cref="EvaluationReport.Build"/>.</summary>
public sealed record EvaluationReportOptions
{
    /// <summary>The report's title (default: "Evaluation of" and the model's name or kind).</summary>
    public string? Title { get; init; }

    /// <summary>The model card from the model file (adds the model card section).</summary>
    public Serialization.ModelCard? Card { get; init; }

    /// <summary>Bootstrap resamples per metric interval (0: no intervals).</summary>
    public int BootstrapResamples { get; init; } = 500;

    /// <summary>The confidence level of the metric intervals.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>The seed for bootstrap resamples, permutations and row samples.</summary>
    public int RandomState { get; init; }

    /// <summary>Repeats of permutation importance per feature (0: leave it out).</summary>
    public int PermutationRepeats { get; init; } = 5;

    /// <summary>At most this many rows (evenly spaced) are used for permutation importance, SHAP and silhouettes.</summary>
    public int MaxExplainRows { get; init; } = 2000;

    /// <summary>Bins of the calibration curves.</summary>
    public int CalibrationBins { get; init; } = 10;

    /// <summary>
    /// Computes SHAP values for the model on a sample of rows; null uses <see cref="EvaluationReport.DefaultShap"/>
    /// (tree SHAP or linear SHAP where the model supports it, else kernel SHAP). A function that returns null leaves
    /// the SHAP section out.
    /// </summary>
    public Func<IPredictor, Data.Frame, ShapValues?>? Shap { get; init; }

    /// <summary>
    /// Computes permutation importances; null uses <see cref="Explain.PermutationImportance"/> with the task's default
    /// scorer and <see cref="PermutationRepeats"/> shuffles per feature.
    /// </summary>
    public Func<IPredictor, Data.Frame, Data.Column, PermutationImportances?>? Importance { get; init; }

    /// <summary>Size and font of the charts.</summary>
    public ChartOptions? Chart { get; init; }

    internal void Validate()
    {
        if (BootstrapResamples < 0) throw new AugurException($"BootstrapResamples must be 0 or more, got {BootstrapResamples}");
        if (!(Confidence > 0 && Confidence < 1)) throw new AugurException($"Confidence must lie strictly between 0 and 1, got {Confidence}");
        if (PermutationRepeats < 0) throw new AugurException($"PermutationRepeats must be 0 or more, got {PermutationRepeats}");
        if (MaxExplainRows < 10) throw new AugurException($"MaxExplainRows must be at least 10, got {MaxExplainRows}");
        if (CalibrationBins < 1) throw new AugurException($"CalibrationBins must be at least 1, got {CalibrationBins}");
    }
}
