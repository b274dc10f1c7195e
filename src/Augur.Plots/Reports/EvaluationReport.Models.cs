using Augur.Boosting;
using Augur.Data;
using Augur.Numerics;
using Augur.Pipelines;

namespace Augur.Plots;

public sealed partial class EvaluationReport
{
    /// <summary>The model that predicts (a pipeline's final step), the features it sees, and their names.</summary>
    private static (IModel Final, Func<Frame, Frame> Features, IReadOnlyList<string> Names) Unwrap(IPredictor model) =>
        model is PipelineModel pipeline
            ? (pipeline.Final, pipeline.TransformFeatures, pipeline.FinalFeatureNames)
            : (model, x => x, model.Signature.InputNames);

    /// <summary>Charts that only some models can give: boosting history, built-in importances, TreeSHAP.</summary>
    private static void ModelSpecific(EvaluationReport report, IPredictor model, Frame x, EvaluationReportOptions o, ChartOptions? chart)
    {
        var (final, features, names) = Unwrap(model);
        if (final is IGradientBoostingModel boosted && (boosted.History.Validation.Count > 0 || boosted.History.Training.Count > 0))
        {
            report.AddChart("Training", Plots.Charts.BoostingHistory(boosted.History, options: chart),
                boosted.History.StoppedEarly ? $"Training stopped early; the model keeps iteration {boosted.History.BestIteration}." : null);
        }
        if (final is IFeatureImportances importances && importances.FeatureImportances.Count == names.Count)
        {
            report.AddChart("Feature importance", Plots.Charts.FeatureImportance(names, importances.FeatureImportances, options: (chart ?? ChartOptions.Default) with
            {
                Title = chart?.Title ?? "Model feature importance",
            }), $"The model's own importances ({final.Kind}).");
        }
        else if (final is IGradientBoostingModel gains)
        {
            report.AddChart("Feature importance", Plots.Charts.FeatureImportance(names, gains.FeatureImportance(FeatureImportanceType.Gain), xLabel: "Total gain of the feature's splits",
                options: (chart ?? ChartOptions.Default) with { Title = chart?.Title ?? "Model feature importance (gain)" }), "LightGBM's split gain per feature.");
        }
    }

    /// <summary>Rows explained by kernel SHAP in the report (it evaluates the model thousands of times per row).</summary>
    internal const int KernelShapRows = 40;

    /// <summary>
    /// The report's SHAP values: tree SHAP for trees, forests and boosting, linear SHAP for linear models (both exact,
    /// on every sampled row), kernel SHAP for other models (on the first <see cref="KernelShapRows"/> sampled rows, the
    /// sample summarised by k-means as background). Pipelines are explained in terms of their input columns. With
    /// several outputs, each row shows the values of the positive class (two classes) or of its predicted class.
    /// </summary>
    public static ShapValues? DefaultShap(IPredictor model, Frame x)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        if (x.RowCount == 0) return null;
        var algorithm = Explain.Explainers.Choose(model);
        var rows = algorithm == Explain.ShapAlgorithm.Kernel && x.RowCount > KernelShapRows ? Enumerable.Range(0, KernelShapRows).ToArray() : null;
        var e = Explain.Explainers.Shap(model, x, x, rows);
        var n = e.RowCount;
        var f = e.FeatureNames.Count;
        var values = new Matrix(n, f);
        var baseSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var k = e.OutputCount switch
            {
                1 => 0,
                2 => 1,
                _ => ArgMax(e.ModelOutput.Row(i)),
            };
            e.Values[k].Row(i).CopyTo(values.Row(i));
            baseSum += e.BaseValues[k];
        }
        var featureValues = e.FeatureValues ?? new Matrix(n, f);
        if (e.FeatureValues is null) Array.Fill(featureValues.Data, double.NaN);
        var target = e.OutputCount switch
        {
            1 => e.OutputNames[0] is "value" or "margin" ? "" : $" of class {e.OutputNames[0]}",
            2 => $" of class {e.OutputNames[1]}",
            _ => " of each row's predicted class",
        };
        var method = $"{e.Method} SHAP ({Explain.OutputSpaces.ToName(e.OutputSpace)}{target}, {n:N0} rows)";
        return new ShapValues(values, featureValues, e.FeatureNames, baseSum / n, method);
    }

    private static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
            if (row[c] > row[best]) best = c;
        return best;
    }
}
