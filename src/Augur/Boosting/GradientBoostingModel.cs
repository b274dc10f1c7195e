using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Boosting;

/// <summary>
/// A fitted LightGBM model (<see cref="GradientBoostingClassifierModel"/>, <see cref="GradientBoostingRegressorModel"/>,
/// <see cref="GradientBoostingRankerModel"/>): the members they share; immutable and thread-safe.
/// </summary>
public abstract class GradientBoostingModel : IGradientBoostingModel, IFeatureImportances
{
    private protected GradientBoostingModel(string name, BoosterCore core)
    {
        Name = name;
        Core = core;
    }

    /// <summary>The estimator's name, for error messages.</summary>
    private protected string Name { get; }

    /// <summary>The booster, codec and evaluator behind this model (for tests and other Augur code).</summary>
    internal BoosterCore Core { get; }

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public ModelSignature Signature => Core.Codec.Signature;

    /// <inheritdoc />
    public abstract ModelTask Task { get; }

    /// <inheritdoc />
    public string LightGbmModelText => Core.ModelText;

    /// <inheritdoc />
    public int Iterations => Core.Iterations;

    /// <inheritdoc />
    public BoostingHistory History => Core.History;

    /// <inheritdoc />
    public abstract Column Predict(Frame x);

    /// <inheritdoc />
    public Matrix PredictRaw(Frame x) => Core.PredictRaw(x, Name);

    /// <inheritdoc />
    public IReadOnlyList<Matrix> PredictContributions(Frame x) => Core.PredictContributions(x, Name);

    /// <inheritdoc />
    public double[] FeatureImportance(FeatureImportanceType type = FeatureImportanceType.Gain) => Core.FeatureImportance(type);

    /// <summary>
    /// The total gain (loss reduction) of the splits on each input feature, in signature order: what
    /// <see cref="FeatureImportance"/> gives by default. Gain rather than the split count that LightGBM's scikit-learn
    /// wrapper reports by default, because a feature used in many weak splits is not more important than one used in a
    /// few decisive ones; model-based feature selection (<c>SelectFromModel</c>, <c>RFE</c>) reads this.
    /// </summary>
    public IReadOnlyList<double> FeatureImportances => Core.FeatureImportance(FeatureImportanceType.Gain);

    /// <inheritdoc />
    public void ExportLightGbmModel(string path) => Core.Export(path);

    /// <inheritdoc />
    public abstract void Save(ModelWriter writer);
}
