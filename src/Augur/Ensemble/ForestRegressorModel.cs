using Augur.Data;
using Augur.Serialization;
using Augur.Trees;

namespace Augur.Ensemble;

/// <summary>
/// A fitted forest regressor (<see cref="RandomForestRegressorModel"/> or <see cref="ExtraTreesRegressorModel"/>: they
/// differ only in how their trees were grown): immutable and thread-safe.
/// </summary>
public abstract class ForestRegressorModel : IRegressor, IFeatureImportances
{
    private readonly int _threads;
    private readonly string _name;

    private protected ForestRegressorModel(string name, int? nJobs, ForestFit fit)
    {
        _name = name;
        Signature = fit.Signature;
        Core = fit.Core;
        OobScore = fit.OobScore;
        _threads = TreeFitting.Threads(nJobs, name);
    }

    private protected ForestCore Core { get; }

    /// <summary>The trees, in order (node values are weighted means).</summary>
    public IReadOnlyList<TreeStructure> Estimators => Core.Trees;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Regression;

    /// <summary>Mean impurity-based feature importances of the trees, normalized to sum to 1.</summary>
    public IReadOnlyList<double> FeatureImportances => Core.Importances;

    /// <summary>Out-of-bag R² (when fitted with <c>OobScore</c>), else null.</summary>
    public double? OobScore { get; }

    /// <summary>Out-of-bag prediction of each training row (0 for rows no tree left out), or null.</summary>
    public double[]? OobPrediction => Core.OobOutput is null ? null : (double[])Core.OobOutput.Data.Clone();

    /// <summary>Mean of the trees' predictions.</summary>
    public double[] PredictValues(Frame x) => Core.Predictor.PredictMean(Signature.Conform(x, _name), _threads).Data;

    /// <inheritdoc />
    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    /// <summary>The prediction for one row given as feature values in training order (no allocation).</summary>
    public double PredictRow(ReadOnlySpan<double> row) => Core.Predictor.PredictValueRow(row);

    /// <summary>The leaf (node index) each row reaches in each tree: rows × trees.</summary>
    public int[,] Apply(Frame x) => Core.Apply(Signature.Features(x, _name));

    /// <inheritdoc />
    public abstract void Save(ModelWriter writer);
}
