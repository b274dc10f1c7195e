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
        if (o.Shap is null && final is IGradientBoostingModel trees)
        {
            var sample = SampleRows(x, null, o.MaxExplainRows).X;
            var seen = features(sample);
            if (TreeShap(trees, seen, names) is { } explanation)
            {
                report.AddChart("SHAP", Plots.Charts.ShapSummary(explanation.Values, explanation.FeatureValues, explanation.FeatureNames, options: chart),
                    $"{explanation.Method} on {seen.RowCount:N0} rows: each point is one row; colour shows the feature's value.");
                report.AddChart("SHAP", Plots.Charts.ShapBar(explanation.Values, explanation.FeatureNames, options: chart), "Mean absolute SHAP value per feature.");
            }
        }
    }

    /// <summary>
    /// TreeSHAP values of a LightGBM model (raw-margin space). With several outputs (multiclass), each row's values are
    /// those of its predicted class.
    /// </summary>
    private static ShapValues? TreeShap(IGradientBoostingModel model, Frame x, IReadOnlyList<string> names)
    {
        var contributions = model.PredictContributions(x);
        if (contributions.Count == 0) return null;
        var f = contributions[0].Cols - 1;
        if (f != names.Count) return null;
        var shap = new Matrix(x.RowCount, f);
        double baseSum = 0;
        int[]? chosen = null;
        if (contributions.Count > 1)
        {
            var raw = model.PredictRaw(x);
            chosen = new int[x.RowCount];
            for (var i = 0; i < x.RowCount; i++)
            {
                var best = 0;
                for (var c = 1; c < raw.Cols; c++)
                    if (raw[i, c] > raw[i, best]) best = c;
                chosen[i] = best;
            }
        }
        for (var i = 0; i < x.RowCount; i++)
        {
            var m = contributions[chosen?[i] ?? 0];
            for (var j = 0; j < f; j++) shap[i, j] = m[i, j];
            baseSum += m[i, f];
        }
        var values = new Matrix(x.RowCount, f);
        for (var j = 0; j < f; j++)
        {
            var column = x.Contains(names[j]) ? x[names[j]] : null;
            for (var i = 0; i < x.RowCount; i++)
                values[i, j] = column is { IsNumeric: true } && !column.IsMissing(i) ? column.GetDouble(i) : double.NaN;
        }
        var method = contributions.Count > 1 ? "TreeSHAP (raw margin of each row's predicted class)" : "TreeSHAP (raw margin)";
        return new ShapValues(shap, values, names, baseSum / Math.Max(1, x.RowCount), method);
    }
}
