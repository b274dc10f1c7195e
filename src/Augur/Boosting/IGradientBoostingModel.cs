using Augur.Data;
using Augur.Numerics;

namespace Augur.Boosting;

/// <summary>
/// What every fitted LightGBM model offers beyond predictions: its LightGBM model text, the training history, feature
/// importances, raw margins, TreeSHAP contributions and export to a plain LightGBM model file.
/// </summary>
public interface IGradientBoostingModel : IPredictor
{
    /// <summary>The model in LightGBM's own text format (what LightGBM's <c>save_model</c> writes).</summary>
    string LightGbmModelText { get; }

    /// <summary>The number of boosting iterations in the model (trees per class).</summary>
    int Iterations { get; }

    /// <summary>The per-iteration evaluation record of training (empty for imported models).</summary>
    BoostingHistory History { get; }

    /// <summary>
    /// Per-input importance, in <see cref="ModelSignature.InputNames"/> order: the number of splits on the feature, or
    /// the total gain of those splits.
    /// </summary>
    double[] FeatureImportance(FeatureImportanceType type = FeatureImportanceType.Gain);

    /// <summary>Raw margins before the objective's link (log-odds, log-rate, …): rows × outputs (1, or the classes for multiclass).</summary>
    Matrix PredictRaw(Frame x);

    /// <summary>
    /// LightGBM's TreeSHAP feature contributions (Lundberg et al., 2018), in raw-margin space: one matrix per output
    /// (1, or one per class for multiclass), each rows × (features + 1) with the inputs in signature order and the base
    /// value (expected raw margin) last. Each row sums to <see cref="PredictRaw"/>'s value for that row.
    /// </summary>
    IReadOnlyList<Matrix> PredictContributions(Frame x);

    /// <summary>Writes the model as a plain LightGBM model text file, loadable by LightGBM itself (Python, R, CLI).</summary>
    void ExportLightGbmModel(string path);
}
